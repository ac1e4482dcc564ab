package dev.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.inmemory.InMemoryOrderflow;
import dev.orderflow.inmemory.ScriptedPaymentGateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The subscription through the real AppSync client: the unmodified Amplify JS v6 GraphQL client
 * ({@code src/test/node/amplify-subscribe.mjs}, {@code generateClient().graphql({query}).subscribe()}) connects to
 * the runtime's TLS endpoint as it would to AppSync (a custom domain: {@code wss://host/graphql/realtime}), trusting
 * the runtime's generated certificate through NODE_EXTRA_CA_CERTS. Orders are placed over plain HTTP.
 */
class AmplifySubscriptionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final Duration READY = Duration.ofSeconds(30);
  private static final Duration EVENTS = Duration.ofSeconds(30);
  /** How long a subscriber that must receive nothing is watched after the last change it could have leaked. */
  private static final Duration QUIET = Duration.ofSeconds(1);

  private static LocalRuntime runtime;
  private static GraphQLClient client;

  @BeforeAll
  static void start() throws IOException {
    LocalSettings settings = LocalSettings.parse(new String[] {"--port", "0", "--https-port", "0"}, Map.of());
    InMemoryOrderflow flow = InMemoryOrderflow.builder().live().consumerThreads(1).workflowThreads(2)
        .payments(ScriptedPaymentGateway.approving().declineName("Caviar", "insufficient funds"))
        .build();
    runtime = LocalRuntime.start(settings, flow);
    client = new GraphQLClient(runtime.endpoint());
  }

  @AfterAll
  static void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  private static NodeScript subscribe(String customer, String... orderId) {
    List<String> args = new ArrayList<>(List.of(runtime.httpsEndpoint().toString(), customer));
    args.addAll(List.of(orderId));
    return NodeScript.start("amplify-subscribe.mjs", NodeScript.webSocketFlags(),
        Map.of("NODE_EXTRA_CA_CERTS", runtime.certificateFile().toString()), args.toArray(String[]::new));
  }

  private static Map<String, Object> event(String line) {
    try {
      return JSON.readValue(line, MAP);
    } catch (IOException e) {
      throw new UncheckedIOException(line, e);
    }
  }

  private static List<Map<String, Object>> events(NodeScript script) {
    return script.lines().stream().filter(line -> line.startsWith("{")).map(AmplifySubscriptionTest::event).toList();
  }

  @Test
  void amplifyReceivesTheCallersOrderChangesInVersionOrderAndAnotherCustomerReceivesNone() {
    String alice = "amplify-alice";
    String bob = "amplify-bob";
    NodeScript aliceAll = null;
    NodeScript bobAll = null;
    NodeScript bobNamingAlicesOrder = null;
    try {
      aliceAll = subscribe(alice);
      bobAll = subscribe(bob);
      aliceAll.awaitLine("READY", "READY"::equals, READY);
      bobAll.awaitLine("READY", "READY"::equals, READY);

      String id = (String) client.postOrder(alice, "Margherita", 2, "luigis").get("id");

      NodeScript a = aliceAll;
      a.awaitLine("the final status of " + id, line -> line.startsWith("{")
          && Set.of("SUCCESS", "FAILED").contains(event(line).get("status")), EVENTS);
      List<Map<String, Object>> received = events(a);
      assertThat(received).as("events of %s%n%s", alice, a.diagnostics()).isNotEmpty()
          .allSatisfy(e -> assertThat(e).containsEntry("id", id).containsEntry("customer", alice)
              .containsEntry("name", "Margherita").containsEntry("quantity", 2).containsEntry("restaurantId", "luigis"));
      List<Integer> versions = received.stream().map(e -> (Integer) e.get("version")).toList();
      assertThat(versions).as("versions of %s", received).isSorted();
      assertThat(received.get(0)).containsEntry("change", "CREATED").containsEntry("status", "PENDING")
          .containsEntry("version", 1);
      assertThat(received.stream().map(e -> (String) e.get("change")).distinct().toList())
          .containsExactly("CREATED", "PAYMENT_STARTED", "STATUS_CHANGED");
      Map<String, Object> last = received.get(received.size() - 1);
      assertThat(last).containsEntry("change", "STATUS_CHANGED").containsEntry("status", "SUCCESS")
          .containsEntry("failureReason", null).containsEntry("version", 3);
      assertThat((String) last.get("updatedAt")).isNotBlank();

      // bob, naming alice's order, is acknowledged like any subscriber, then alice deletes the order: alice receives the
      // deletion, bob receives nothing of alice's, neither through his own subscription nor through the one naming it
      bobNamingAlicesOrder = subscribe(bob, id);
      bobNamingAlicesOrder.awaitLine("READY", "READY"::equals, READY);
      assertThat(client.deleteOrder(alice, id).<Map<String, Object>>field("deleteOrder")).containsEntry("id", id);
      a.awaitLine("the deletion of " + id, line -> line.startsWith("{") && "DELETED".equals(event(line).get("change")),
          EVENTS);
      assertThat(events(a).get(events(a).size() - 1)).containsEntry("id", id).containsEntry("customer", alice)
          .containsEntry("change", "DELETED");

      // nothing reaches bob while alice's deletion is delivered and for QUIET after it (checked throughout)
      List<NodeScript> bobs = List.of(bobAll, bobNamingAlicesOrder);
      await().during(QUIET).atMost(QUIET.plusSeconds(5)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
        for (NodeScript b : bobs) {
          assertThat(b.lines()).as("what %s received%n%s", bob, b.diagnostics()).containsExactly("READY");
        }
      });
    } finally {
      for (NodeScript script : new NodeScript[] {aliceAll, bobAll, bobNamingAlicesOrder}) {
        if (script != null) {
          script.close();
        }
      }
    }
  }

  @Test
  void aDeclinedOrderReachesAmplifyAsFailedWithTheReason() {
    String carol = "amplify-carol";
    try (NodeScript carolAll = subscribe(carol)) {
      carolAll.awaitLine("READY", "READY"::equals, READY);

      String id = (String) client.postOrder(carol, "Caviar", 1, "luigis").get("id");

      String finalLine = carolAll.awaitLine("the final status of " + id,
          line -> line.startsWith("{") && "STATUS_CHANGED".equals(event(line).get("change")), EVENTS);
      assertThat(event(finalLine)).containsEntry("id", id).containsEntry("status", "FAILED")
          .containsEntry("failureReason", "insufficient funds");
      assertThat(events(carolAll).stream().map(e -> (Integer) e.get("version")).toList()).isSorted();
    }
  }
}
