package dev.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.inmemory.InMemoryOrderflow;
import dev.orderflow.inmemory.ScriptedPaymentGateway;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DNS rebinding and cross-origin requests, over real HTTP (a raw socket, to send any {@code Host}): only the
 * loopback names and {@code --allowed-host} names are answered, other names get 421 before anything runs, and
 * no answer carries CORS headers. The tests share a runtime to which nothing is ever posted successfully, so
 * "nothing was written" is exact; the one test whose orders are accepted starts a runtime of its own.
 */
class HostHeaderOverHttpTest {
  private static final String POST_ORDER =
      "mutation { postOrder(input: {name: \"Margherita\", quantity: 1, restaurantId: \"luigis\"}) { id status } }";
  private static final String EXTRA = "orderflow.test";

  private static LocalRuntime runtime;
  private static RawHttp http;
  private static int port;

  @BeforeAll
  static void start() throws IOException {
    runtime = started();
    port = runtime.port();
    http = new RawHttp(port);
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  private static LocalRuntime started() throws IOException {
    InMemoryOrderflow flow = InMemoryOrderflow.builder().live().payments(ScriptedPaymentGateway.approving()).build();
    return LocalRuntime.start(LocalSettings.onPort(0).withAllowedHosts(EXTRA), flow);
  }

  @Test
  void aRebindingNameIsRefusedWith421AndNothingRuns() {
    for (String host : List.of("evil.example:" + port, "evil.example", "localhost.evil.example:" + port,
        "127.0.0.1.nip.io:" + port, "127.0.0.2:" + port)) {
      RawHttp.Response response = http.postGraphQL(host, POST_ORDER);

      assertThat(response.status()).as(host).isEqualTo(421);
      assertThat(response.header("Content-Type")).containsExactly("application/json; charset=utf-8");
      assertThat(response.errorType()).isEqualTo(GraphQLHttpHandler.MISDIRECTED);
      assertThat(response.body()).contains(host, "--allowed-host").doesNotContain("\"data\"");
      assertThat(response.corsHeaders()).isEmpty();
    }
    assertNothingWritten();
  }

  @Test
  void healthIsRefusedForAnotherNameToo() {
    RawHttp.Response refused = http.send("GET", "/health", List.of("Host: evil.example:" + port), List.of(), null);
    RawHttp.Response served = http.send("GET", "/health", List.of("Host: localhost:" + port), List.of(), null);

    assertThat(refused.status()).isEqualTo(421);
    assertThat(refused.body()).doesNotContain("\"status\"");
    assertThat(served.status()).isEqualTo(200);
    assertThat(served.json()).containsEntry("status", "ok");
  }

  @Test
  void anUnknownPathForAnotherNameIs421NotA404() {
    RawHttp.Response response = http.send("GET", "/anything", List.of("Host: evil.example"), List.of(), null);

    assertThat(response.status()).isEqualTo(421);
  }

  @Test
  void theLoopbackNamesAndTheAllowedNameAreServed() throws IOException {
    try (LocalRuntime own = started()) {
      int ownPort = own.port();
      RawHttp ownHttp = new RawHttp(ownPort);
      List<String> hosts = List.of("127.0.0.1:" + ownPort, "localhost:" + ownPort, "[::1]:" + ownPort,
          "LOCALHOST:" + ownPort, "127.0.0.1", "localhost", EXTRA + ":" + ownPort, EXTRA);
      for (String host : hosts) {
        RawHttp.Response response = ownHttp.postGraphQL(host, POST_ORDER);

        assertThat(response.status()).as(host).isEqualTo(200);
        assertThat(response.body()).as(host).contains("\"postOrder\"", "\"PENDING\"");
      }
      assertThat(Eventually.await("a workflow for every accepted order", java.time.Duration.ofSeconds(30),
          () -> java.util.Optional.of(own.flow().workflow().started()).filter(n -> n >= hosts.size())))
          .isEqualTo(hosts.size());
    }
  }

  @Test
  void aRequestWithoutOrWithTwoHostHeadersIs400AndRunsNothing() {
    RawHttp.Response none = http.send("POST", "/graphql", List.of(), List.of("Content-Type: application/json"),
        "{\"query\": \"" + POST_ORDER.replace("\"", "\\\"") + "\"}");
    RawHttp.Response two = http.send("POST", "/graphql",
        List.of("Host: 127.0.0.1:" + port, "Host: evil.example:" + port), List.of("Content-Type: application/json"),
        "{\"query\": \"" + POST_ORDER.replace("\"", "\\\"") + "\"}");

    assertThat(none.status()).isEqualTo(400);
    assertThat(none.errorType()).isEqualTo(GraphQLHttpHandler.MALFORMED);
    assertThat(two.status()).isEqualTo(400);
    assertNothingWritten();
  }

  @Test
  void anAbsoluteFormTargetNamingAnotherHostIsRefused() {
    RawHttp.Response response = http.send("POST", "http://evil.example:" + port + "/graphql",
        List.of("Host: 127.0.0.1:" + port), List.of("Content-Type: application/json"),
        "{\"query\": \"" + POST_ORDER.replace("\"", "\\\"") + "\"}");

    assertThat(response.status()).isEqualTo(421);
    assertNothingWritten();
  }

  @Test
  void aCrossOriginPreflightGetsNoAllowOrigin() {
    for (String origin : List.of("http://evil.example:" + port, "null", "http://localhost:" + port)) {
      RawHttp.Response preflight = http.send("OPTIONS", "/graphql", List.of("Host: 127.0.0.1:" + port),
          List.of("Origin: " + origin, "Access-Control-Request-Method: POST",
              "Access-Control-Request-Headers: content-type, x-orderflow-customer"), null);

      assertThat(preflight.status()).as(origin).isNotEqualTo(200).isNotEqualTo(204);
      assertThat(preflight.corsHeaders()).as(origin).isEmpty();
    }
    assertNothingWritten();
  }

  @Test
  void aCrossOriginRequestGetsNoAllowOrigin() {
    RawHttp.Response post = http.send("POST", "/graphql", List.of("Host: 127.0.0.1:" + port),
        List.of("Origin: http://evil.example", "Content-Type: application/json"),
        "{\"query\": \"{ orders { nextToken } }\"}");
    RawHttp.Response health = http.send("GET", "/health", List.of("Host: 127.0.0.1:" + port),
        List.of("Origin: http://evil.example"), null);

    assertThat(post.status()).isEqualTo(200);
    assertThat(post.corsHeaders()).isEmpty();
    assertThat(health.corsHeaders()).isEmpty();
  }

  @Test
  void aSimpleCrossSiteFormPostIsRefusedBeforeAnythingRuns() {
    // what a page of another origin may send without a preflight: text/plain or a form
    for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x")) {
      RawHttp.Response response = http.send("POST", "/graphql", List.of("Host: 127.0.0.1:" + port),
          List.of("Origin: http://evil.example", "Content-Type: " + type),
          "{\"query\": \"" + POST_ORDER.replace("\"", "\\\"") + "\"}");

      assertThat(response.status()).as(type).isEqualTo(415);
      assertThat(response.corsHeaders()).isEmpty();
    }
    assertNothingWritten();
  }

  @AfterEach
  void nothingWasWritten() {
    assertNothingWritten();
  }

  private static void assertNothingWritten() {
    InMemoryOrderflow flow = runtime.flow();
    assertThat(flow.repository().size()).as("orders stored").isZero();
    assertThat(flow.queue().pending()).as("messages queued").isZero();
    assertThat(flow.workflow().started()).as("workflows started").isZero();
  }
}
