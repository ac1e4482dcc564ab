package dev.orderflow.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.aws.dynamodb.DynamoDbOrderRepository;
import dev.orderflow.infra.OrderflowStack.Access;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each role may do what its code calls and nothing else: every role of the synthesized template is compared,
 * action for action, with its allow-list ({@link OrderflowStack#ACCESS}, {@link OrderWorkflow#ROLE_ACTIONS},
 * {@link OrderApi#LOGS_ROLE_ACTIONS}, {@link OrderApi#DATA_SOURCE_ROLE_ACTIONS}). A new call is denied at run
 * time and a new grant fails here until the allow-list names it.
 */
class LeastPrivilegeTest {
  private static final List<String> HANDLERS = List.of(OrderflowStack.RESOLVER_HANDLER,
      OrderflowStack.CONSUMER_HANDLER, OrderflowStack.INITIALIZE_ORDER_HANDLER, OrderflowStack.DECIDE_PAYMENT_HANDLER,
      OrderflowStack.COMPLETE_ORDER_HANDLER, OrderflowStack.FAIL_ORDER_HANDLER, OrderflowStack.PUBLISHER_HANDLER,
      OrderflowStack.MAILER_HANDLER);

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
  void every_role_may_take_exactly_the_actions_of_its_allow_list() {
    for (Synthesized synthesized : List.of(Synthesized.production(), Synthesized.devStage())) {
      TemplateJson t = new TemplateJson(synthesized.template.toJSON());
      Map<String, Set<String>> expected = allowListByRole(t);
      // no role without an allow-list: a new role (a new function, a CDK custom resource) fails here
      assertThat(t.ofType("AWS::IAM::Role").keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
      expected.forEach((role, actions) ->
          assertThat(actionsOfRole(t, role)).as("actions of role %s", role).isEqualTo(new TreeSet<>(actions)));
    }
  }

  @Test
  void the_allow_list_names_every_handler_and_only_the_calls_of_the_code() {
    assertThat(OrderflowStack.ACCESS.keySet()).containsExactlyInAnyOrderElementsOf(HANDLERS);
    Map<String, Set<String>> table = new TreeMap<>();
    OrderflowStack.ACCESS.forEach((handler, access) -> table.put(handler, access.table()));
    // what DynamoDbOrderRepository's methods, called by each handler's use cases, send
    assertThat(table).isEqualTo(Map.of(
        OrderflowStack.RESOLVER_HANDLER, Set.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:UpdateItem",
            "dynamodb:PutItem"),
        OrderflowStack.CONSUMER_HANDLER, Set.of(),
        OrderflowStack.INITIALIZE_ORDER_HANDLER, Set.of("dynamodb:GetItem", "dynamodb:PutItem"),
        OrderflowStack.DECIDE_PAYMENT_HANDLER, Set.of("dynamodb:GetItem", "dynamodb:UpdateItem"),
        OrderflowStack.COMPLETE_ORDER_HANDLER, Set.of("dynamodb:GetItem", "dynamodb:UpdateItem"),
        OrderflowStack.FAIL_ORDER_HANDLER, Set.of("dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:PutItem"),
        OrderflowStack.PUBLISHER_HANDLER, Set.of(),
        // EmailOutcome: find, claimEmail and markEmailed
        OrderflowStack.MAILER_HANDLER, Set.of("dynamodb:GetItem", "dynamodb:UpdateItem")));
    // the publisher reads the table's stream (its event source mapping, with its role), sends what it gives
    // up on to the failure queue, and calls one GraphQL field; nobody else does any of it
    Map<String, Access3> live = new TreeMap<>();
    OrderflowStack.ACCESS.forEach((handler, access) ->
        live.put(handler, new Access3(access.tableStream(), access.failureQueue(), access.api())));
    Access3 none = new Access3(Set.of(), Set.of(), Set.of());
    assertThat(live).isEqualTo(Map.of(
        OrderflowStack.RESOLVER_HANDLER, none,
        OrderflowStack.CONSUMER_HANDLER, none,
        OrderflowStack.INITIALIZE_ORDER_HANDLER, none,
        OrderflowStack.DECIDE_PAYMENT_HANDLER, none,
        OrderflowStack.COMPLETE_ORDER_HANDLER, none,
        OrderflowStack.FAIL_ORDER_HANDLER, none,
        OrderflowStack.MAILER_HANDLER, none,
        OrderflowStack.PUBLISHER_HANDLER, new Access3(
            Set.of("dynamodb:DescribeStream", "dynamodb:GetShardIterator", "dynamodb:GetRecords", "dynamodb:ListStreams"),
            Set.of("sqs:SendMessage"), Set.of("appsync:GraphQL"))));
    Access publisher = OrderflowStack.ACCESS.get(OrderflowStack.PUBLISHER_HANDLER);
    assertThat(publisher.table()).isEmpty();
    assertThat(publisher.pendingIndex()).isEmpty();
    assertThat(publisher.queue()).isEmpty();
    assertThat(publisher.topic()).isEmpty();
    assertThat(publisher.stateMachine()).isEmpty();
    // only the mailer reads the mail queue, decrypts with its key and sends through SES
    Map<String, Access3> mail = new TreeMap<>();
    OrderflowStack.ACCESS.forEach((handler, access) ->
        mail.put(handler, new Access3(access.mailQueue(), access.mailKey(), access.mail())));
    Map<String, Access3> expectedMail = new TreeMap<>();
    HANDLERS.forEach(handler -> expectedMail.put(handler, new Access3(Set.of(), Set.of(), Set.of())));
    expectedMail.put(OrderflowStack.MAILER_HANDLER, new Access3(
        Set.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"), Set.of("kms:Decrypt"),
        Set.of("ses:SendEmail")));
    assertThat(mail).isEqualTo(expectedMail);
    Access mailer = OrderflowStack.ACCESS.get(OrderflowStack.MAILER_HANDLER);
    assertThat(mailer.queue()).isEmpty();
    assertThat(mailer.topic()).isEmpty();
    assertThat(mailer.stateMachine()).isEmpty();
    assertThat(mailer.pendingIndex()).isEmpty();
  }

  @Test
  void the_mailer_sends_only_as_the_sender_identity_through_the_configuration_set_and_polls_only_the_mail_queue() {
    String identity = json.ofType("AWS::SES::EmailIdentity").keySet().iterator().next();
    String configurationSet = json.ofType("AWS::SES::ConfigurationSet").keySet().iterator().next();
    assertThat(statementsWith(OrderflowStack.MAILER_HANDLER, "ses:SendEmail")).singleElement().satisfies(s -> {
      assertThat(TemplateJson.actions(s)).containsExactly("ses:SendEmail");
      List<Object> resources = TemplateJson.list(s.get("Resource"));
      assertThat(resources).hasSize(2);
      assertThat(resources.get(0).toString()).contains(":identity/", "Ref=" + identity + "}")
          .doesNotContain("*");
      assertThat(resources.get(1).toString()).contains(":configuration-set/", "Ref=" + configurationSet)
          .doesNotContain("*");
    });
    assertThat(identity).isNotBlank();
    Map<String, Object> mapping = mappingOf(json, OrderflowStack.MAILER_HANDLER);
    assertThat(statementsWith(OrderflowStack.MAILER_HANDLER, "sqs:ReceiveMessage")).singleElement()
        .satisfies(s -> assertThat(s.get("Resource")).isEqualTo(mapping.get("EventSourceArn")));
    String mailQueue = (String) TemplateJson.getAtt(mapping.get("EventSourceArn"))[0];
    String key = (String) TemplateJson.getAtt(TemplateJson.properties(json.resource(mailQueue)).get("KmsMasterKeyId"))[0];
    assertThat(statementsWith(OrderflowStack.MAILER_HANDLER, "kms:Decrypt")).singleElement().satisfies(s -> {
      assertThat(TemplateJson.actions(s)).containsExactly("kms:Decrypt");
      assertThat(s.get("Resource")).isEqualTo(Map.of("Fn::GetAtt", List.of(key, "Arn")));
    });
    // no other function role may use the mail key or send mail
    for (String handler : HANDLERS) {
      if (!OrderflowStack.MAILER_HANDLER.equals(handler)) {
        assertThat(json.statementsOfRole(json.roleOf(json.functionByHandler(handler)))).as(handler)
            .allSatisfy(s -> assertThat(TemplateJson.actions(s)).noneMatch(a -> a.startsWith("ses:") || a.startsWith("kms:")));
      }
    }
  }

  private record Access3(Set<String> tableStream, Set<String> failureQueue, Set<String> api) {
  }

  @Test
  void the_publisher_calls_only_publish_order_update_by_its_field_arn() {
    String api = json.ofType("AWS::AppSync::GraphQLApi").keySet().iterator().next();
    Object fieldArn = Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"), ":appsync:",
        Map.of("Ref", "AWS::Region"), ":", Map.of("Ref", "AWS::AccountId"), ":apis/",
        Map.of("Fn::GetAtt", List.of(api, "ApiId")), "/types/Mutation/fields/publishOrderUpdate")));
    assertThat(statementsWith(OrderflowStack.PUBLISHER_HANDLER, "appsync:GraphQL")).singleElement().satisfies(s -> {
      assertThat(TemplateJson.actions(s)).containsExactly("appsync:GraphQL");
      assertThat(s.get("Resource")).isEqualTo(fieldArn);
    });
    // no other role of the template may call the API
    for (Map<String, Object> s : json.allStatements()) {
      if (TemplateJson.actions(s).stream().anyMatch(a -> a.startsWith("appsync:"))) {
        assertThat(s.get("Resource")).isEqualTo(fieldArn);
      }
    }
  }

  @Test
  void the_publisher_reads_only_the_table_stream_and_sends_only_to_the_failure_queue() {
    String tableId = json.ofType("AWS::DynamoDB::Table").keySet().iterator().next();
    Map<String, Object> mapping = publisherMapping(json);
    assertThat(mapping.get("EventSourceArn")).isEqualTo(Map.of("Fn::GetAtt", List.of(tableId, "StreamArn")));
    assertThat(statementsWith(OrderflowStack.PUBLISHER_HANDLER, "dynamodb:GetRecords")).singleElement().satisfies(s -> {
      assertThat(TemplateJson.actions(s)).containsExactlyInAnyOrder(
          "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator");
      assertThat(s.get("Resource")).isEqualTo(mapping.get("EventSourceArn"));
    });
    assertThat(statementsWith(OrderflowStack.PUBLISHER_HANDLER, "sqs:SendMessage")).singleElement().satisfies(s -> {
      assertThat(TemplateJson.actions(s)).containsExactly("sqs:SendMessage");
      assertThat(s.get("Resource")).isEqualTo(TemplateJson.<Object>map(TemplateJson.<Object>map(
          mapping.get("DestinationConfig")).get("OnFailure")).get("Destination"));
    });
  }

  @Test
  void a_function_role_acts_on_every_resource_only_to_send_traces_and_for_the_publisher_to_list_streams() {
    for (String handler : HANDLERS) {
      Set<String> onEveryResource = new TreeSet<>();
      for (Map<String, Object> s : json.statementsOfRole(json.roleOf(json.functionByHandler(handler)))) {
        if ("*".equals(s.get("Resource"))) {
          onEveryResource.addAll(TemplateJson.actions(s));
        } else {
          assertThat(String.valueOf(s.get("Resource"))).as(handler).doesNotContain("*");
        }
      }
      // X-Ray's actions and ListStreams support no resource-level permissions
      Set<String> expected = new TreeSet<>(SnapStartFunction.TRACING_ACTIONS);
      if (OrderflowStack.PUBLISHER_HANDLER.equals(handler)) {
        expected.add("dynamodb:ListStreams");
      }
      assertThat(onEveryResource).as(handler).isEqualTo(expected);
    }
  }

  @Test
  void every_function_role_may_send_traces_and_nothing_else_of_x_ray() {
    assertThat(SnapStartFunction.TRACING_ACTIONS).containsExactlyInAnyOrder("xray:PutTraceSegments",
        "xray:PutTelemetryRecords");
    for (String handler : HANDLERS) {
      assertThat(OrderflowStack.ACCESS.get(handler).allActions()).as(handler)
          .containsAll(SnapStartFunction.TRACING_ACTIONS)
          .filteredOn(a -> a.startsWith("xray:")).containsExactlyInAnyOrderElementsOf(SnapStartFunction.TRACING_ACTIONS);
    }
  }

  @Test
  void no_statement_anywhere_allows_a_scan_or_every_dynamodb_action() {
    for (Synthesized synthesized : List.of(Synthesized.production(), Synthesized.devStage())) {
      for (Map<String, Object> s : new TemplateJson(synthesized.template.toJSON()).allStatements()) {
        assertThat(TemplateJson.actions(s)).as(s.toString())
            .doesNotContain("dynamodb:Scan", "dynamodb:*", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem",
                "dynamodb:BatchGetItem", "dynamodb:PartiQLSelect", "*")
            .noneMatch(a -> a.startsWith("dynamodb:") && (a.contains("*") || a.contains("?")));
      }
    }
  }

  @Test
  void the_pending_index_is_the_one_the_repository_counts() {
    Map<String, Object> table = json.ofType("AWS::DynamoDB::Table").values().iterator().next();
    assertThat(table.toString()).contains("IndexName=" + DynamoDbOrderRepository.PENDING_INDEX)
        .contains("AttributeName=" + DynamoDbOrderRepository.PENDING_FOR);
    assertThat(OrdersTable.PENDING_INDEX).isEqualTo(DynamoDbOrderRepository.PENDING_INDEX);
    assertThat(OrdersTable.PENDING_FOR).isEqualTo(DynamoDbOrderRepository.PENDING_FOR);
  }

  @Test
  void table_actions_apply_to_the_orders_table_only() {
    String tableId = json.ofType("AWS::DynamoDB::Table").keySet().iterator().next();
    for (String handler : HANDLERS) {
      for (Map<String, Object> s : json.statementsOfRole(json.roleOf(json.functionByHandler(handler)))) {
        if (OrderflowStack.PUBLISHER_HANDLER.equals(handler)) {
          // its stream actions: the_publisher_reads_only_the_table_stream_and_sends_only_to_the_failure_queue
          assertThat(TemplateJson.actions(s)).as(handler).allMatch(a -> !a.startsWith("dynamodb:")
              || Set.of("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
                  "dynamodb:ListStreams").contains(a));
          continue;
        }
        if (TemplateJson.actions(s).stream().anyMatch(a -> a.startsWith("dynamodb:"))) {
          assertThat(TemplateJson.actions(s)).as(handler).allMatch(a -> a.startsWith("dynamodb:"));
          Object resource = s.get("Resource");
          List<Object> resources = resource instanceof List<?> l ? List.copyOf(l) : List.of(resource);
          Object tableArn = Map.of("Fn::GetAtt", List.of(tableId, "Arn"));
          Object pendingIndexArn = Map.of("Fn::Join", List.of("", List.of(tableArn, "/index/" + OrdersTable.PENDING_INDEX)));
          assertThat(resources).as(handler).isNotEmpty().allSatisfy(r -> assertThat(r).isIn(tableArn, pendingIndexArn));
          if (resources.contains(pendingIndexArn)) {
            assertThat(handler).isEqualTo(OrderflowStack.RESOLVER_HANDLER);
            assertThat(TemplateJson.actions(s)).containsExactly("dynamodb:Query");
          }
        }
      }
    }
  }

  @Test
  void complete_and_fail_order_publish_to_the_outcome_topic_only() {
    String topic = json.outcomeTopic();
    for (String handler : List.of(OrderflowStack.COMPLETE_ORDER_HANDLER, OrderflowStack.FAIL_ORDER_HANDLER)) {
      assertThat(statementsWith(handler, "sns:Publish")).as(handler).singleElement().satisfies(s -> {
        assertThat(TemplateJson.actions(s)).containsExactly("sns:Publish");
        assertThat(s.get("Resource")).isEqualTo(Map.of("Ref", topic));
      });
    }
  }

  @Test
  void the_consumer_starts_only_the_order_workflow_and_polls_only_the_order_queue() {
    String machine = json.ofType("AWS::StepFunctions::StateMachine").keySet().iterator().next();
    assertThat(statementsWith(OrderflowStack.CONSUMER_HANDLER, "states:StartExecution")).singleElement()
        .satisfies(s -> assertThat(s.get("Resource")).isEqualTo(Map.of("Ref", machine)));
    Map<String, Object> mapping = orderQueueMapping(json);
    assertThat(statementsWith(OrderflowStack.CONSUMER_HANDLER, "sqs:ReceiveMessage")).singleElement()
        .satisfies(s -> assertThat(s.get("Resource")).isEqualTo(mapping.get("EventSourceArn")));
  }

  @Test
  void the_resolver_sends_only_to_the_order_queue() {
    assertThat(statementsWith(OrderflowStack.RESOLVER_HANDLER, "sqs:SendMessage")).singleElement()
        .satisfies(s -> {
          assertThat(TemplateJson.actions(s)).containsExactly("sqs:SendMessage");
          Map<String, Object> mapping = orderQueueMapping(json);
          assertThat(s.get("Resource")).isEqualTo(mapping.get("EventSourceArn"));
        });
  }

  @Test
  void each_function_writes_only_its_own_log_group() {
    for (String handler : HANDLERS) {
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

  /** Role logical id → the allow-list it must match exactly. */
  private static Map<String, Set<String>> allowListByRole(TemplateJson t) {
    Map<String, Set<String>> byRole = new TreeMap<>();
    OrderflowStack.ACCESS.forEach((handler, access) ->
        byRole.put(t.roleOf(t.functionByHandler(handler)), access.allActions()));
    String machine = t.ofType("AWS::StepFunctions::StateMachine").keySet().iterator().next();
    byRole.put((String) TemplateJson.getAtt(TemplateJson.properties(t.resource(machine)).get("RoleArn"))[0],
        OrderWorkflow.ROLE_ACTIONS);
    Map<String, Object> api = TemplateJson.properties(t.ofType("AWS::AppSync::GraphQLApi").values().iterator().next());
    byRole.put((String) TemplateJson.getAtt(TemplateJson.<Object>map(api.get("LogConfig")).get("CloudWatchLogsRoleArn"))[0],
        OrderApi.LOGS_ROLE_ACTIONS);
    // the resolver function's data source has a role; the live updates' NONE data source calls nothing
    List<Map<String, Object>> dataSources = t.ofType("AWS::AppSync::DataSource").values().stream()
        .map(TemplateJson::properties).toList();
    assertThat(dataSources).extracting(d -> d.get("Type")).containsExactlyInAnyOrder("AWS_LAMBDA", "NONE");
    Map<String, Object> lambdaSource = dataSources.stream().filter(d -> "AWS_LAMBDA".equals(d.get("Type")))
        .findFirst().orElseThrow();
    assertThat(dataSources).filteredOn(d -> "NONE".equals(d.get("Type")))
        .allSatisfy(d -> assertThat(d).doesNotContainKey("ServiceRoleArn"));
    byRole.put((String) TemplateJson.getAtt(lambdaSource.get("ServiceRoleArn"))[0],
        OrderApi.DATA_SOURCE_ROLE_ACTIONS);
    return byRole;
  }

  /** The consumer's event source mapping: the one of its alias. */
  private static Map<String, Object> orderQueueMapping(TemplateJson t) {
    return mappingOf(t, OrderflowStack.CONSUMER_HANDLER);
  }

  /** The event source mapping of the {@code live} alias of the function running {@code handler}. */
  private static Map<String, Object> mappingOf(TemplateJson t, String handler) {
    String alias = OrderflowStackTemplateTest.liveAliasId(t, t.functionByHandler(handler));
    List<Map<String, Object>> mappings = t.ofType("AWS::Lambda::EventSourceMapping").values().stream()
        .map(TemplateJson::properties).filter(m -> m.get("FunctionName").toString().contains("Ref=" + alias)).toList();
    assertThat(mappings).as("event source mapping of " + handler).hasSize(1);
    return mappings.get(0);
  }

  /** The publisher's event source mapping: the one on the table's stream. */
  private static Map<String, Object> publisherMapping(TemplateJson t) {
    return mappingOn(t, "AWS::DynamoDB::Table");
  }

  private static Map<String, Object> mappingOn(TemplateJson t, String sourceType) {
    List<Map<String, Object>> mappings = t.ofType("AWS::Lambda::EventSourceMapping").values().stream()
        .map(TemplateJson::properties)
        .filter(m -> sourceType.equals(t.resource((String) TemplateJson.getAtt(m.get("EventSourceArn"))[0]).get("Type")))
        .toList();
    assertThat(mappings).as("event source mapping on a " + sourceType).hasSize(1);
    return mappings.get(0);
  }

  private static Set<String> actionsOfRole(TemplateJson t, String role) {
    Set<String> actions = new TreeSet<>();
    for (Map<String, Object> s : t.statementsOfRole(role)) {
      assertThat(s.get("Effect")).isEqualTo("Allow");
      assertThat(s).doesNotContainKeys("NotAction", "NotResource");
      actions.addAll(TemplateJson.actions(s));
    }
    // and no managed policy, whose actions the template does not show
    assertThat(TemplateJson.properties(t.resource(role))).doesNotContainKey("ManagedPolicyArns");
    return actions;
  }

  private static List<Map<String, Object>> statementsWith(String handler, String action) {
    return json.statementsOfRole(json.roleOf(json.functionByHandler(handler))).stream()
        .filter(s -> TemplateJson.actions(s).contains(action)).toList();
  }
}
