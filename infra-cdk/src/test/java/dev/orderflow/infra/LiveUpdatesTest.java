package dev.orderflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/**
 * The live order updates in the synthesized template: the table's stream → the publisher function (its
 * event source mapping, failure queue and alarm) → {@code publishOrderUpdate} (IAM only, NONE data source) →
 * {@code onOrderUpdated} subscribers. Who receives what: {@link SubscriptionFilterTest}; the publisher's
 * role: {@link LeastPrivilegeTest}.
 */
class LiveUpdatesTest {
  private static final String PUBLISH_LINE = "publishOrderUpdate(input: OrderUpdateInput!): OrderUpdate @aws_iam";
  private static final String SUBSCRIBE_LINE =
      "onOrderUpdated(id: ID): OrderUpdate @aws_subscribe(mutations: [\"publishOrderUpdate\"])";

  /** The APPSYNC_JS code of the resolver of {@code field}, as the template deploys it. */
  static String resolverCode(Synthesized synthesized, OrderApi.Field field) {
    Map<String, Object> resolver = resolver(new TemplateJson(synthesized.template.toJSON()), field);
    return (String) resolver.get("Code");
  }

  private static Map<String, Object> resolver(TemplateJson json, OrderApi.Field field) {
    List<Map<String, Object>> resolvers = json.ofType("AWS::AppSync::Resolver").values().stream()
        .map(TemplateJson::properties)
        .filter(p -> field.typeName().equals(p.get("TypeName")) && field.fieldName().equals(p.get("FieldName")))
        .toList();
    assertThat(resolvers).as("resolver of " + field).hasSize(1);
    return resolvers.get(0);
  }

  private static String schema(Synthesized synthesized) {
    TemplateJson json = new TemplateJson(synthesized.template.toJSON());
    return (String) TemplateJson.properties(json.ofType("AWS::AppSync::GraphQLSchema").values().iterator().next())
        .get("Definition");
  }

  /** The line of the schema that declares {@code field} (comments excluded). */
  private static String lineOf(String schema, String field) {
    Matcher m = Pattern.compile("(?m)^\\s*" + field + "\\b[^\\n]*$").matcher(schema);
    assertThat(m.find()).as(field + " in the schema").isTrue();
    String line = m.group().strip();
    assertThat(m.find()).as("one declaration of " + field).isFalse();
    return line;
  }

  @Test
  void the_deployed_schema_has_the_subscription_and_the_iam_only_publishing_mutation() {
    for (Synthesized synthesized : List.of(Synthesized.production(), Synthesized.devStage())) {
      String schema = schema(synthesized);
      assertThat(schema).contains("subscription: Subscription");
      assertThat(lineOf(schema, "publishOrderUpdate")).isEqualTo(PUBLISH_LINE)
          .doesNotContain("@aws_cognito_user_pools", "@aws_api_key");
      assertThat(lineOf(schema, "onOrderUpdated")).isEqualTo(SUBSCRIBE_LINE);
    }
    // production: OrderUpdate as the schema file says; a dev stage adds the API key, for API-key subscribers
    assertThat(lineOf(schema(Synthesized.production()), "type OrderUpdate"))
        .isEqualTo("type OrderUpdate @aws_iam @aws_cognito_user_pools {");
    assertThat(lineOf(schema(Synthesized.devStage()), "type OrderUpdate"))
        .isEqualTo("type OrderUpdate @aws_iam @aws_cognito_user_pools @aws_api_key {");
    // the subscription is Cognito's (and, on a dev stage, the API key's): IAM callers cannot subscribe
    assertThat(lineOf(schema(Synthesized.production()), "type Subscription")).isEqualTo("type Subscription {");
    assertThat(lineOf(schema(Synthesized.devStage()), "type Subscription"))
        .isEqualTo("type Subscription " + OrderApi.AUTH_DIRECTIVES_WITH_API_KEY + " {");
  }

  @Test
  void iam_is_an_additional_mode_beside_the_default_user_pool() {
    Synthesized.production().template.hasResourceProperties("AWS::AppSync::GraphQLApi", Map.of(
        "AuthenticationType", "AMAZON_COGNITO_USER_POOLS",
        "AdditionalAuthenticationProviders", List.of(Map.of("AuthenticationType", "AWS_IAM"))));
    Synthesized.devStage().template.hasResourceProperties("AWS::AppSync::GraphQLApi", Map.of(
        "AuthenticationType", "AMAZON_COGNITO_USER_POOLS",
        "AdditionalAuthenticationProviders", List.of(
            Map.of("AuthenticationType", "AWS_IAM"), Map.of("AuthenticationType", "API_KEY"))));
  }

  @Test
  void a_none_data_source_resolves_both_fields_with_the_appsync_js_code_of_the_resources() {
    for (Synthesized synthesized : List.of(Synthesized.production(), Synthesized.devStage())) {
      TemplateJson json = new TemplateJson(synthesized.template.toJSON());
      List<Map<String, Object>> none = json.ofType("AWS::AppSync::DataSource").values().stream()
          .map(TemplateJson::properties).filter(p -> "NONE".equals(p.get("Type"))).toList();
      assertThat(none).hasSize(1);
      for (OrderApi.Field field : List.of(OrderApi.PUBLISH_FIELD, OrderApi.SUBSCRIPTION_FIELD)) {
        Map<String, Object> resolver = resolver(json, field);
        assertThat(resolver.get("DataSourceName")).isEqualTo(none.get(0).get("Name"));
        assertThat(resolver.get("Kind")).isEqualTo("UNIT");
        assertThat(resolver.get("Runtime")).isEqualTo(Map.of("Name", "APPSYNC_JS", "RuntimeVersion", "1.0.0"));
        assertThat(resolver).doesNotContainKeys("RequestMappingTemplate", "ResponseMappingTemplate", "CodeS3Location");
        assertThat((String) resolver.get("Code")).contains("export function request(ctx)",
            "export function response(ctx)");
      }
      assertThat(resolver(json, OrderApi.PUBLISH_FIELD).get("Code")).isEqualTo(OrderApi.resource(OrderApi.PUBLISH_CODE));
    }
    assertThat(resolverCode(Synthesized.production(), OrderApi.SUBSCRIPTION_FIELD))
        .isEqualTo(OrderApi.resource(OrderApi.SUBSCRIPTION_CODE)).contains(OrderApi.DEMO_CUSTOMER_LINE);
    assertThat(resolverCode(Synthesized.devStage(), OrderApi.SUBSCRIPTION_FIELD))
        .isEqualTo(OrderApi.subscriptionCode("demo-customer"))
        .contains("const DEMO_CUSTOMER = \"demo-customer\";").doesNotContain(OrderApi.DEMO_CUSTOMER_LINE);
  }

  @Test
  void the_api_keeps_its_limits_and_the_existing_lambda_resolvers() {
    for (Synthesized synthesized : List.of(Synthesized.production(), Synthesized.devStage())) {
      synthesized.template.hasResourceProperties("AWS::AppSync::GraphQLApi", Map.of(
          "QueryDepthLimit", OrderApi.QUERY_DEPTH_LIMIT, "ResolverCountLimit", OrderApi.RESOLVER_COUNT_LIMIT));
      TemplateJson json = new TemplateJson(synthesized.template.toJSON());
      for (OrderApi.Field field : OrderApi.FIELDS) {
        assertThat(resolver(json, field).get("DataSourceName")).isEqualTo("Resolver");
      }
      assertThat(json.ofType("AWS::AppSync::Resolver")).hasSize(OrderApi.FIELDS.size() + 2);
    }
  }

  @Test
  void the_orders_table_streams_new_and_old_images() {
    Synthesized.production().template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
        "StreamSpecification", Map.of("StreamViewType", "NEW_AND_OLD_IMAGES")));
  }

  @Test
  void the_publisher_reads_the_stream_in_order_reports_item_failures_and_gives_up_into_the_failure_queue() {
    TemplateJson json = new TemplateJson(Synthesized.production().template.toJSON());
    String table = json.ofType("AWS::DynamoDB::Table").keySet().iterator().next();
    String failureQueue = failureQueueId(json);
    String publisher = json.functionByHandler(OrderflowStack.PUBLISHER_HANDLER);
    List<Map<String, Object>> mappings = json.ofType("AWS::Lambda::EventSourceMapping").values().stream()
        .map(TemplateJson::properties)
        .filter(m -> m.get("EventSourceArn").equals(Map.of("Fn::GetAtt", List.of(table, "StreamArn"))))
        .toList();
    assertThat(mappings).hasSize(1);
    Map<String, Object> mapping = mappings.get(0);

    assertThat(mapping.get("StartingPosition")).isEqualTo("TRIM_HORIZON");
    assertThat(((Number) mapping.get("BatchSize")).intValue()).isBetween(10, 100).isEqualTo(OrderUpdates.BATCH_SIZE);
    assertThat(mapping.get("FunctionResponseTypes")).isEqualTo(List.of("ReportBatchItemFailures"));
    assertThat(mapping.get("BisectBatchOnFunctionError")).isEqualTo(true);
    assertThat(mapping.get("MaximumRetryAttempts")).isEqualTo(10);
    assertThat(mapping.get("MaximumRecordAgeInSeconds")).isEqualTo(3600);
    assertThat(mapping.get("ParallelizationFactor")).isEqualTo(OrderUpdates.PARALLELIZATION_FACTOR).isEqualTo(10);
    assertThat(mapping.get("DestinationConfig")).isEqualTo(Map.of("OnFailure", Map.of(
        "Destination", Map.of("Fn::GetAtt", List.of(failureQueue, "Arn")))));
    // invoked through its live alias (SnapStart), like every function
    String alias = OrderflowStackTemplateTest.liveAliasId(json, publisher);
    assertThat(mapping.get("FunctionName").toString()).contains("Ref=" + alias).contains(":live");
  }

  @Test
  void the_publisher_is_built_like_the_other_functions_and_gets_the_graphql_url() {
    TemplateJson json = new TemplateJson(Synthesized.production().template.toJSON());
    Map<String, Object> fn = TemplateJson.properties(json.resource(json.functionByHandler(OrderflowStack.PUBLISHER_HANDLER)));
    String api = json.ofType("AWS::AppSync::GraphQLApi").keySet().iterator().next();
    assertThat(fn.get("Runtime")).isEqualTo("java25");
    assertThat(fn.get("SnapStart")).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
    assertThat(fn.get("Timeout")).isEqualTo(30);
    assertThat(TemplateJson.<Object>map(TemplateJson.<Object>map(fn.get("Environment")).get("Variables")))
        .containsEntry("ORDER_UPDATES_URL", Map.of("Fn::GetAtt", List.of(api, "GraphQLUrl")))
        .doesNotContainKey("AWS_REGION"); // Lambda sets it (and refuses it as a configured variable)
  }

  @Test
  void the_failure_queue_is_encrypted_tls_only_kept_14_days_and_alarmed_on_its_first_message() {
    TemplateJson json = new TemplateJson(Synthesized.production().template.toJSON());
    String failureQueue = failureQueueId(json);
    Map<String, Object> queue = TemplateJson.properties(json.resource(failureQueue));
    assertThat(queue.get("KmsMasterKeyId")).isEqualTo("alias/aws/sqs");
    assertThat(queue.get("MessageRetentionPeriod")).isEqualTo(14 * 24 * 3600);
    Synthesized.production().template.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of(
        "Queues", List.of(Map.of("Ref", failureQueue)),
        "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
            "Effect", "Deny", "Action", "sqs:*",
            "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
    Synthesized.production().template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
        "Namespace", "AWS/SQS",
        "MetricName", "ApproximateNumberOfMessagesVisible",
        "Dimensions", List.of(Map.of("Name", "QueueName", "Value", Map.of("Fn::GetAtt", List.of(failureQueue, "QueueName")))),
        "ComparisonOperator", "GreaterThanThreshold",
        "Threshold", 0,
        "EvaluationPeriods", 1));
    Synthesized.production().template.hasOutput("FailedUpdatesQueueUrl", Map.of("Value", Map.of("Ref", failureQueue)));
  }

  @Test
  void a_dev_stage_opens_to_api_keys_what_cognito_reaches_and_leaves_iam_only_types_and_fields_alone() {
    String schema = String.join("\n",
        "schema { query: Query }",
        "type Query {",
        "  a: A",
        "  internal: Internal @aws_iam",
        "}",
        "type A @aws_cognito_user_pools(cognito_groups: [\"x\"]) @aws_iam {",
        "  id: ID",
        "}",
        "type Internal @aws_iam {",
        "  id: ID",
        "}",
        "type Open @aws_cognito_user_pools @aws_api_key {",
        "  id: ID",
        "}",
        "input In {",
        "  id: ID",
        "}",
        "");
    assertThat(OrderApi.withApiKey(schema)).isEqualTo(String.join("\n",
        "schema { query: Query }",
        "type Query @aws_cognito_user_pools @aws_api_key {",
        "  a: A",
        "  internal: Internal @aws_iam",
        "}",
        "type A @aws_cognito_user_pools(cognito_groups: [\"x\"]) @aws_iam @aws_api_key {",
        "  id: ID",
        "}",
        "type Internal @aws_iam {",
        "  id: ID",
        "}",
        "type Open @aws_cognito_user_pools @aws_api_key {",
        "  id: ID",
        "}",
        "input In {",
        "  id: ID",
        "}",
        ""));
  }

  @Test
  void the_subscription_code_must_hold_its_demo_customer_line_and_takes_no_blank_customer() {
    assertThat(OrderApi.subscriptionCode(null)).isEqualTo(OrderApi.resource(OrderApi.SUBSCRIPTION_CODE));
    assertThatThrownBy(() -> OrderApi.subscriptionCode(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  /** The queue that is neither the order queue (it has a redrive policy) nor its dead-letter queue. */
  private static String failureQueueId(TemplateJson json) {
    Map<String, Map<String, Object>> queues = json.ofType("AWS::SQS::Queue");
    List<String> ids = new java.util.ArrayList<>(queues.keySet());
    queues.forEach((id, q) -> {
      Object redrive = TemplateJson.properties(q).get("RedrivePolicy");
      if (redrive != null) {
        ids.remove(id);
        ids.remove((String) TemplateJson.getAtt(TemplateJson.<Object>map(redrive).get("deadLetterTargetArn"))[0]);
      }
    });
    assertThat(ids).hasSize(1);
    return ids.get(0);
  }
}
