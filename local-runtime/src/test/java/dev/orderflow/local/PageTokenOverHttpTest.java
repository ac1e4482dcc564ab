package dev.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.inmemory.InMemoryOrderflow;
import dev.orderflow.inmemory.ScriptedPaymentGateway;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Page tokens across customers, end to end (ADR 0016): another customer's token is refused, and a token forged
 * by hand — the in-memory token is unsigned — still pages only through the caller's own orders, because the
 * partition comes from the caller, never from the token.
 */
class PageTokenOverHttpTest {
  private static LocalRuntime runtime;
  private static GraphQLClient client;
  private static final List<String> ALICES = new ArrayList<>();
  private static final List<String> BOBS = new ArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    InMemoryOrderflow flow = InMemoryOrderflow.builder().live().payments(ScriptedPaymentGateway.approving()).build();
    runtime = LocalRuntime.start(LocalSettings.onPort(0), flow);
    client = new GraphQLClient(runtime.endpoint());
    for (int i = 0; i < 3; i++) {
      ALICES.add(recorded("token-alice"));
    }
    for (int i = 0; i < 2; i++) {
      BOBS.add(recorded("token-bob"));
    }
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  @Test
  void anotherCustomersTokenIsAValidationErrorAndListsNothing() {
    String alicesToken = nextToken(client.orders("token-alice", 1, null));

    GraphQLClient.Response bob = client.orders("token-bob", 10, alicesToken);

    assertThat(bob.errorType()).isEqualTo("ValidationError");
    assertThat(bob.body().toString()).doesNotContain(ALICES.get(1)).doesNotContain(ALICES.get(2));
    assertThat(ids(client.orders("token-alice", 10, alicesToken))).containsExactly(ALICES.get(1), ALICES.get(2));
  }

  @Test
  void aTokenForgedToNameAnotherCustomerIsRefused() {
    GraphQLClient.Response bob = client.orders("token-bob", 10, forge("token-alice", ALICES.get(0)));

    assertThat(bob.errorType()).isEqualTo("ValidationError");
  }

  @Test
  void aWellFormedForgedTokenOnlyPagesThroughTheCallersOwnOrders() {
    // bob's own token shape, positioned at alice's first order: it moves bob's cursor, never his partition
    String forged = forge("token-bob", ALICES.get(0));

    List<String> listed = ids(client.orders("token-bob", 10, forged));

    assertThat(listed).containsExactlyElementsOf(BOBS).doesNotContainAnyElementsOf(ALICES);
  }

  private static String recorded(String customer) {
    String id = (String) client.postOrder(customer, "Margherita", 1, "luigis").get("id");
    client.awaitFinal(customer, id);
    return id;
  }

  /** The in-memory repository's token format: base64url of {@code "v1:" customer NUL lastId}. */
  private static String forge(String customer, String lastId) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(("v1:" + customer + '\u0000' + lastId).getBytes(StandardCharsets.UTF_8));
  }

  private static String nextToken(GraphQLClient.Response response) {
    Map<String, Object> orders = response.field("orders");
    return (String) orders.get("nextToken");
  }

  @SuppressWarnings("unchecked")
  private static List<String> ids(GraphQLClient.Response response) {
    Map<String, Object> orders = response.field("orders");
    return ((List<Map<String, Object>>) orders.get("items")).stream().map(o -> (String) o.get("id")).toList();
  }
}
