package dev.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.inmemory.InMemoryOrderflow;
import dev.orderflow.inmemory.ScriptedPaymentGateway;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests that must be refused with a clear error and must write nothing: after each test the repository,
 * the queue and the workflow are still empty.
 */
class MalformedRequestsOverHttpTest {
  private static final int CAP = 4096;
  private static final String POST = "mutation Post($input: PostOrderInput!) { postOrder(input: $input) { id status } }";

  private static LocalRuntime runtime;
  private static GraphQLClient client;

  @BeforeAll
  static void start() throws IOException {
    InMemoryOrderflow flow = InMemoryOrderflow.builder().live()
        .payments(ScriptedPaymentGateway.approving()).build();
    runtime = LocalRuntime.start(LocalSettings.onPort(0).withMaxRequestBytes(CAP), flow);
    client = new GraphQLClient(runtime.endpoint());
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  @AfterEach
  void nothingWasWritten() {
    InMemoryOrderflow flow = runtime.flow();
    assertThat(flow.repository().size()).as("orders stored").isZero();
    assertThat(flow.queue().pending()).as("messages queued").isZero();
    assertThat(flow.workflow().started()).as("workflows started").isZero();
  }

  @Test
  void invalidJsonIs400() {
    GraphQLClient.Response response = client.post("alice", "application/json",
        "{\"query\": \"mutation {".getBytes(StandardCharsets.UTF_8));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorType()).isEqualTo(GraphQLHttpHandler.MALFORMED);
    assertThat((String) response.errors().get(0).get("message")).startsWith("the request body is not valid JSON");
  }

  @Test
  void aBodyWithoutAQueryIs400() {
    GraphQLClient.Response noQuery = client.post("alice", "application/json", bytes("{\"variables\": {}}"));
    GraphQLClient.Response notAnObject = client.post("alice", "application/json", bytes("[1, 2]"));
    GraphQLClient.Response badVariables = client.post("alice", "application/json",
        bytes("{\"query\": \"{ orders { nextToken } }\", \"variables\": [1]}"));

    assertThat(List.of(noQuery.status(), notAnObject.status(), badVariables.status())).containsOnly(400);
    assertThat((String) noQuery.errors().get(0).get("message")).contains("no query");
    assertThat((String) badVariables.errors().get(0).get("message")).contains("variables");
  }

  @Test
  void aBodyThatIsNotJsonIs415() {
    GraphQLClient.Response form = client.post("alice", "application/x-www-form-urlencoded", bytes("query=x"));
    GraphQLClient.Response none = client.post("alice", null, bytes("{\"query\": \"{ orders { nextToken } }\"}"));

    assertThat(form.status()).isEqualTo(415);
    assertThat(none.status()).isEqualTo(415);
  }

  @Test
  void aJsonContentTypeWithACharsetIsAccepted() {
    GraphQLClient.Response response = client.post("alice", "application/json; charset=utf-8",
        bytes("{\"query\": \"{ orders { nextToken } }\"}"));

    assertThat(response.<Map<String, Object>>field("orders")).containsEntry("nextToken", null);
  }

  @Test
  void anotherMethodIs405() {
    GraphQLClient.Response get = client.send(HttpRequest.newBuilder(runtime.endpoint()).GET().build());
    GraphQLClient.Response put = client.send(HttpRequest.newBuilder(runtime.endpoint())
        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{}")).build());

    assertThat(get.status()).isEqualTo(405);
    assertThat(put.status()).isEqualTo(405);
  }

  @Test
  void aBodyPastTheCapIs413AndOneJustUnderItIsServed() {
    String padding = " ".repeat(CAP);
    GraphQLClient.Response tooLarge = client.post("alice", "application/json",
        bytes("{\"query\": \"{ orders { nextToken } }" + padding + "\"}"));
    String fits = "{\"query\": \"{ orders { nextToken } }\"}";
    GraphQLClient.Response justUnder = client.post("alice", "application/json",
        bytes(fits.replace("}\"}", "}" + " ".repeat(CAP - fits.length()) + "\"}")));

    GraphQLClient.Response tooLargeChunked = client.send(HttpRequest.newBuilder(runtime.endpoint())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(
            () -> new java.io.ByteArrayInputStream(bytes("{\"query\": \"{ orders { nextToken } }" + padding + "\"}"))))
        .build());

    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.errorType()).isEqualTo(GraphQLHttpHandler.MALFORMED);
    assertThat(tooLargeChunked.status()).as("a body without Content-Length, sent in chunks").isEqualTo(413);
    assertThat(justUnder.<Map<String, Object>>field("orders")).containsEntry("nextToken", null);
  }

  @Test
  void anInvalidQuantityIsAValidationErrorAndEnqueuesNothing() {
    GraphQLClient.Response zero = client.graphQL("alice", POST,
        Map.of("input", Map.of("name", "Pizza", "quantity", 0, "restaurantId", "luigis")));
    GraphQLClient.Response tooMany = client.graphQL("alice", POST,
        Map.of("input", Map.of("name", "Pizza", "quantity", 1_000_000, "restaurantId", "luigis")));
    GraphQLClient.Response blankName = client.graphQL("alice", POST,
        Map.of("input", Map.of("name", " ", "quantity", 1, "restaurantId", "luigis")));

    assertThat(List.of(zero.status(), tooMany.status(), blankName.status())).containsOnly(200);
    assertThat(List.of(zero.errorType(), tooMany.errorType(), blankName.errorType())).containsOnly("ValidationError");
    assertThat((String) zero.errors().get(0).get("message")).contains("quantity");
    assertThat(zero.errors().get(0)).containsEntry("path", List.of("postOrder"));
    assertThat(zero.body()).containsEntry("data", null);
  }

  @Test
  void anUnknownFieldIsAGraphQLValidationErrorAndRunsNoResolver() {
    GraphQLClient.Response response = client.graphQL("alice",
        "mutation { postOrder(input: {name: \"Pizza\", quantity: 1, restaurantId: \"luigis\"}) { id colour } }", null);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.errorType()).isEqualTo("ValidationError");
    assertThat((String) response.errors().get(0).get("message")).contains("colour");
    assertThat(response.body()).doesNotContainKey("data");
  }

  @Test
  void aVariableOfTheWrongTypeIsAValidationError() {
    GraphQLClient.Response response = client.graphQL("alice", POST,
        Map.of("input", Map.of("name", "Pizza", "quantity", "two", "restaurantId", "luigis")));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.errorType()).isEqualTo("ValidationError");
    assertThat((String) response.errors().get(0).get("message")).contains("'input'", "'Int'");
  }

  @Test
  void aSyntaxErrorIsReportedAsInvalidSyntax() {
    GraphQLClient.Response response = client.graphQL("alice", "mutation { postOrder(", null);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.errorType()).isEqualTo("InvalidSyntax");
  }

  @Test
  void healthAnswers200AndOtherPaths404() {
    GraphQLClient.Response health = client.send(HttpRequest.newBuilder(client.uri("/health")).GET().build());
    GraphQLClient.Response elsewhere = client.send(HttpRequest.newBuilder(client.uri("/graphql/extra"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build());

    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body()).containsEntry("status", "ok");
    assertThat(elsewhere.status()).isEqualTo(404);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
