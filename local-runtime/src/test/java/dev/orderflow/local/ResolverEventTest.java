package dev.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The events the local runtime sends the resolver, and how it maps the resolver's answers (response.vtl). */
class ResolverEventTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final CallerRequest ALICE = new CallerRequest("alice", "127.0.0.1",
      Map.of("content-type", "application/json", "x-orderflow-customer", "alice"));

  private final List<Map<String, Object>> events = new ArrayList<>();

  @Test
  void aMutationBecomesADirectLambdaResolverEventFromACognitoUser() {
    GraphQL graphQL = api(event -> Map.of("data", Map.of("id", "o-1", "status", "PENDING")));

    ExecutionResult result = execute(graphQL, """
        mutation Post($input: PostOrderInput!) {
          postOrder(input: $input) { id status }
        }""", Map.of("input", Map.of("name", "Pizza", "quantity", 2, "restaurantId", "luigis")));

    assertThat(result.getErrors()).isEmpty();
    assertThat(result.<Map<String, Object>>getData()).isEqualTo(Map.of("postOrder", Map.of("id", "o-1", "status", "PENDING")));
    assertThat(events).hasSize(1);
    Map<String, Object> event = events.get(0);
    assertThat(event).containsOnlyKeys("arguments", "identity", "source", "request", "info", "prev", "stash")
        .containsEntry("source", null).containsEntry("prev", null).containsEntry("stash", Map.of());
    assertThat(event.get("arguments"))
        .isEqualTo(Map.of("input", Map.of("name", "Pizza", "quantity", 2, "restaurantId", "luigis")));
    assertThat(map(map(event, "arguments"), "input").get("quantity")).isInstanceOf(Integer.class);
    Map<String, Object> identity = map(event, "identity");
    assertThat(identity).containsEntry("sub", "alice").containsEntry("username", "alice")
        .containsEntry("issuer", LambdaResolver.ISSUER).containsEntry("sourceIp", List.of("127.0.0.1"))
        .containsEntry("defaultAuthStrategy", "ALLOW").containsEntry("groups", null);
    assertThat(map(identity, "claims")).containsEntry("sub", "alice").containsEntry("cognito:username", "alice")
        .containsEntry("iss", LambdaResolver.ISSUER).containsEntry("token_use", "id")
        .containsEntry("auth_time", (int) CLOCK.instant().getEpochSecond())
        .doesNotContainKeys("email", "email_verified");
    assertThat(map(map(event, "request"), "headers")).isEqualTo(ALICE.headers());
    Map<String, Object> info = map(event, "info");
    assertThat(info).containsEntry("fieldName", "postOrder").containsEntry("parentTypeName", "Mutation")
        .containsEntry("variables", Map.of("input", Map.of("name", "Pizza", "quantity", 2, "restaurantId", "luigis")))
        .containsEntry("selectionSetList", List.of("id", "status"));
    assertThat((String) info.get("selectionSetGraphQL")).isEqualToIgnoringWhitespace("{ id status }");
  }

  @Test
  void theEmailHeaderBecomesAVerifiedEmailClaimAsACognitoIdTokenGivesIt() {
    GraphQL graphQL = api(event -> Map.of("data", Map.of("id", "o-1", "status", "PENDING")));
    CallerRequest alice = new CallerRequest("alice", "alice@example.com", "127.0.0.1", Map.of(
        "content-type", "application/json", "x-orderflow-customer", "alice", "x-orderflow-email", "alice@example.com"));

    ExecutionResult result = execute(graphQL, alice,
        "mutation { postOrder(input: {name: \"Pizza\", quantity: 1, restaurantId: \"luigis\"}) { id } }", null);

    assertThat(result.getErrors()).isEmpty();
    Map<String, Object> identity = map(events.get(0), "identity");
    assertThat(identity).containsEntry("sub", "alice").doesNotContainKey("email");
    assertThat(map(identity, "claims")).containsEntry("sub", "alice").containsEntry("token_use", "id")
        .containsEntry("email", "alice@example.com").containsEntry("email_verified", true);
    assertThat(CallerRequest.email("  alice@example.com ")).isEqualTo("alice@example.com");
    assertThat(CallerRequest.email(" ")).isNull();
    assertThat(CallerRequest.email(null)).isNull();
  }

  @Test
  void nestedSelectionsAreListedWithTheirPath() {
    GraphQL graphQL = api(event -> Map.of("data", Map.of("items", List.of(), "nextToken", "t")));

    ExecutionResult result = execute(graphQL, "{ orders(limit: 5) { items { id status } nextToken } }", null);

    assertThat(result.getErrors()).isEmpty();
    Map<String, Object> info = map(events.get(0), "info");
    assertThat(info).containsEntry("parentTypeName", "Query").containsEntry("fieldName", "orders")
        .containsEntry("variables", Map.of())
        .containsEntry("selectionSetList", List.of("items", "items/id", "items/status", "nextToken"));
    assertThat(events.get(0).get("arguments")).isEqualTo(Map.of("limit", 5));
  }

  @Test
  void anErrorEnvelopeBecomesAGraphQLErrorWithTheAppSyncErrorType() {
    GraphQL graphQL = api(event -> Map.of("error", Map.of("errorType", "NotFound", "message", "order o-9 not found")));

    ExecutionResult result = execute(graphQL, "{ order(id: \"o-9\") { id } }", null);

    assertThat(result.<Map<String, Object>>getData()).containsEntry("order", null);
    assertThat(result.getErrors()).hasSize(1);
    Map<String, Object> error = result.getErrors().get(0).toSpecification();
    assertThat(error).containsEntry("errorType", "NotFound").containsEntry("message", "order o-9 not found")
        .containsEntry("path", List.of("order")).containsEntry("data", null).containsEntry("errorInfo", null);
    assertThat(map(error, "extensions")).containsEntry("errorType", "NotFound");
  }

  @Test
  void aThrowingHandlerIsAGenericInternalErrorAndANullForANonNullFieldNullsTheParent() {
    GraphQL graphQL = api(event -> {
      throw new IllegalStateException("boom");
    });

    ExecutionResult result = execute(graphQL,
        "mutation { postOrder(input: {name: \"P\", quantity: 1, restaurantId: \"r\"}) { id } }", null);

    assertThat(result.<Object>getData()).isNull();
    assertThat(result.getErrors()).extracting(e -> e.toSpecification().get("errorType")).contains("InternalError");
    assertThat(result.getErrors()).extracting(e -> e.getMessage()).contains("internal error")
        .noneMatch(message -> message.contains("boom") || message.contains("IllegalStateException"));
  }

  @Test
  void aSchemaWithAppSyncDirectivesAndScalarsParsesAndTheScalarsCheckTheirInput() {
    events.clear();
    String schema = """
        type Query @aws_api_key @aws_cognito_user_pools(cognito_groups: ["admins"]) {
          echo(at: AWSDateTime, day: AWSDate, time: AWSTime, stamp: AWSTimestamp, mail: AWSEmail, doc: AWSJSON,
               url: AWSURL, phone: AWSPhone, ip: AWSIPAddress): String @aws_iam @aws_oidc @aws_lambda
            @aws_cognito_user_pools
        }
        type Mutation { touch: String @aws_auth(cognito_groups: ["admins"]) }
        type Subscription { touched: String @aws_subscribe(mutations: ["touch"]) }
        """;
    GraphQL graphQL = GraphQL.newGraphQL(AppSyncSchema.build(schema, resolver(event -> Map.of("data", "ok")), JSON)).build();

    ExecutionResult valid = execute(graphQL, """
        { echo(at: "2026-01-01T12:00:00.000Z", day: "2026-01-01", time: "12:30:00Z", stamp: 1767225600,
               mail: "a@example.com", doc: "{\\"a\\": [1, 2]}", url: "https://example.com/x", phone: "+1 555 0100",
               ip: "127.0.0.1") }""", null);
    ExecutionResult invalid = execute(graphQL, "{ echo(at: \"2026-01-01 12:00\") }", null);

    assertThat(valid.getErrors()).isEmpty();
    assertThat(map(events.get(0), "arguments")).containsEntry("doc", Map.of("a", List.of(1, 2)))
        .containsEntry("stamp", 1767225600).containsEntry("at", "2026-01-01T12:00:00.000Z");
    assertThat(invalid.getErrors()).hasSize(1);
    assertThat(invalid.getErrors().get(0).getMessage()).contains("AWSDateTime");
  }

  @Test
  void aFieldALocalCallerMayNotAccessIsUnauthorizedAndItsResolverNeverRuns() {
    events.clear();
    String schema = """
        type Query {
          open: String
          iamOnly: String @aws_iam
          userPool: String @aws_iam @aws_cognito_user_pools
          viaType: Secret
        }
        type Secret @aws_iam { hidden: String, shown: String @aws_cognito_user_pools }
        """;
    GraphQL graphQL = GraphQL.newGraphQL(AppSyncSchema.build(schema, resolver(event -> Map.of("data", "ok")), JSON)).build();

    ExecutionResult allowed = execute(graphQL, "{ open userPool }", null);
    int resolved = events.size();
    ExecutionResult refused = execute(graphQL, "{ iamOnly }", null);

    assertThat(allowed.getErrors()).isEmpty();
    assertThat(resolved).isEqualTo(2);
    assertThat(events).hasSize(resolved);
    assertThat(refused.getErrors()).singleElement().satisfies(error -> {
      assertThat(error.toSpecification()).containsEntry("errorType", "Unauthorized");
      assertThat(error.getMessage()).isEqualTo("Not Authorized to access iamOnly on type Query");
    });
  }

  private GraphQL api(Function<Map<String, Object>, Map<String, Object>> answer) {
    return GraphQL.newGraphQL(AppSyncSchema.build(resolver(answer), JSON)).build();
  }

  private LambdaResolver resolver(Function<Map<String, Object>, Map<String, Object>> answer) {
    RequestHandler<Map<String, Object>, Map<String, Object>> handler = (event, context) -> {
      assertThat(context.getAwsRequestId()).isNotBlank();
      events.add(event);
      return answer.apply(event);
    };
    return new LambdaResolver(handler, JSON, CLOCK);
  }

  private static ExecutionResult execute(GraphQL graphQL, String query, Map<String, Object> variables) {
    return execute(graphQL, ALICE, query, variables);
  }

  private static ExecutionResult execute(GraphQL graphQL, CallerRequest caller, String query,
      Map<String, Object> variables) {
    ExecutionInput.Builder input = ExecutionInput.newExecutionInput().query(query)
        .graphQLContext(Map.of(CallerRequest.class, caller));
    if (variables != null) {
      input.variables(variables);
    }
    return graphQL.execute(input.build());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    return (Map<String, Object>) parent.get(key);
  }
}
