package dev.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.inmemory.InMemoryOrderflow;
import dev.orderflow.inmemory.ScriptedPaymentGateway;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Live updates end to end: orders placed and changed over {@code POST /graphql}, their changes received over the
 * real-time WebSocket by their owner only, in order; {@code publishOrderUpdate} refused to a local caller as
 * AppSync refuses a Cognito caller. Each test works as customers of its own.
 */
class SubscriptionOverWebSocketTest {
  private static final String FIELDS = "id customer change name quantity restaurantId status failureReason createdAt"
      + " updatedAt version";
  private static final String SUBSCRIBE = "subscription Watch($id: ID) { onOrderUpdated(id: $id) { " + FIELDS + " } }";

  private static LocalRuntime runtime;
  private static GraphQLClient graphQL;
  private static HttpClient http;

  @BeforeAll
  static void start() throws IOException {
    InMemoryOrderflow flow = InMemoryOrderflow.builder().live()
        .payments(ScriptedPaymentGateway.approving().declineName("Caviar", "insufficient funds")).build();
    runtime = LocalRuntime.start(LocalSettings.onPort(0), flow);
    graphQL = new GraphQLClient(runtime.endpoint());
    http = HttpClient.newHttpClient();
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  /** A connection of {@code customer} with one subscription {@code id}, acknowledged. */
  private static RealtimeClient subscribed(String customer, String orderId) {
    RealtimeClient client = RealtimeClient.connect(http, runtime.realtimeEndpoint(), RealtimeEndpoint.SUBPROTOCOL,
        RealtimeClient.headerSubprotocol(RealtimeClient.header("127.0.0.1:" + runtime.port(), customer)));
    client.initAndAwaitAck();
    Map<String, Object> variables = new HashMap<>();
    variables.put("id", orderId);
    client.start("sub", SUBSCRIBE, variables, null);
    assertThat(client.next().type()).isEqualTo("start_ack");
    return client;
  }

  private static Map<String, Object> nextUpdate(RealtimeClient client) {
    RealtimeClient.Received data = client.next();
    assertThat(data.type()).as("%s", data.message()).isEqualTo("data");
    return RealtimeClient.field(data, "onOrderUpdated");
  }

  @Test
  void theOwnerReceivesItsOrderGoingFromPendingToItsFinalStatusInOrderAndNoOneElseDoes() {
    try (RealtimeClient alice = subscribed("sub-alice", null); RealtimeClient bob = subscribed("sub-bob", null)) {
      Map<String, Object> posted = graphQL.postOrder("sub-alice", "Margherita", 2, "luigis");
      String id = (String) posted.get("id");

      Map<String, Object> created = nextUpdate(alice);
      Map<String, Object> paying = nextUpdate(alice);
      Map<String, Object> done = nextUpdate(alice);

      assertThat(created).containsEntry("id", id).containsEntry("customer", "sub-alice").containsEntry("change", "CREATED")
          .containsEntry("status", "PENDING").containsEntry("name", "Margherita").containsEntry("quantity", 2)
          .containsEntry("restaurantId", "luigis").containsEntry("version", 1)
          .containsEntry("createdAt", posted.get("createdAt"));
      assertThat(paying).containsEntry("change", "PAYMENT_STARTED").containsEntry("status", "PENDING")
          .containsEntry("version", 2);
      assertThat(done).containsEntry("change", "STATUS_CHANGED").containsEntry("status", "SUCCESS")
          .containsEntry("failureReason", null).containsEntry("version", 3);
      assertThat(done).isEqualTo(withChange(graphQL.awaitFinal("sub-alice", id), "STATUS_CHANGED"));
      assertThat(bob.drain(Duration.ofMillis(300))).as("what bob received").isEmpty();
    }
  }

  @Test
  void aSubscriptionNamingAnotherCustomersOrderReceivesNothing() {
    String id = (String) graphQL.postOrder("sub-carol", "Caviar", 1, "luigis").get("id");
    try (RealtimeClient carol = subscribed("sub-carol", id); RealtimeClient dave = subscribed("sub-dave", id)) {
      graphQL.awaitFinal("sub-carol", id);
      Map<String, Object> renamed = graphQL.updateOrder("sub-carol", Map.of("id", id, "name", "Calzone"))
          .field("updateOrder");

      assertThat(nextUpdate(carol)).containsEntry("change", "DETAILS_CHANGED").containsEntry("name", "Calzone")
          .containsEntry("version", renamed.get("version"));
      assertThat(dave.drain(Duration.ofMillis(300))).as("what dave received").isEmpty();
    }
  }

  @Test
  void anUpdateAndADeletionArriveAndTheIdNarrowsToOneOrder() {
    String failed = (String) graphQL.postOrder("sub-erin", "Caviar", 1, "luigis").get("id");
    graphQL.awaitFinal("sub-erin", failed);
    try (RealtimeClient all = subscribed("sub-erin", null); RealtimeClient one = subscribed("sub-erin", failed)) {
      String other = (String) graphQL.postOrder("sub-erin", "Pizza", 1, "luigis").get("id");
      graphQL.awaitFinal("sub-erin", other);
      graphQL.updateOrder("sub-erin", Map.of("id", failed, "quantity", 4, "expectedVersion", 3)).field("updateOrder");
      graphQL.deleteOrder("sub-erin", failed).field("deleteOrder");

      List<Map<String, Object>> narrowed = List.of(nextUpdate(one), nextUpdate(one));
      assertThat(narrowed.get(0)).containsEntry("id", failed).containsEntry("change", "DETAILS_CHANGED")
          .containsEntry("quantity", 4).containsEntry("status", "FAILED")
          .containsEntry("failureReason", "insufficient funds").containsEntry("version", 4);
      Map<String, Object> deleted = new HashMap<>(narrowed.get(1));
      assertThat(deleted).containsEntry("id", failed).containsEntry("customer", "sub-erin")
          .containsEntry("change", "DELETED");
      deleted.keySet().removeAll(List.of("id", "customer", "change"));
      assertThat(deleted.values()).as("a deletion carries only id, customer and change").containsOnlyNulls();
      assertThat(one.drain(Duration.ofMillis(200))).isEmpty();

      List<String> seen = all.drain(Duration.ofMillis(500)).stream()
          .map(received -> RealtimeClient.field(received, "onOrderUpdated"))
          .map(update -> update.get("id") + " " + update.get("change")).toList();
      assertThat(seen).containsSubsequence(other + " CREATED", other + " PAYMENT_STARTED", other + " STATUS_CHANGED")
          .containsSubsequence(failed + " DETAILS_CHANGED", failed + " DELETED").hasSize(5);
    }
  }

  @Test
  void publishOrderUpdateIsRefusedToALocalCallerAndPublishesNothing() {
    try (RealtimeClient frank = subscribed("sub-frank", null)) {
      GraphQLClient.Response refused = graphQL.graphQL("sub-frank",
          "mutation P($input: OrderUpdateInput!) { publishOrderUpdate(input: $input) { id change } }",
          Map.of("input", Map.of("id", "forged", "customer", "sub-frank", "change", "STATUS_CHANGED",
              "status", "SUCCESS")));

      assertThat(refused.status()).isEqualTo(200);
      assertThat(refused.errorType()).isEqualTo("Unauthorized");
      assertThat(refused.errors().get(0)).containsEntry("message",
          "Not Authorized to access publishOrderUpdate on type Mutation");
      assertThat(refused.data()).containsEntry("publishOrderUpdate", null);
      assertThat(frank.drain(Duration.ofMillis(300))).isEmpty();
    }
  }

  @Test
  void aSubscriptionOverHttpIsRefused() {
    GraphQLClient.Response response = graphQL.graphQL("sub-gina", "subscription { onOrderUpdated { id } }", null);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.errorType()).isEqualTo(OrderUpdatesFetcher.UNSUPPORTED);
    assertThat(response.errors().get(0).get("message").toString()).contains(RealtimeEndpoint.PATH);
  }

  @Test
  void aSubscriptionEndsWithItsConnection() {
    RealtimeClient henry = subscribed("sub-henry", null);
    assertThat(runtime.changes().subscriptions()).isPositive();

    henry.close();

    Eventually.await("the subscription is gone", Duration.ofSeconds(10), () -> java.util.Optional.of(runtime)
        .filter(r -> r.changes().subscriptions() == 0));
  }

  private static Map<String, Object> withChange(Map<String, Object> order, String change) {
    Map<String, Object> update = new HashMap<>(order);
    update.put("change", change);
    return update;
  }
}
