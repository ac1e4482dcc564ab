package dev.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.inmemory.InMemoryOrderflow;
import dev.orderflow.inmemory.ScriptedPaymentGateway;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AppSync's real-time protocol on {@code /graphql/realtime}, message by message, with the JDK's WebSocket client:
 * the upgrade (subprotocol, both forms of authorization, Host and Origin checks), {@code connection_init} →
 * {@code connection_ack} and {@code ka}, {@code start} → {@code start_ack} / {@code data} / {@code error},
 * {@code stop} → {@code complete}. Keep-alives every 200 ms and a 500 ms {@code connection_init} timeout, so that
 * both show quickly.
 */
class RealtimeProtocolTest {
  static final String SUBSCRIBE = "subscription Watch($id: ID) { onOrderUpdated(id: $id) { id change status version } }";

  private static LocalRuntime runtime;
  private static GraphQLClient graphQL;
  private static HttpClient http;
  private static URI realtime;
  private static String host;

  @BeforeAll
  static void start() throws IOException {
    InMemoryOrderflow flow = InMemoryOrderflow.builder().live().payments(ScriptedPaymentGateway.approving()).build();
    runtime = LocalRuntime.start(LocalSettings.onPort(0)
        .withRealtimeTimings(Duration.ofMillis(200), Duration.ofMillis(500)), flow);
    graphQL = new GraphQLClient(runtime.endpoint());
    http = HttpClient.newHttpClient();
    realtime = runtime.realtimeEndpoint();
    host = "127.0.0.1:" + runtime.port();
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  private static RealtimeClient connect(String customer) {
    return RealtimeClient.connect(http, realtime, RealtimeEndpoint.SUBPROTOCOL,
        RealtimeClient.headerSubprotocol(RealtimeClient.header(host, customer)));
  }

  @Test
  void connectionInitIsAcknowledgedWithTheConnectionTimeoutAndKeepAlivesFollow() {
    try (RealtimeClient client = connect("proto-ack")) {
      assertThat(client.subprotocol()).isEqualTo("graphql-ws");

      Map<String, Object> ack = client.initAndAwaitAck();

      assertThat(ack).containsEntry("payload", Map.of("connectionTimeoutMs", 300_000));
      long first = client.await(m -> "ka".equals(m.type())).nanos();
      long second = client.await(m -> "ka".equals(m.type())).nanos();
      long third = client.await(m -> "ka".equals(m.type())).nanos();
      assertThat(Duration.ofNanos(third - first)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
      assertThat(second).isGreaterThan(first);
    }
  }

  @Test
  void aSubscriptionIsAcknowledgedReceivesItsSelectionAndStopsWithComplete() {
    try (RealtimeClient client = connect("proto-data")) {
      client.initAndAwaitAck();
      client.start("s1", SUBSCRIBE, Map.of(), null);
      assertThat(client.next().message()).isEqualTo(Map.of("id", "s1", "type", "start_ack"));

      String id = (String) graphQL.postOrder("proto-data", "Margherita", 1, "luigis").get("id");

      RealtimeClient.Received created = client.next();
      assertThat(created.message()).containsEntry("id", "s1").containsEntry("type", "data");
      assertThat(RealtimeClient.field(created, "onOrderUpdated")).containsExactlyInAnyOrderEntriesOf(
          Map.of("id", id, "change", "CREATED", "status", "PENDING", "version", 1));
      client.await(m -> "data".equals(m.type())
          && "STATUS_CHANGED".equals(RealtimeClient.field(m, "onOrderUpdated").get("change")));

      client.stop("s1");
      assertThat(client.next().message()).isEqualTo(Map.of("id", "s1", "type", "complete"));
      graphQL.postOrder("proto-data", "Marinara", 1, "luigis");
      assertThat(client.drain(Duration.ofMillis(500))).as("after stop").isEmpty();
    }
  }

  @Test
  void theQueryParameterFormOfAuthorizationNamesTheCaller() {
    URI uri = RealtimeClient.withQueryAuthorization(realtime, RealtimeClient.header(host, "proto-query"));
    try (RealtimeClient client = RealtimeClient.connect(http, uri, RealtimeEndpoint.SUBPROTOCOL)) {
      client.initAndAwaitAck();
      client.start("q", SUBSCRIBE, Map.of(), null);
      assertThat(client.next().type()).isEqualTo("start_ack");

      String other = (String) graphQL.postOrder("proto-someone-else", "Pizza", 1, "luigis").get("id");
      String own = (String) graphQL.postOrder("proto-query", "Pizza", 1, "luigis").get("id");

      RealtimeClient.Received first = client.next();
      assertThat(RealtimeClient.field(first, "onOrderUpdated")).containsEntry("id", own);
      assertThat(other).isNotEqualTo(own);
    }
  }

  @Test
  void theStartsOwnAuthorizationWinsOverTheConnections() {
    try (RealtimeClient client = connect("proto-connection")) {
      client.initAndAwaitAck();
      client.start("own", SUBSCRIBE, Map.of(), RealtimeClient.header(host, "proto-start"));
      assertThat(client.next().type()).isEqualTo("start_ack");

      graphQL.postOrder("proto-connection", "Pizza", 1, "luigis");
      String own = (String) graphQL.postOrder("proto-start", "Pizza", 1, "luigis").get("id");

      assertThat(RealtimeClient.field(client.next(), "onOrderUpdated")).containsEntry("id", own);
    }
  }

  @Test
  void aStartThatCannotRunIsAnErrorWithItsId() {
    try (RealtimeClient client = connect("proto-errors")) {
      client.initAndAwaitAck();

      client.send(Map.of("id", "bad-json", "type", "start", "payload", Map.of("data", "{not json")));
      assertError(client.next(), "bad-json", GraphQLHttpHandler.MALFORMED);

      client.start("query", "{ orders { nextToken } }", Map.of(), null);
      assertError(client.next(), "query", "UnsupportedOperation");

      client.start("mutation", "mutation { deleteOrder(id: \"x\") { id } }", Map.of(), null);
      assertError(client.next(), "mutation", "UnsupportedOperation");

      client.start("unknown-field", "subscription { onOrderUpdated { id colour } }", Map.of(), null);
      RealtimeClient.Received unknown = client.next();
      assertError(unknown, "unknown-field", "ValidationError");
      assertThat(RealtimeClient.errors(unknown).get(0).get("message").toString()).contains("colour");

      client.start("syntax", "subscription { onOrderUpdated(", Map.of(), null);
      assertError(client.next(), "syntax", "InvalidSyntax");

      client.start("twice", SUBSCRIBE, Map.of(), null);
      assertThat(client.next().type()).isEqualTo("start_ack");
      client.start("twice", SUBSCRIBE, Map.of(), null);
      assertError(client.next(), "twice", "DuplicatedOperationError");

      client.start("misdirected", SUBSCRIBE, Map.of(), RealtimeClient.header("evil.example", "proto-errors"));
      assertError(client.next(), "misdirected", GraphQLHttpHandler.MISDIRECTED);

      client.send(Map.of("type", "subscribe", "id", "x"));
      assertError(client.next(), "x", "UnsupportedOperation");
    }
  }

  @Test
  void aStartBeforeConnectionInitIsAnError() {
    try (RealtimeClient client = connect("proto-early")) {
      client.start("early", SUBSCRIBE, Map.of(), null);

      assertError(client.next(), "early", "UnsupportedOperation");
    }
  }

  @Test
  void withoutConnectionInitTheConnectionIsClosed() {
    try (RealtimeClient client = connect("proto-silent")) {
      assertThat(client.awaitClose()).isEqualTo(RealtimeConnection.INIT_TIMEOUT_STATUS);
    }
  }

  @Test
  void anUpgradeWithoutTheGraphqlWsSubprotocolIsRefused() {
    assertThat(RealtimeClient.refusedUpgrade(http, realtime)).isEqualTo(400);
    assertThat(RealtimeClient.refusedUpgrade(http, realtime, "graphql-transport-ws")).isEqualTo(400);
  }

  @Test
  void anAuthorizationHeaderNamingAnotherHostIsRefused() {
    assertThat(RealtimeClient.refusedUpgrade(http, realtime, RealtimeEndpoint.SUBPROTOCOL,
        RealtimeClient.headerSubprotocol(RealtimeClient.header("evil.example:" + runtime.port(), "x")))).isEqualTo(421);
    assertThat(RealtimeClient.refusedUpgrade(http,
        RealtimeClient.withQueryAuthorization(realtime, RealtimeClient.header("evil.example", "x")),
        RealtimeEndpoint.SUBPROTOCOL)).isEqualTo(421);
  }

  @Test
  void anAuthorizationHeaderThatIsNoBase64JsonIsRefused() {
    assertThat(RealtimeClient.refusedUpgrade(http, realtime, RealtimeEndpoint.SUBPROTOCOL, "header-bm90IGpzb24"))
        .isEqualTo(400);
  }

  @Test
  void anUpgradeForAnotherHostOrFromAnotherOriginIsRefused() {
    RawHttp raw = new RawHttp(runtime.port());
    // a plain socket cannot ask for an upgrade with Connection: close; the Host check comes first anyway
    List<String> upgrade = List.of("Sec-WebSocket-Version: 13",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Protocol: graphql-ws");

    RawHttp.Response otherHost = raw.send("GET", RealtimeEndpoint.PATH, List.of("Host: evil.example:" + runtime.port()),
        upgrade, null);
    RawHttp.Response notAnUpgrade = raw.send("GET", RealtimeEndpoint.PATH, List.of("Host: " + host), List.of(), null);
    int otherOrigin = RealtimeClient.refusedUpgrade(RealtimeClient.builder(http,
        Map.of("Origin", "http://evil.example:" + runtime.port()), RealtimeEndpoint.SUBPROTOCOL), realtime);

    assertThat(otherHost.status()).as(otherHost.body()).isEqualTo(421);
    assertThat(otherHost.errorType()).isEqualTo(GraphQLHttpHandler.MISDIRECTED);
    assertThat(notAnUpgrade.status()).isEqualTo(426);
    assertThat(otherOrigin).isEqualTo(403);
  }

  @Test
  void aPageOfThisRuntimeMayConnect() {
    try (RealtimeClient client = RealtimeClient.connect(RealtimeClient.builder(http,
        Map.of("Origin", "http://localhost:" + runtime.port()), RealtimeEndpoint.SUBPROTOCOL), realtime)) {
      assertThat(client.initAndAwaitAck()).containsEntry("type", "connection_ack");
    }
  }

  static void assertError(RealtimeClient.Received message, String id, String errorType) {
    assertThat(message.message()).as("%s", message.message()).containsEntry("type", "error").containsEntry("id", id);
    assertThat(RealtimeClient.errors(message)).as("%s", message.message()).isNotEmpty()
        .allSatisfy(error -> assertThat(error).containsKey("message"))
        .extracting(error -> error.get("errorType")).contains(errorType);
  }
}
