package dev.orderflow.aws.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The SDK calls as X-Ray subsegments: a DynamoDB client with the interceptor against a JDK HTTP server answering canned
 * responses, and a UDP socket standing in for the daemon.
 */
class XRaySubsegmentsTest {
  private static final String ROOT = "1-5bef4de7-ad49b0e87f6ef6c87fc2e700";
  private static final String PARENT = "9a9197af755a6419";
  private static final String SAMPLED = "Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=1";

  private record Canned(int status, String body) {
  }

  private final Deque<Canned> answers = new ArrayDeque<>();
  private final AtomicReference<String> header = new AtomicReference<>(SAMPLED);
  private final AtomicReference<String> daemonAddress = new AtomicReference<>();
  private HttpServer server;
  private UdpDaemon daemon;

  @BeforeEach
  void start() throws IOException {
    daemon = new UdpDaemon();
    daemonAddress.set(daemon.address());
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      Canned answer;
      synchronized (answers) {
        answer = answers.size() > 1 ? answers.poll() : answers.peek();
      }
      byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
      exchange.getResponseHeaders().set("x-amzn-RequestId", "REQ-" + answer.status());
      exchange.sendResponseHeaders(answer.status(), body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    daemon.close();
  }

  private void answer(int status, String body) {
    answers.add(new Canned(status, body));
  }

  private DynamoDbClient client(boolean retries) {
    return DynamoDbClient.builder()
        .region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
        .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> {
          o.addExecutionInterceptor(new XRaySubsegments(daemonAddress::get, header::get));
          if (!retries) {
            o.retryStrategy(AwsRetryStrategy.doNotRetry());
          }
        })
        .build();
  }

  private static void putItem(DynamoDbClient client) {
    client.putItem(r -> r.tableName("orders").item(Map.of("pk", AttributeValue.fromS("order-1"))));
  }

  private Map<String, Object> onlySubsegment() {
    List<String> datagrams = daemon.received(500);
    assertThat(datagrams).hasSize(1);
    return UdpDaemon.document(datagrams.get(0));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> aws(Map<String, Object> document) {
    return (Map<String, Object>) document.get("aws");
  }

  @SuppressWarnings("unchecked")
  private static Object status(Map<String, Object> document) {
    return ((Map<String, Object>) ((Map<String, Object>) document.get("http")).get("response")).get("status");
  }

  @Test
  void aSampledCallIsOneSubsegmentOfTheInvocationsTrace() {
    answer(200, "{}");
    try (DynamoDbClient client = client(false)) {
      putItem(client);
    }

    Map<String, Object> document = onlySubsegment();
    assertThat(document).containsEntry("type", "subsegment").containsEntry("trace_id", ROOT)
        .containsEntry("parent_id", PARENT).containsEntry("name", "DynamoDB").containsEntry("namespace", "aws")
        .doesNotContainKeys("error", "fault", "throttle", "in_progress");
    assertThat((String) document.get("id")).matches("[0-9a-f]{16}").isNotEqualTo("0000000000000000");
    BigDecimal start = (BigDecimal) document.get("start_time");
    BigDecimal end = (BigDecimal) document.get("end_time");
    assertThat(start).isLessThanOrEqualTo(end);
    assertThat(start.doubleValue()).isCloseTo(System.currentTimeMillis() / 1000.0, org.assertj.core.data.Offset.offset(60.0));
    assertThat(aws(document)).containsEntry("operation", "PutItem").containsEntry("region", "eu-west-1")
        .containsEntry("request_id", "REQ-200").containsEntry("table_name", "orders").doesNotContainKey("retries");
    assertThat(status(document)).isEqualTo(200L);
  }

  @Test
  void aStepFunctionsCallNamesItsStateMachine() {
    answer(200, "{\"executionArn\":\"arn:aws:states:eu-west-1:000000000000:execution:orders:o-1\",\"startDate\":1.0}");
    try (SfnClient client = SfnClient.builder()
        .region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
        .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.addExecutionInterceptor(new XRaySubsegments(daemonAddress::get, header::get)))
        .build()) {
      client.startExecution(r -> r.stateMachineArn("arn:aws:states:eu-west-1:000000000000:stateMachine:orders")
          .name("o-1").input("{}"));
    }

    Map<String, Object> document = onlySubsegment();
    assertThat(document).containsEntry("name", "SFN");
    assertThat(aws(document)).containsEntry("operation", "StartExecution")
        .containsEntry("state_machine_arn", "arn:aws:states:eu-west-1:000000000000:stateMachine:orders");
  }

  @Test
  void aClientErrorIsAnError() {
    answer(400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\","
        + "\"message\":\"The conditional request failed\"}");
    try (DynamoDbClient client = client(false)) {
      assertThatThrownBy(() -> putItem(client)).isInstanceOf(DynamoDbException.class);
    }

    Map<String, Object> document = onlySubsegment();
    assertThat(document).containsEntry("error", true).doesNotContainKeys("fault", "throttle");
    assertThat(status(document)).isEqualTo(400L);
    assertThat(aws(document)).containsEntry("operation", "PutItem").containsEntry("request_id", "REQ-400");
  }

  @Test
  void tooManyRequestsIsAThrottle() {
    answer(429, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ThrottlingException\",\"message\":\"slow down\"}");
    try (DynamoDbClient client = client(false)) {
      assertThatThrownBy(() -> putItem(client)).isInstanceOf(DynamoDbException.class);
    }

    Map<String, Object> document = onlySubsegment();
    assertThat(document).containsEntry("error", true).containsEntry("throttle", true).doesNotContainKey("fault");
    assertThat(status(document)).isEqualTo(429L);
  }

  @Test
  void aServerErrorIsAFault() {
    answer(500, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"oops\"}");
    try (DynamoDbClient client = client(false)) {
      assertThatThrownBy(() -> putItem(client)).isInstanceOf(DynamoDbException.class);
    }

    assertThat(onlySubsegment()).containsEntry("fault", true).doesNotContainKeys("error", "throttle");
  }

  @Test
  void aRetriedCallIsOneSubsegmentCountingItsRetries() {
    answer(500, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"oops\"}");
    answer(200, "{}");
    try (DynamoDbClient client = client(true)) {
      putItem(client);
    }

    Map<String, Object> document = onlySubsegment();
    assertThat(document).doesNotContainKeys("error", "fault", "throttle");
    assertThat(aws(document)).containsEntry("retries", 1L);
    assertThat(status(document)).isEqualTo(200L);
  }

  @Test
  void eachCallIsItsOwnSubsegment() {
    answer(200, "{}");
    try (DynamoDbClient client = client(false)) {
      putItem(client);
      putItem(client);
    }

    List<String> datagrams = daemon.received(500);
    assertThat(datagrams).hasSize(2);
    assertThat(UdpDaemon.document(datagrams.get(0)).get("id")).isNotEqualTo(UdpDaemon.document(datagrams.get(1)).get("id"));
  }

  @Test
  void nothingIsSentWhenTheTraceIsNotSampled() {
    answer(200, "{}");
    header.set("Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=0");
    try (DynamoDbClient client = client(false)) {
      putItem(client);
    }
    assertThat(daemon.received(300)).isEmpty();
  }

  @Test
  void nothingIsSentWithoutATraceHeaderOrADaemonAddress() {
    answer(200, "{}");
    try (DynamoDbClient client = client(false)) {
      header.set(null);
      putItem(client);
      header.set(SAMPLED);
      daemonAddress.set(null);
      putItem(client);
      daemonAddress.set("not an address");
      putItem(client);
    }
    assertThat(daemon.received(300)).isEmpty();
  }

  @Test
  void preparingSendsNothing() {
    new XRaySubsegments(daemonAddress::get, header::get).prepare();
    new XRaySubsegments(() -> null, header::get).prepare();
    assertThat(daemon.received(300)).isEmpty();
  }

  @Test
  void theDaemonAddressIsHostPortOrTheUdpEntryOfUdpAndTcp() {
    assertThat(XRaySubsegments.parseAddress("169.254.79.129:2000"))
        .isEqualTo(new InetSocketAddress("169.254.79.129", 2000));
    assertThat(XRaySubsegments.parseAddress("udp:127.0.0.1:2000 tcp:127.0.0.2:2001"))
        .isEqualTo(new InetSocketAddress("127.0.0.1", 2000));
    assertThat(XRaySubsegments.parseAddress("tcp:127.0.0.2:2001 udp:127.0.0.1:2002"))
        .isEqualTo(new InetSocketAddress("127.0.0.1", 2002));
    assertThat(XRaySubsegments.parseAddress("[::1]:2000")).isEqualTo(new InetSocketAddress("::1", 2000));
    assertThat(XRaySubsegments.parseAddress("tcp:127.0.0.1:2000")).isNull();
    assertThat(XRaySubsegments.parseAddress("127.0.0.1")).isNull();
    assertThat(XRaySubsegments.parseAddress("127.0.0.1:http")).isNull();
    assertThat(XRaySubsegments.parseAddress("127.0.0.1:70000")).isNull();
  }

  @Test
  void aRemoteCallRecordedByHandHasItsUrlAndStatus() {
    XRaySubsegments tracing = new XRaySubsegments(daemonAddress::get, header::get);
    XRaySubsegments.Call call = tracing.start("AppSync", "remote", "GraphQL", "eu-west-1")
        .httpRequest("POST", "https://example.appsync-api.eu-west-1.amazonaws.com/graphql");
    assertThat(call.recording()).isTrue();
    call.end(502, null);
    call.end(200, null); // once only

    Map<String, Object> document = onlySubsegment();
    assertThat(document).containsEntry("name", "AppSync").containsEntry("namespace", "remote")
        .containsEntry("fault", true);
    assertThat(aws(document)).isEqualTo(Map.of("operation", "GraphQL", "region", "eu-west-1"));
    assertThat(document.get("http")).isEqualTo(Map.of("request", Map.of("method", "POST",
        "url", "https://example.appsync-api.eu-west-1.amazonaws.com/graphql"), "response", Map.of("status", 502L)));
    header.set(null);
    assertThat(tracing.start("AppSync", "remote", "GraphQL", "eu-west-1").recording()).isFalse();
  }
}
