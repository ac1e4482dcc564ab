package dev.orderflow.aws.appsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.aws.internal.Lazy;
import dev.orderflow.aws.tracing.UdpDaemon;
import dev.orderflow.aws.tracing.XRaySubsegments;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.DetailsChange;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderChange;
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.domain.StatusChange;
import dev.orderflow.core.fixtures.Orders;
import dev.orderflow.core.port.PermanentFailureException;
import dev.orderflow.core.port.TransientFailureException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/** The request the publisher builds, signs and sends, and what it makes of each answer (a scripted HTTP client). */
class AppSyncOrderChangePublisherTest {
  private static final URI URL = URI.create("https://example123.appsync-api.eu-west-1.amazonaws.com/graphql");
  private static final String CUSTOMER = "0d9c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a";
  private static final Order PENDING = Order.place(new OrderRequest(OrderId.of("order-1"), CustomerId.of(CUSTOMER),
      new OrderDetails("Pizza \"Diavola\"", 2, "luigis"), Instant.parse("2026-01-01T12:00:00.123456789Z")));
  private static final Order FAILED = PENDING.apply(StatusChange.failure("card expired",
      Instant.parse("2026-01-01T12:00:01Z")));

  /** Answers each request with the next scripted answer (the last one repeats), recording the requests. */
  private static final class ScriptedClient implements SdkHttpClient {
    final List<HttpExecuteRequest> requests = new ArrayList<>();
    final List<String> bodies = new ArrayList<>();
    private final List<Object> answers;

    ScriptedClient(Object... answers) {
      this.answers = new ArrayList<>(List.of(answers));
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
      return new ExecutableHttpRequest() {
        @Override
        public HttpExecuteResponse call() throws IOException {
          requests.add(request);
          try {
            bodies.add(new String(request.contentStreamProvider().orElseThrow().newStream().readAllBytes(),
                StandardCharsets.UTF_8));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          Object answer = answers.size() > 1 ? answers.remove(0) : answers.get(0);
          if (answer instanceof IOException e) {
            throw e;
          }
          Map.Entry<?, ?> response = (Map.Entry<?, ?>) answer;
          byte[] body = ((String) response.getValue()).getBytes(StandardCharsets.UTF_8);
          return HttpExecuteResponse.builder()
              .response(SdkHttpResponse.builder().statusCode((Integer) response.getKey()).build())
              .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
              .build();
        }

        @Override
        public void abort() {}
      };
    }

    @Override
    public String clientName() {
      return "scripted";
    }

    @Override
    public void close() {}
  }

  private static Map.Entry<Integer, String> answer(int status, String body) {
    return Map.entry(status, body);
  }

  private static AppSyncOrderChangePublisher publisher(SdkHttpClient client) {
    return new AppSyncOrderChangePublisher(new AppSyncSettings(URL, "eu-west-1"), Lazy.ready(client),
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")));
  }

  private static OrderChange created() {
    return OrderChange.between(Optional.empty(), PENDING).orElseThrow();
  }

  private static OrderChange statusChanged() {
    return OrderChange.between(Optional.of(PENDING), FAILED).orElseThrow();
  }

  @Test
  void theBodyIsTheMutationSelectingEveryFieldWithTheOrderAfterTheChange() {
    assertThat(AppSyncOrderChangePublisher.requestBody(statusChanged())).isEqualTo("{\"query\":\"mutation Publish("
        + "$input: OrderUpdateInput!) { publishOrderUpdate(input: $input) { id customer change name quantity "
        + "restaurantId status failureReason createdAt updatedAt version } }\",\"variables\":{\"input\":{"
        + "\"id\":\"order-1\",\"customer\":\"" + CUSTOMER + "\",\"change\":\"STATUS_CHANGED\","
        + "\"name\":\"Pizza \\\"Diavola\\\"\",\"quantity\":2,\"restaurantId\":\"luigis\",\"status\":\"FAILED\","
        + "\"failureReason\":\"card expired\",\"createdAt\":\"2026-01-01T12:00:00.123Z\","
        + "\"updatedAt\":\"2026-01-01T12:00:01Z\",\"version\":2}}}");
    assertThat(AppSyncOrderChangePublisher.requestBody(created())).contains("\"change\":\"CREATED\"")
        .contains("\"failureReason\":null").contains("\"status\":\"PENDING\"").contains("\"version\":1");
    assertThat(AppSyncOrderChangePublisher.requestBody(OrderChange.deleted(CustomerId.of(CUSTOMER), OrderId.of("o-2"))))
        .endsWith("\"variables\":{\"input\":{\"id\":\"o-2\",\"customer\":\"" + CUSTOMER + "\",\"change\":\"DELETED\"}}}");
  }

  @Test
  void postsTheBodySignedForAppSyncToTheUrl() {
    ScriptedClient client = new ScriptedClient(answer(200, "{\"data\":{\"publishOrderUpdate\":{\"id\":\"order-1\"}}}"));

    publisher(client).publish(created());

    assertThat(client.requests).hasSize(1);
    HttpExecuteRequest sent = client.requests.get(0);
    assertThat(sent.httpRequest().getUri()).isEqualTo(URL);
    assertThat(sent.httpRequest().method().name()).isEqualTo("POST");
    assertThat(sent.httpRequest().firstMatchingHeader("Content-Type")).contains("application/json");
    assertThat(sent.httpRequest().firstMatchingHeader("User-Agent")).contains(AppSyncOrderChangePublisher.USER_AGENT);
    assertThat(sent.httpRequest().firstMatchingHeader("Authorization").orElseThrow())
        .matches("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/eu-west-1/appsync/aws4_request, "
            + "SignedHeaders=\\S*host\\S*x-amz-date\\S*, Signature=[0-9a-f]{64}");
    assertThat(sent.httpRequest().firstMatchingHeader("X-Amz-Date").orElseThrow()).matches("\\d{8}T\\d{6}Z");
    assertThat(client.bodies).containsExactly(AppSyncOrderChangePublisher.requestBody(created()));
  }

  @Test
  void theCustomersEmailAddressNeverReachesTheMutation() {
    Order placed = Orders.aRequest().emailTo("Ada.Lovelace+orders@Example.com").pending();
    Order revised = placed.revise(new DetailsChange(null, 3, null), Orders.T0.plusSeconds(1));
    Order paying = revised.startPayment(Orders.T0.plusSeconds(2));
    Order succeeded = paying.apply(StatusChange.success(Orders.T0.plusSeconds(3)));
    List<OrderChange> changes = List.of(
        OrderChange.between(Optional.empty(), placed).orElseThrow(),
        OrderChange.between(Optional.of(placed), revised).orElseThrow(),
        OrderChange.between(Optional.of(revised), paying).orElseThrow(),
        OrderChange.between(Optional.of(paying), succeeded).orElseThrow());
    assertThat(changes).allSatisfy(change -> assertThat(change.orderAfter().orElseThrow().email()).isPresent());
    ScriptedClient client = new ScriptedClient(answer(200, "{\"data\":{\"publishOrderUpdate\":{\"id\":\"x\"}}}"));

    changes.forEach(publisher(client)::publish);

    assertThat(client.bodies).hasSize(4).allSatisfy(body -> assertThat(body)
        .doesNotContain("Ada.Lovelace").doesNotContainIgnoringCase("example.com").doesNotContain("email"));
  }

  @Test
  void aGraphQLErrorIsAPermanentFailureNamingItsTypeAndMessageWithoutTheOrdersContent() {
    ScriptedClient client = new ScriptedClient(answer(200, "{\"data\":{\"publishOrderUpdate\":null},\"errors\":[{"
        + "\"path\":[\"publishOrderUpdate\"],\"data\":null,\"errorType\":\"Unauthorized\",\"errorInfo\":null,"
        + "\"locations\":[{\"line\":1,\"column\":52}],\"message\":\"Not Authorized to access publishOrderUpdate "
        + "on type Mutation (customer " + CUSTOMER + ", reason card expired)\"}]}"));

    assertThatThrownBy(() -> publisher(client).publish(statusChanged()))
        .isInstanceOf(PermanentFailureException.class)
        .hasMessageContaining("Unauthorized: Not Authorized to access publishOrderUpdate on type Mutation")
        .hasMessageNotContaining(CUSTOMER).hasMessageNotContaining("card expired");
  }

  @Test
  void throttlingAndServerErrorsAreTransientAndOtherStatusesPermanent() {
    String echo = "{\"message\":\"failed for " + CUSTOMER + " ordering Pizza \\\"Diavola\\\" at luigis\"}";
    for (int status : new int[] {429, 500, 502, 503}) {
      assertThatThrownBy(() -> publisher(new ScriptedClient(answer(status, echo))).publish(created()))
          .as("HTTP %d", status)
          .isInstanceOf(TransientFailureException.class)
          .hasMessageContaining("HTTP " + status)
          .hasMessageContaining("failed for <redacted> ordering <redacted> at <redacted>");
    }
    for (int status : new int[] {400, 401, 403, 404}) {
      assertThatThrownBy(() -> publisher(new ScriptedClient(answer(status, "{\"errors\":[{\"errorType\":"
          + "\"UnauthorizedException\",\"message\":\"You are not authorized to make this call.\"}]}")))
          .publish(created()))
          .as("HTTP %d", status)
          .isInstanceOf(PermanentFailureException.class)
          .hasMessageContaining("HTTP " + status).hasMessageContaining("UnauthorizedException");
    }
    assertThatThrownBy(() -> publisher(new ScriptedClient(answer(200, "<html>gateway</html>"))).publish(created()))
        .isInstanceOf(PermanentFailureException.class).hasMessageContaining("no GraphQL response");
  }

  @Test
  void noAnswerAndUnresolvableCredentialsAreTransient() {
    assertThatThrownBy(() -> publisher(new ScriptedClient(new IOException("Connection refused"))).publish(created()))
        .isInstanceOf(TransientFailureException.class).hasMessageContaining("Connection refused");

    AppSyncOrderChangePublisher noCredentials = new AppSyncOrderChangePublisher(new AppSyncSettings(URL, "eu-west-1"),
        Lazy.ready(new ScriptedClient(answer(200, "{}"))), () -> {
          throw SdkClientException.create("Unable to load credentials");
        });
    assertThatThrownBy(() -> noCredentials.publish(created())).isInstanceOf(TransientFailureException.class)
        .hasMessageContaining("credentials");
  }

  @Test
  void eachCallIsAnXRaySubsegmentWhenTheTraceIsSampled() {
    try (UdpDaemon daemon = new UdpDaemon()) {
      XRaySubsegments tracing = new XRaySubsegments(daemon::address,
          () -> "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1");
      StaticCredentialsProvider credentials =
          StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));
      new AppSyncOrderChangePublisher(new AppSyncSettings(URL, "eu-west-1"), Lazy.ready(new ScriptedClient(
          answer(200, "{\"data\":{\"publishOrderUpdate\":{\"id\":\"order-1\"}}}"))), credentials, tracing)
          .publish(created());
      AppSyncOrderChangePublisher unanswered = new AppSyncOrderChangePublisher(new AppSyncSettings(URL, "eu-west-1"),
          Lazy.ready(new ScriptedClient(new IOException("Connection refused"))), credentials, tracing);
      assertThatThrownBy(() -> unanswered.publish(created())).isInstanceOf(TransientFailureException.class);

      List<Map<String, Object>> documents = daemon.received(500).stream().map(UdpDaemon::document).toList();
      assertThat(documents).hasSize(2).allSatisfy(document -> {
        assertThat(document).containsEntry("type", "subsegment").containsEntry("name", "AppSync")
            .containsEntry("namespace", "remote").containsEntry("trace_id", "1-5bef4de7-ad49b0e87f6ef6c87fc2e700")
            .containsEntry("parent_id", "9a9197af755a6419");
        assertThat(document.get("aws")).isEqualTo(Map.of("operation", "GraphQL", "region", "eu-west-1"));
        assertThat(document.toString()).doesNotContain(CUSTOMER, "Diavola", "luigis");
      });
      assertThat(documents.get(0).get("http")).isEqualTo(Map.of("request", Map.of("method", "POST",
          "url", URL.toString()), "response", Map.of("status", 200L)));
      assertThat(documents.get(0)).doesNotContainKeys("error", "fault");
      assertThat(documents.get(1)).containsEntry("fault", true);
    }
  }

  @Test
  void primingSendsNothing() {
    ScriptedClient client = new ScriptedClient(answer(500, ""));

    publisher(client).prime();

    assertThat(client.requests).isEmpty();
  }

  @Test
  void settingsNameEveryMissingVariableAndRefuseAPlainHttpUrlToAnotherHost() {
    assertThatThrownBy(() -> AppSyncSettings.fromEnvironment(Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("missing environment variables: AWS_REGION, ORDER_UPDATES_URL");
    assertThatThrownBy(() -> AppSyncSettings.fromEnvironment(Map.of("AWS_REGION", "eu-west-1", "ORDER_UPDATES_URL", " ")))
        .hasMessage("missing environment variable: ORDER_UPDATES_URL");
    assertThatThrownBy(() -> AppSyncSettings.fromEnvironment(Map.of("AWS_REGION", "eu-west-1",
        "ORDER_UPDATES_URL", "http://example.appsync-api.eu-west-1.amazonaws.com/graphql")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("ORDER_UPDATES_URL").hasMessageContaining("https");
    assertThatThrownBy(() -> AppSyncSettings.fromEnvironment(Map.of("AWS_REGION", "eu-west-1",
        "ORDER_UPDATES_URL", "not a url")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("ORDER_UPDATES_URL");

    assertThat(AppSyncSettings.fromEnvironment(Map.of("AWS_REGION", " eu-west-1 ", "ORDER_UPDATES_URL", URL.toString())))
        .isEqualTo(new AppSyncSettings(URL, "eu-west-1"));
    assertThat(AppSyncSettings.fromEnvironment(Map.of("AWS_REGION", "eu-west-1",
        "ORDER_UPDATES_URL", "http://127.0.0.1:4000/graphql")).graphQlUrl()).hasPort(4000);
  }
}
