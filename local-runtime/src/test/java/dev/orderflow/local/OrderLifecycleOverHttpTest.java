package dev.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.inmemory.InMemoryOrderflow;
import dev.orderflow.inmemory.ScriptedPaymentGateway;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API end to end over HTTP against a running local runtime: the real resolver handler on the live
 * in-memory pipeline. Each test works as customers of its own, so the tests share one runtime.
 */
class OrderLifecycleOverHttpTest {
  private static LocalRuntime runtime;
  private static GraphQLClient client;

  @BeforeAll
  static void start() throws IOException {
    InMemoryOrderflow flow = InMemoryOrderflow.builder().live().consumerThreads(1).workflowThreads(2)
        .payments(ScriptedPaymentGateway.approving().declineName("Caviar", "insufficient funds"))
        .build();
    runtime = LocalRuntime.start(LocalSettings.onPort(0), flow);
    client = new GraphQLClient(runtime.endpoint());
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  @Test
  void aPostedOrderIsPendingAtOnceAndThenSucceedsAndIsNotifiedOnce() {
    Map<String, Object> posted = client.postOrder("alice", "Margherita", 2, "luigis");
    assertThat(posted).containsEntry("status", "PENDING").containsEntry("customer", "alice")
        .containsEntry("name", "Margherita").containsEntry("quantity", 2).containsEntry("restaurantId", "luigis")
        .containsEntry("version", 1);

    Map<String, Object> done = client.awaitFinal("alice", (String) posted.get("id"));

    assertThat(done).containsEntry("status", "SUCCESS").containsEntry("failureReason", null)
        .containsEntry("version", 3).containsEntry("createdAt", posted.get("createdAt"));
    assertThat((String) done.get("updatedAt")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    assertThat(runtime.flow().notifier().publishedFor(OrderId.of((String) posted.get("id")))).hasSize(1);
  }

  @Test
  void aDeclinedPaymentFailsTheOrderWithTheReason() {
    Map<String, Object> posted = client.postOrder("bob", "Caviar", 1, "luigis");

    Map<String, Object> done = client.awaitFinal("bob", (String) posted.get("id"));

    assertThat(done).containsEntry("status", "FAILED").containsEntry("failureReason", "insufficient funds");
  }

  @Test
  void withoutTheCustomerHeaderTheCallerIsTheDemoCustomer() {
    Map<String, Object> posted = client.postOrder(null, "Marinara", 1, "luigis");

    assertThat(posted).containsEntry("customer", LocalSettings.DEFAULT_CUSTOMER);
    assertThat(client.awaitFinal(null, (String) posted.get("id"))).containsEntry("status", "SUCCESS");
    assertThat(runtime.flow().repository().find(CustomerId.of(LocalSettings.DEFAULT_CUSTOMER),
        OrderId.of((String) posted.get("id")))).isPresent();
  }

  @Test
  void listsPageByLimitAndNextTokenInIdOrder() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add((String) client.postOrder("carol", "Pizza " + i, i + 1, "luigis").get("id"));
    }
    ids.forEach(id -> client.awaitFinal("carol", id));

    List<String> listed = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    String nextToken = null;
    do {
      Map<String, Object> page = client.orders("carol", 2, nextToken).field("orders");
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
      items.forEach(item -> listed.add((String) item.get("id")));
      pageSizes.add(items.size());
      nextToken = (String) page.get("nextToken");
    } while (nextToken != null && pageSizes.size() < 10);

    assertThat(pageSizes).containsExactly(2, 2, 1);
    assertThat(listed).containsExactlyElementsOf(ids.stream().sorted().toList());
  }

  @Test
  void anUpdateWithAStaleExpectedVersionIsAConflictAndChangesNothing() {
    String id = (String) client.postOrder("dave", "Caviar", 1, "luigis").get("id");
    Map<String, Object> failed = client.awaitFinal("dave", id);
    assertThat(failed).containsEntry("status", "FAILED").containsEntry("version", 3);

    GraphQLClient.Response stale = client.updateOrder("dave", Map.of("id", id, "quantity", 3, "expectedVersion", 2));

    assertThat(stale.status()).isEqualTo(200);
    assertThat(stale.errorType()).isEqualTo("ConflictError");
    assertThat(stale.errors().get(0)).containsEntry("path", List.of("updateOrder"));
    assertThat(client.order("dave", id).<Map<String, Object>>field("order"))
        .containsEntry("quantity", 1).containsEntry("version", 3);

    Map<String, Object> updated = client.updateOrder("dave", Map.of("id", id, "quantity", 3, "expectedVersion", 3))
        .field("updateOrder");
    assertThat(updated).containsEntry("quantity", 3).containsEntry("version", 4).containsEntry("name", "Caviar");
  }

  @Test
  void aSucceededOrderCannotBeUpdated() {
    String id = (String) client.postOrder("erin", "Pizza", 1, "luigis").get("id");
    client.awaitFinal("erin", id);

    GraphQLClient.Response refused = client.updateOrder("erin", Map.of("id", id, "name", "Calzone"));

    assertThat(refused.errorType()).isEqualTo("InvalidStateError");
  }

  @Test
  void deleteReturnsTheOrderOnceAndThenNull() {
    String id = (String) client.postOrder("frank", "Pizza", 1, "luigis").get("id");
    client.awaitFinal("frank", id);

    Map<String, Object> deleted = client.deleteOrder("frank", id).field("deleteOrder");
    Object again = client.deleteOrder("frank", id).field("deleteOrder");

    assertThat(deleted).containsEntry("id", id).containsEntry("status", "SUCCESS");
    assertThat(again).isNull();
    assertThat(client.order("frank", id).errorType()).isEqualTo("NotFound");
    assertThat(client.orders("frank", null, null).<Map<String, Object>>field("orders").get("items")).asList().isEmpty();
  }

  @Test
  void aDeletedOrdersClientTokenIsRefusedWithOrderDeleted() {
    String post = "mutation Post($input: PostOrderInput!) { postOrder(input: $input) { id status } }";
    Map<String, Object> input = Map.of("name", "Pizza", "quantity", 1, "restaurantId", "luigis", "clientToken", "ivan-1");
    String id = (String) client.graphQL("ivan", post, Map.of("input", input)).<Map<String, Object>>field("postOrder").get("id");
    client.awaitFinal("ivan", id);
    client.deleteOrder("ivan", id);

    GraphQLClient.Response again = client.graphQL("ivan", post, Map.of("input", input));

    assertThat(again.errorType()).isEqualTo("OrderDeleted");
    assertThat(again.errors().get(0).get("message").toString()).contains("clientToken");
    assertThat(client.order("ivan", id).errorType()).isEqualTo("NotFound");
  }

  @Test
  void anotherCustomerCanNeitherSeeNorChangeNorDeleteAnOrder() {
    String id = (String) client.postOrder("grace", "Pizza", 1, "luigis").get("id");
    client.awaitFinal("grace", id);
    String own = (String) client.postOrder("heidi", "Pizza", 1, "luigis").get("id");
    client.awaitFinal("heidi", own);

    GraphQLClient.Response get = client.order("heidi", id);
    GraphQLClient.Response update = client.updateOrder("heidi", Map.of("id", id, "name", "Stolen"));
    Object delete = client.deleteOrder("heidi", id).field("deleteOrder");
    Map<String, Object> list = client.orders("heidi", null, null).field("orders");

    assertThat(get.errorType()).isEqualTo("NotFound");
    assertThat(get.data()).containsEntry("order", null);
    assertThat(update.errorType()).isEqualTo("NotFound");
    assertThat(delete).isNull();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> items = (List<Map<String, Object>>) list.get("items");
    assertThat(items).extracting(item -> item.get("id")).containsExactly(own);
    assertThat(client.order("grace", id).<Map<String, Object>>field("order"))
        .containsEntry("name", "Pizza").containsEntry("version", 3);
  }

  @Test
  void eachStatusChangeAndTheNotificationOfAnOrderAreLoggedOnOneInfoLineEach() {
    try (OrderLogLines log = OrderLogLines.capture(); OrderLogLines notifications = OrderLogLines.capture("notifications")) {
      String id = (String) client.postOrder("ivan", "Caviar", 1, "luigis").get("id");
      client.awaitFinal("ivan", id);
      // the log line is written on the workflow's thread, just after the status is stored
      List<String> lines = Eventually.await("both log lines", Duration.ofSeconds(10),
          () -> Optional.of(log.about(id)).filter(about -> about.size() >= 2));

      assertThat(lines).satisfiesExactly(
          pending -> assertThat(pending).contains("INFO orders - order " + id + " PENDING customer=ivan name=\"Caviar\"")
              .containsOnlyOnce(System.lineSeparator()),
          failed -> assertThat(failed).contains("order " + id + " FAILED customer=ivan reason=\"insufficient funds\"")
              .containsOnlyOnce(System.lineSeparator()));
      // what the customer would receive through SNS, published once
      String notification = Eventually.await("the notification line", Duration.ofSeconds(10),
          () -> notifications.about(id).stream().findFirst());
      assertThat(notification).contains("INFO notifications - to customer=ivan status=FAILED {\"orderId\":\"" + id + "\"")
          .contains("\"failureReason\":\"insufficient funds\"").containsOnlyOnce(System.lineSeparator());
      assertThat(notifications.about(id)).hasSize(1);
    }
  }

  @Test
  void aCustomerHeaderThatIsNoUsableIdentityIsUnauthorized() {
    Map<String, Object> variables = new HashMap<>();
    variables.put("input", Map.of("name", "Pizza", "quantity", 1, "restaurantId", "luigis"));

    GraphQLClient.Response response = client.graphQL("x".repeat(CustomerId.MAX_LENGTH + 1),
        "mutation Post($input: PostOrderInput!) { postOrder(input: $input) { id } }", variables);

    assertThat(response.errorType()).isEqualTo("Unauthorized");
  }
}
