package dev.orderflow.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each role may do what its handler needs and nothing else. */
class LeastPrivilegeTest {
  private static final Set<String> LOGS = Set.of("logs:CreateLogStream", "logs:PutLogEvents");
  private static final Set<String> TABLE_READ = Set.of("dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:GetItem",
      "dynamodb:Scan", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable", "dynamodb:GetRecords",
      "dynamodb:GetShardIterator");
  private static final Set<String> TABLE_WRITE = Set.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
      "dynamodb:BatchWriteItem");

  private static TemplateJson json;

  @BeforeAll
  static void synthesize() {
    json = new TemplateJson(Synthesized.production().template.toJSON());
  }

  @Test
  void no_statement_allows_every_action_or_every_principal() {
    List<Map<String, Object>> allows = json.allStatements().stream()
        .filter(s -> "Allow".equals(s.get("Effect"))).toList();
    assertThat(allows).hasSizeGreaterThan(10);
    for (Map<String, Object> s : allows) {
      assertThat(TemplateJson.actions(s)).as(s.toString()).isNotEmpty().noneMatch(a -> a.equals("*") || a.endsWith(":*"));
      assertThat(String.valueOf(s.get("Principal"))).as(s.toString()).doesNotContain("*");
    }
  }

  @Test
  void the_only_wildcard_principals_are_in_statements_that_deny_requests_without_tls() {
    for (Map<String, Object> s : json.allStatements()) {
      if (String.valueOf(s.get("Principal")).contains("*")) {
        assertThat(s.get("Effect")).isEqualTo("Deny");
        assertThat(s.get("Condition")).isEqualTo(Map.of("Bool", Map.of("aws:SecureTransport", "false")));
      }
    }
  }

  @Test
  void decide_payment_reads_the_table_and_only_updates_items_to_start_a_payment() {
    Set<String> actions = actionsOf(OrderflowStack.DECIDE_PAYMENT_HANDLER);
    assertThat(actions).contains("dynamodb:GetItem", "dynamodb:UpdateItem")
        .doesNotContain("dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem");
    assertThat(actions).allMatch(a -> LOGS.contains(a) || TABLE_READ.contains(a) || a.equals("dynamodb:UpdateItem"));
  }

  @Test
  void initialize_order_writes_the_table_and_nothing_else() {
    Set<String> actions = actionsOf(OrderflowStack.INITIALIZE_ORDER_HANDLER);
    assertThat(actions).contains("dynamodb:PutItem", "dynamodb:GetItem");
    assertThat(actions).allMatch(a -> LOGS.contains(a) || TABLE_READ.contains(a) || TABLE_WRITE.contains(a));
  }

  @Test
  void complete_and_fail_order_write_the_table_and_publish_to_the_topic_only() {
    String topic = json.ofType("AWS::SNS::Topic").keySet().iterator().next();
    for (String handler : List.of(OrderflowStack.COMPLETE_ORDER_HANDLER, OrderflowStack.FAIL_ORDER_HANDLER)) {
      Set<String> actions = actionsOf(handler);
      assertThat(actions).as(handler).contains("dynamodb:UpdateItem", "sns:Publish");
      assertThat(actions).as(handler).allMatch(a -> LOGS.contains(a) || TABLE_READ.contains(a)
          || TABLE_WRITE.contains(a) || a.equals("sns:Publish"));
      assertThat(statementsWith(handler, "sns:Publish")).allSatisfy(s ->
          assertThat(s.get("Resource")).isEqualTo(Map.of("Ref", topic)));
    }
  }

  @Test
  void the_consumer_may_only_start_the_state_machine_and_consume_its_queue() {
    String machine = json.ofType("AWS::StepFunctions::StateMachine").keySet().iterator().next();
    Set<String> actions = actionsOf(OrderflowStack.CONSUMER_HANDLER);
    assertThat(actions).contains("states:StartExecution", "sqs:ReceiveMessage", "sqs:DeleteMessage");
    assertThat(actions).allMatch(a -> LOGS.contains(a) || a.equals("states:StartExecution")
        || Set.of("sqs:ReceiveMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl", "sqs:DeleteMessage",
            "sqs:GetQueueAttributes").contains(a));
    assertThat(statementsWith(OrderflowStack.CONSUMER_HANDLER, "states:StartExecution")).singleElement()
        .satisfies(s -> assertThat(s.get("Resource")).isEqualTo(Map.of("Ref", machine)));
  }

  @Test
  void the_resolver_reads_and_writes_the_table_and_sends_to_the_queue_only() {
    Set<String> actions = actionsOf(OrderflowStack.RESOLVER_HANDLER);
    assertThat(actions).contains("dynamodb:GetItem", "dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
        "sqs:SendMessage");
    assertThat(actions).allMatch(a -> LOGS.contains(a) || TABLE_READ.contains(a) || TABLE_WRITE.contains(a)
        || Set.of("sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl").contains(a));
  }

  @Test
  void each_function_writes_only_its_own_log_group() {
    for (String handler : List.of(OrderflowStack.RESOLVER_HANDLER, OrderflowStack.CONSUMER_HANDLER,
        OrderflowStack.INITIALIZE_ORDER_HANDLER, OrderflowStack.DECIDE_PAYMENT_HANDLER,
        OrderflowStack.COMPLETE_ORDER_HANDLER, OrderflowStack.FAIL_ORDER_HANDLER)) {
      Map<String, Object> fn = TemplateJson.properties(json.resource(json.functionByHandler(handler)));
      String logGroup = TemplateJson.ref(TemplateJson.<Object>map(fn.get("LoggingConfig")).get("LogGroup"));
      assertThat(statementsWith(handler, "logs:PutLogEvents")).singleElement().satisfies(s ->
          assertThat(s.get("Resource")).isEqualTo(Map.of("Fn::GetAtt", List.of(logGroup, "Arn"))));
      // and no AWS-managed policy (AWSLambdaBasicExecutionRole would allow every log group)
      assertThat(TemplateJson.properties(json.resource(json.roleOf(json.functionByHandler(handler)))))
          .doesNotContainKey("ManagedPolicyArns");
    }
  }

  @Test
  void the_state_machine_invokes_only_the_live_aliases_of_the_four_steps() {
    String machine = json.ofType("AWS::StepFunctions::StateMachine").keySet().iterator().next();
    String role = (String) TemplateJson.getAtt(TemplateJson.properties(json.resource(machine)).get("RoleArn"))[0];
    Set<Object> invoked = new TreeSet<>();
    for (Map<String, Object> s : json.statementsOfRole(role)) {
      if (TemplateJson.actions(s).contains("lambda:InvokeFunction")) {
        assertThat(TemplateJson.actions(s)).containsExactly("lambda:InvokeFunction");
        invoked.add(TemplateJson.ref(s.get("Resource")));
      }
    }
    Set<String> stepAliases = new TreeSet<>();
    for (String handler : List.of(OrderflowStack.INITIALIZE_ORDER_HANDLER, OrderflowStack.DECIDE_PAYMENT_HANDLER,
        OrderflowStack.COMPLETE_ORDER_HANDLER, OrderflowStack.FAIL_ORDER_HANDLER)) {
      String fn = json.functionByHandler(handler);
      json.ofType("AWS::Lambda::Alias").forEach((id, a) -> {
        if (fn.equals(TemplateJson.ref(TemplateJson.properties(a).get("FunctionName")))) {
          stepAliases.add(id);
        }
      });
    }
    assertThat(invoked).isEqualTo(stepAliases);
  }

  private static Set<String> actionsOf(String handler) {
    Set<String> actions = new TreeSet<>();
    for (Map<String, Object> s : json.statementsOfRole(json.roleOf(json.functionByHandler(handler)))) {
      assertThat(s.get("Effect")).isEqualTo("Allow");
      actions.addAll(TemplateJson.actions(s));
    }
    return actions;
  }

  private static List<Map<String, Object>> statementsWith(String handler, String action) {
    return json.statementsOfRole(json.roleOf(json.functionByHandler(handler))).stream()
        .filter(s -> TemplateJson.actions(s).contains(action)).toList();
  }
}
