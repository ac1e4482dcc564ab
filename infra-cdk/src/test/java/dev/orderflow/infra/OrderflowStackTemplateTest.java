package dev.orderflow.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The synthesized template, asserted by resource properties (never by hashed logical ids). */
class OrderflowStackTemplateTest {
  private static final List<String> HANDLERS = List.of(
      OrderflowStack.RESOLVER_HANDLER, OrderflowStack.CONSUMER_HANDLER, OrderflowStack.INITIALIZE_ORDER_HANDLER,
      OrderflowStack.DECIDE_PAYMENT_HANDLER, OrderflowStack.COMPLETE_ORDER_HANDLER, OrderflowStack.FAIL_ORDER_HANDLER,
      OrderflowStack.PUBLISHER_HANDLER, OrderflowStack.MAILER_HANDLER);

  private static Template template;
  private static TemplateJson json;

  @BeforeAll
  static void synthesize() {
    template = Synthesized.production().template;
    json = new TemplateJson(template.toJSON());
  }

  @Test
  void orders_table_is_keyed_like_the_repository_on_demand_recoverable_encrypted_and_retained() {
    template.resourceCountIs("AWS::DynamoDB::Table", 1);
    template.hasResource("AWS::DynamoDB::Table", Map.of(
        "DeletionPolicy", "Retain",
        "UpdateReplacePolicy", "Retain",
        "Properties", Map.of(
            "KeySchema", List.of(
                Map.of("AttributeName", "customer", "KeyType", "HASH"),
                Map.of("AttributeName", "orderId", "KeyType", "RANGE")),
            "AttributeDefinitions", Match.arrayWith(List.of(
                Map.of("AttributeName", "customer", "AttributeType", "S"),
                Map.of("AttributeName", "orderId", "AttributeType", "S"))),
            "BillingMode", "PAY_PER_REQUEST",
            "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
            "SSESpecification", Map.of("SSEEnabled", true))));
  }

  @Test
  void order_queue_redrives_to_its_dlq_after_five_receives_and_outlasts_six_consumer_timeouts() {
    String queueId = orderQueueId();
    Map<String, Object> queue = TemplateJson.properties(json.resource(queueId));
    Map<String, Object> redrive = TemplateJson.map(queue.get("RedrivePolicy"));
    assertThat(redrive.get("maxReceiveCount")).isEqualTo(PipelineCapacity.MAX_RECEIVE_COUNT);
    String dlqId = (String) TemplateJson.getAtt(redrive.get("deadLetterTargetArn"))[0];
    assertThat(json.resource(dlqId).get("Type")).isEqualTo("AWS::SQS::Queue");

    Number consumerTimeout = (Number) TemplateJson.properties(
        json.resource(json.functionByHandler(OrderflowStack.CONSUMER_HANDLER))).get("Timeout");
    assertThat(((Number) queue.get("VisibilityTimeout")).intValue()).isGreaterThanOrEqualTo(6 * consumerTimeout.intValue());
  }

  @Test
  void every_queue_is_kms_encrypted_and_refuses_requests_without_tls() {
    // the order queue, its DLQ and the live updates' failure queue: the AWS-managed key; the mail queue and its DLQ:
    // a customer-managed key, which SNS may use to deliver (OutcomeMailTest)
    assertThat(json.ofType("AWS::SQS::Queue")).hasSize(5).allSatisfy((id, q) -> {
      Object key = TemplateJson.properties(q).get("KmsMasterKeyId");
      if (id.startsWith("OutcomeMail")) {
        assertThat(json.resource((String) TemplateJson.getAtt(key)[0]).get("Type")).as(id).isEqualTo("AWS::KMS::Key");
      } else {
        assertThat(key).as(id).isEqualTo("alias/aws/sqs");
      }
    });
    for (String queueId : json.ofType("AWS::SQS::Queue").keySet()) {
      template.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of(
          "Queues", List.of(Map.of("Ref", queueId)),
          "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
              "Effect", "Deny",
              "Action", "sqs:*",
              "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
    }
  }

  @Test
  void an_alarm_fires_on_any_message_visible_in_the_dlq() {
    String dlqId = (String) TemplateJson.getAtt(TemplateJson.<Object>map(
        TemplateJson.properties(json.resource(orderQueueId())).get("RedrivePolicy")).get("deadLetterTargetArn"))[0];
    template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
        "Namespace", "AWS/SQS",
        "MetricName", "ApproximateNumberOfMessagesVisible",
        "Dimensions", List.of(Map.of("Name", "QueueName", "Value", Map.of("Fn::GetAtt", List.of(dlqId, "QueueName")))),
        "ComparisonOperator", "GreaterThanThreshold",
        "Threshold", 0,
        "EvaluationPeriods", 1));
  }

  @Test
  void every_handler_runs_on_java_21_with_snapstart_explicit_memory_timeout_and_retained_logs() {
    assertThat(json.ofType("AWS::Lambda::Function")).hasSize(HANDLERS.size());
    for (String handler : HANDLERS) {
      String id = json.functionByHandler(handler);
      Map<String, Object> fn = TemplateJson.properties(json.resource(id));
      assertThat(fn.get("Runtime")).as(handler).isEqualTo("java25");
      assertThat(fn.get("SnapStart")).as(handler).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
      assertThat(fn.get("MemorySize")).as(handler).isEqualTo(1024);
      assertThat(TemplateJson.<Object>map(TemplateJson.<Object>map(fn.get("Environment")).get("Variables")))
          .as(handler).containsEntry("JAVA_TOOL_OPTIONS",
          "-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -XX:CICompilerCount=1");
      assertThat(((Number) fn.get("Timeout")).intValue()).as(handler).isBetween(3, 60);
      String logGroupId = TemplateJson.ref(TemplateJson.<Object>map(fn.get("LoggingConfig")).get("LogGroup"));
      assertThat(TemplateJson.properties(json.resource(logGroupId)).get("RetentionInDays")).as(handler).isEqualTo(30);
    }
  }

  @Test
  void every_function_has_a_live_alias_on_a_published_version() {
    for (String handler : HANDLERS) {
      String functionId = json.functionByHandler(handler);
      Map<String, Object> alias = liveAliasOf(functionId);
      String versionId = (String) TemplateJson.getAtt(alias.get("FunctionVersion"))[0];
      Map<String, Object> version = json.resource(versionId);
      assertThat(version.get("Type")).isEqualTo("AWS::Lambda::Version");
      assertThat(TemplateJson.ref(TemplateJson.properties(version).get("FunctionName"))).isEqualTo(functionId);
    }
  }

  @Test
  void the_consumer_alias_reads_the_queue_in_batches_of_ten_reporting_item_failures_with_bounded_concurrency() {
    // the consumer's on the order queue, the publisher's on the table's stream, the mailer's on the mail queue
    template.resourceCountIs("AWS::Lambda::EventSourceMapping", 3);
    Map<String, Object> mapping = orderQueueMapping();
    assertThat(mapping.get("BatchSize")).isEqualTo(10);
    assertThat(mapping.get("FunctionResponseTypes")).isEqualTo(List.of("ReportBatchItemFailures"));
    assertThat(mapping.get("ScalingConfig")).isEqualTo(Map.of("MaximumConcurrency", PipelineCapacity.CONSUMER_MAX_CONCURRENCY));
    assertThat(TemplateJson.getAtt(mapping.get("EventSourceArn"))[0]).isEqualTo(orderQueueId());
    // the function name is "<name of the consumer alias>:live", built from the alias ARN
    String aliasId = liveAliasId(json.functionByHandler(OrderflowStack.CONSUMER_HANDLER));
    assertThat(mapping.get("FunctionName").toString()).contains("Ref=" + aliasId).contains(":live");
  }

  @Test
  void the_state_machine_is_standard_logs_errors_without_execution_data_and_is_traced() {
    template.resourceCountIs("AWS::StepFunctions::StateMachine", 1);
    template.hasResourceProperties("AWS::StepFunctions::StateMachine", Map.of(
        "StateMachineType", "STANDARD",
        "TracingConfiguration", Map.of("Enabled", true),
        "LoggingConfiguration", Map.of(
            "Level", "ERROR",
            "IncludeExecutionData", false,
            "Destinations", List.of(Map.of("CloudWatchLogsLogGroup",
                Map.of("LogGroupArn", Match.objectLike(Map.of("Fn::GetAtt", Match.anyValue()))))))));
  }

  @Test
  void the_workflow_has_an_alarm_on_failed_executions() {
    template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
        "Namespace", "AWS/States",
        "MetricName", "ExecutionsFailed",
        "ComparisonOperator", "GreaterThanThreshold",
        "Threshold", 0));
  }

  @Test
  void the_outcome_topic_is_kms_encrypted_tls_only_and_mails_no_person() {
    // the outcome topic and the alarm topic (OperationsTest)
    template.resourceCountIs("AWS::SNS::Topic", 2);
    String topicId = json.outcomeTopic();
    assertThat(TemplateJson.properties(json.resource(topicId)).get("KmsMasterKeyId").toString()).contains("alias/aws/sns");
    template.hasResourceProperties("AWS::SNS::TopicPolicy", Map.of(
        "Topics", List.of(Map.of("Ref", topicId)),
        "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
            "Effect", "Deny",
            "Action", "sns:Publish",
            "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
    template.hasParameter(OrderflowStack.NOTIFICATION_EMAIL_PARAMETER, Map.of("Type", "String"));
    // the customers get their own outcome by SES (OutcomeMailTest); the operator's address gets the alarms only
    assertThat(json.ofType("AWS::SNS::Subscription").values().stream().map(TemplateJson::properties)
        .filter(p -> Map.of("Ref", topicId).equals(p.get("TopicArn"))))
        .isNotEmpty().noneMatch(p -> "email".equals(p.get("Protocol")) || "email-json".equals(p.get("Protocol")));
  }

  @Test
  void the_api_authenticates_with_the_user_pool_and_iam_for_the_publisher_and_logs_errors_without_verbose_content() {
    template.resourceCountIs("AWS::AppSync::GraphQLApi", 1);
    template.hasResourceProperties("AWS::AppSync::GraphQLApi", Map.of(
        "AuthenticationType", "AMAZON_COGNITO_USER_POOLS",
        "UserPoolConfig", Match.objectLike(Map.of(
            "UserPoolId", Map.of("Ref", json.ofType("AWS::Cognito::UserPool").keySet().iterator().next()))),
        "AdditionalAuthenticationProviders", List.of(Map.of("AuthenticationType", "AWS_IAM")),
        "LogConfig", Match.objectLike(Map.of("FieldLogLevel", "ERROR", "ExcludeVerboseContent", true))));
    template.resourceCountIs("AWS::AppSync::ApiKey", 0);
    template.resourceCountIs("AWS::Cognito::UserPoolClient", 1);
    // the group AppSync writes to has a retention
    template.hasResourceProperties("AWS::Logs::LogGroup", Map.of(
        "LogGroupName", Map.of("Fn::Join", List.of("", List.of("/aws/appsync/apis/", Match.anyValue()))),
        "RetentionInDays", 30));
  }

  @Test
  void the_schema_is_the_shared_file() throws Exception {
    template.hasResourceProperties("AWS::AppSync::GraphQLSchema", Map.of(
        "Definition", Files.readString(Synthesized.SCHEMA)));
  }

  @Test
  void every_field_of_the_schema_is_a_unit_resolver_on_the_resolver_alias_with_the_shared_response_template()
      throws Exception {
    String responseTemplate = Files.readString(Synthesized.RESPONSE_TEMPLATE);
    Map<String, Map<String, Object>> sources = json.ofType("AWS::AppSync::DataSource");
    // the resolver function's, and the NONE data source of the live updates (LiveUpdatesTest)
    assertThat(sources).hasSize(2);
    List<Map<String, Object>> lambdaSources = sources.values().stream().map(TemplateJson::properties)
        .filter(p -> "AWS_LAMBDA".equals(p.get("Type"))).toList();
    assertThat(lambdaSources).hasSize(1);
    Map<String, Object> source = lambdaSources.get(0);
    String aliasId = liveAliasId(json.functionByHandler(OrderflowStack.RESOLVER_HANDLER));
    assertThat(TemplateJson.<Object>map(source.get("LambdaConfig")).get("LambdaFunctionArn")).isEqualTo(Map.of("Ref", aliasId));

    List<String> resolved = json.ofType("AWS::AppSync::Resolver").values().stream()
        .filter(r -> source.get("Name").equals(TemplateJson.properties(r).get("DataSourceName"))).map(r -> {
      Map<String, Object> p = TemplateJson.properties(r);
      assertThat(p.get("Kind")).isEqualTo("UNIT");
      assertThat(p.get("DataSourceName")).isEqualTo(source.get("Name"));
      assertThat(p.get("ResponseMappingTemplate")).isEqualTo(responseTemplate);
      assertThat(p).doesNotContainKeys("RequestMappingTemplate", "RequestMappingTemplateS3Location");
      return p.get("TypeName") + "." + p.get("FieldName");
    }).collect(Collectors.toList());
    assertThat(resolved).containsExactlyInAnyOrderElementsOf(
        OrderApi.FIELDS.stream().map(f -> f.typeName() + "." + f.fieldName()).toList());
    // and every Query and Mutation field has a resolver: these, or the NONE data source's publishOrderUpdate
    List<String> lambdaAndNone = new java.util.ArrayList<>(resolved);
    lambdaAndNone.add(OrderApi.PUBLISH_FIELD.typeName() + "." + OrderApi.PUBLISH_FIELD.fieldName());
    assertThat(lambdaAndNone).containsExactlyInAnyOrderElementsOf(schemaFields(Files.readString(Synthesized.SCHEMA)));
  }

  @Test
  void outputs_name_the_api_url_and_id_the_user_pool_and_its_client_the_alarm_topic_and_the_dashboard() {
    template.hasOutput("AlarmTopicArn", Map.of("Value", Map.of("Ref", json.alarmTopic())));
    template.hasOutput("DashboardUrl", Map.of("Value", Map.of("Fn::Join", List.of("", List.of(
        "https://console.aws.amazon.com/cloudwatch/home?region=", Map.of("Ref", "AWS::Region"),
        "#dashboards/dashboard/",
        Map.of("Ref", json.ofType("AWS::CloudWatch::Dashboard").keySet().iterator().next()))))));
    template.hasOutput("ApiId", Map.of("Value", Map.of("Fn::GetAtt", List.of(
        json.ofType("AWS::AppSync::GraphQLApi").keySet().iterator().next(), "ApiId"))));
    template.hasOutput("GraphQLUrl", Map.of("Value", Map.of("Fn::GetAtt", List.of(
        json.ofType("AWS::AppSync::GraphQLApi").keySet().iterator().next(), "GraphQLUrl"))));
    template.hasOutput("UserPoolId", Map.of("Value", Map.of("Ref", json.ofType("AWS::Cognito::UserPool").keySet().iterator().next())));
    template.hasOutput("UserPoolClientId", Map.of("Value", Map.of("Ref",
        json.ofType("AWS::Cognito::UserPoolClient").keySet().iterator().next())));
  }

  @Test
  void functions_get_the_environment_their_handlers_read() {
    String table = json.ofType("AWS::DynamoDB::Table").keySet().iterator().next();
    String topic = json.outcomeTopic();
    String machine = json.ofType("AWS::StepFunctions::StateMachine").keySet().iterator().next();
    assertThat(environment(OrderflowStack.RESOLVER_HANDLER)).isEqualTo(Map.of(
        "ORDERS_TABLE", Map.of("Ref", table), "ORDER_QUEUE_URL", Map.of("Ref", orderQueueId())));
    assertThat(environment(OrderflowStack.CONSUMER_HANDLER)).isEqualTo(Map.of("ORDER_STATE_MACHINE_ARN", Map.of("Ref", machine)));
    assertThat(environment(OrderflowStack.INITIALIZE_ORDER_HANDLER)).isEqualTo(Map.of("ORDERS_TABLE", Map.of("Ref", table)));
    assertThat(environment(OrderflowStack.DECIDE_PAYMENT_HANDLER)).isEqualTo(Map.of("ORDERS_TABLE", Map.of("Ref", table)));
    for (String handler : List.of(OrderflowStack.COMPLETE_ORDER_HANDLER, OrderflowStack.FAIL_ORDER_HANDLER)) {
      assertThat(environment(handler)).isEqualTo(Map.of("ORDERS_TABLE", Map.of("Ref", table), "ORDER_TOPIC_ARN", Map.of("Ref", topic)));
    }
    assertThat(environment(OrderflowStack.MAILER_HANDLER)).isEqualTo(Map.of("ORDERS_TABLE", Map.of("Ref", table),
        "ORDER_EMAIL_FROM", Map.of("Ref", OrderflowStack.SENDER_IDENTITY_PARAMETER),
        "ORDER_EMAIL_CONFIGURATION_SET", Map.of("Ref", json.ofType("AWS::SES::ConfigurationSet").keySet().iterator().next()),
        "ORDER_EMAIL_ACCOUNT_SENDS_PER_SECOND", Map.of("Ref", OrderflowStack.EMAIL_SEND_RATE_PARAMETER),
        "ORDER_EMAIL_MAILERS", Integer.toString(OutcomeMail.MAX_CONCURRENCY)));
    // AWS_REGION is Lambda's own
    String api = json.ofType("AWS::AppSync::GraphQLApi").keySet().iterator().next();
    assertThat(environment(OrderflowStack.PUBLISHER_HANDLER)).isEqualTo(Map.of(
        "ORDER_UPDATES_URL", Map.of("Fn::GetAtt", List.of(api, "GraphQLUrl"))));
  }

  @Test
  void no_resource_has_a_physical_name() {
    List<String> nameProperties = List.of("TableName", "QueueName", "TopicName", "FunctionName", "RoleName",
        "StateMachineName", "UserPoolName", "AlarmName", "PolicyName");
    json.resources().forEach((id, r) -> {
      Map<String, Object> p = TemplateJson.properties(r);
      for (String name : nameProperties) {
        Object value = p.get(name);
        boolean generatedOrReference = value == null || !(value instanceof String)
            || "AWS::IAM::Policy".equals(r.get("Type")); // CDK derives policy names from logical ids
        assertThat(generatedOrReference).as(id + "." + name + " = " + value).isTrue();
      }
    });
    // the only named log group is the one AppSync writes to, named by the API's generated id
    json.ofType("AWS::Logs::LogGroup").forEach((id, g) -> {
      Object name = TemplateJson.properties(g).get("LogGroupName");
      assertThat(name == null || name.toString().contains("ApiId")).as(id).isTrue();
    });
  }

  /** The order queue: the queue of {@link OrderQueue} (the mail queue has a redrive policy too). */
  private static String orderQueueId() {
    List<String> ids = json.ofType("AWS::SQS::Queue").entrySet().stream()
        .filter(e -> TemplateJson.properties(e.getValue()).containsKey("RedrivePolicy") && e.getKey().startsWith("OrderQueue"))
        .map(Map.Entry::getKey).collect(Collectors.toList());
    assertThat(ids).hasSize(1);
    return ids.get(0);
  }

  /** The consumer's event source mapping: the one on the order queue. */
  private static Map<String, Object> orderQueueMapping() {
    List<Map<String, Object>> mappings = json.ofType("AWS::Lambda::EventSourceMapping").values().stream()
        .map(TemplateJson::properties)
        .filter(m -> m.get("EventSourceArn").equals(Map.of("Fn::GetAtt", List.of(orderQueueId(), "Arn"))))
        .toList();
    assertThat(mappings).hasSize(1);
    return mappings.get(0);
  }

  static String liveAliasId(TemplateJson json, String functionId) {
    List<String> ids = json.ofType("AWS::Lambda::Alias").entrySet().stream()
        .filter(e -> functionId.equals(TemplateJson.ref(TemplateJson.properties(e.getValue()).get("FunctionName"))))
        .filter(e -> "live".equals(TemplateJson.properties(e.getValue()).get("Name")))
        .map(Map.Entry::getKey).collect(Collectors.toList());
    assertThat(ids).as("live alias of " + functionId).hasSize(1);
    return ids.get(0);
  }

  private static String liveAliasId(String functionId) {
    List<String> ids = json.ofType("AWS::Lambda::Alias").entrySet().stream()
        .filter(e -> functionId.equals(TemplateJson.ref(TemplateJson.properties(e.getValue()).get("FunctionName"))))
        .filter(e -> "live".equals(TemplateJson.properties(e.getValue()).get("Name")))
        .map(Map.Entry::getKey).collect(Collectors.toList());
    assertThat(ids).as("live alias of " + functionId).hasSize(1);
    return ids.get(0);
  }

  private static Map<String, Object> liveAliasOf(String functionId) {
    return TemplateJson.properties(json.resource(liveAliasId(functionId)));
  }

  /**
   * The handler's own settings: the variables it reads, without the JVM options and the logging and metrics
   * settings every function gets (OperationsTest).
   */
  private static Map<String, Object> environment(String handler) {
    Map<String, Object> fn = TemplateJson.properties(json.resource(json.functionByHandler(handler)));
    Map<String, Object> variables = new java.util.HashMap<>(
        TemplateJson.map(TemplateJson.<Object>map(fn.get("Environment")).get("Variables")));
    variables.remove("JAVA_TOOL_OPTIONS");
    SnapStartFunction.observabilityEnvironment("any").keySet().forEach(variables::remove);
    return variables;
  }

  /** {@code Query.order}, … : every field of the schema's Query and Mutation types. */
  static List<String> schemaFields(String schema) {
    String text = schema.replaceAll("#[^\\n]*", "");
    List<String> fields = new java.util.ArrayList<>();
    Matcher type = Pattern.compile("type\\s+(Query|Mutation)\\s*\\{([^}]*)}").matcher(text);
    while (type.find()) {
      Matcher field = Pattern.compile("(?m)^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*[(:]").matcher(type.group(2));
      while (field.find()) {
        fields.add(type.group(1) + "." + field.group(1));
      }
    }
    return fields;
  }
}
