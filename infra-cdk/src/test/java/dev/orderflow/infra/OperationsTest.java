package dev.orderflow.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * Operable in production: traces everywhere, alarms that reach the operator (each with its runbook), the
 * functions' logging and metrics settings, and the dashboard ({@link Operations}, {@link AlarmTopic}).
 */
class OperationsTest {
  private static final List<String> HANDLERS = List.of(
      OrderflowStack.RESOLVER_HANDLER, OrderflowStack.CONSUMER_HANDLER, OrderflowStack.INITIALIZE_ORDER_HANDLER,
      OrderflowStack.DECIDE_PAYMENT_HANDLER, OrderflowStack.COMPLETE_ORDER_HANDLER, OrderflowStack.FAIL_ORDER_HANDLER,
      OrderflowStack.PUBLISHER_HANDLER, OrderflowStack.MAILER_HANDLER);
  /** Every metric the functions emit (namespace Orderflow, dimension Service). */
  private static final List<String> ORDER_METRICS = List.of("OrdersAccepted", "OrdersSucceeded", "OrdersFailed",
      "OrdersCancelled", "OrdersDeleted", "DuplicateDeliveriesSuppressed", "ValidationErrors", "TimeToFinal",
      "UpdatesPublished", "EmailsSent", "EmailFailures", "MalformedNotifications");
  /** A token of the dashboard body (a Ref, GetAtt, …) once its Fn::Join is flattened. */
  private static final String TOKEN = "${TOKEN}";

  private static Template template;
  private static TemplateJson json;

  @BeforeAll
  static void synthesize() {
    template = Synthesized.production().template;
    json = new TemplateJson(template.toJSON());
  }

  // ---- traces

  @Test
  void every_function_the_state_machine_and_the_api_are_traced_with_x_ray() {
    for (Synthesized synthesized : List.of(Synthesized.production(), Synthesized.devStage())) {
      TemplateJson t = new TemplateJson(synthesized.template.toJSON());
      assertThat(t.ofType("AWS::Lambda::Function")).hasSize(HANDLERS.size()).allSatisfy((id, fn) ->
          assertThat(TemplateJson.properties(fn).get("TracingConfig")).as(id).isEqualTo(Map.of("Mode", "Active")));
      assertThat(t.ofType("AWS::StepFunctions::StateMachine")).hasSize(1).allSatisfy((id, machine) ->
          assertThat(TemplateJson.properties(machine).get("TracingConfiguration")).isEqualTo(Map.of("Enabled", true)));
      assertThat(t.ofType("AWS::AppSync::GraphQLApi")).hasSize(1).allSatisfy((id, api) ->
          assertThat(TemplateJson.properties(api).get("XrayEnabled")).isEqualTo(true));
    }
  }

  // ---- the functions' logging and metrics settings

  @Test
  void every_function_names_the_stack_as_its_service_the_metrics_namespace_and_the_log_level() {
    for (Synthesized synthesized : List.of(Synthesized.production(), Synthesized.devStage())) {
      TemplateJson t = new TemplateJson(synthesized.template.toJSON());
      assertThat(t.ofType("AWS::Lambda::Function")).hasSize(HANDLERS.size()).allSatisfy((id, fn) ->
          assertThat(TemplateJson.<Object>map(TemplateJson.<Object>map(TemplateJson.properties(fn).get("Environment"))
              .get("Variables"))).as(id)
              .containsEntry("POWERTOOLS_SERVICE_NAME", "Orderflow")
              .containsEntry("POWERTOOLS_METRICS_NAMESPACE", "Orderflow")
              .containsEntry("POWERTOOLS_LOG_LEVEL", "INFO"));
    }
    assertThat(Operations.METRICS_NAMESPACE).isEqualTo("Orderflow");
    assertThat(Operations.SERVICE_DIMENSION).isEqualTo("Service");
  }

  // ---- the alarm topic

  @Test
  void the_alarm_topic_is_encrypted_with_a_rotated_customer_key_that_cloudwatch_may_use() {
    String topic = json.alarmTopic();
    String keyId = (String) TemplateJson.getAtt(TemplateJson.properties(json.resource(topic)).get("KmsMasterKeyId"))[0];
    Map<String, Object> key = TemplateJson.properties(json.resource(keyId));
    assertThat(json.resource(keyId).get("Type")).isEqualTo("AWS::KMS::Key");
    assertThat(key.get("EnableKeyRotation")).isEqualTo(true);
    List<Map<String, Object>> statements = TemplateJson.statements(key.get("KeyPolicy"));
    assertThat(statements).filteredOn(s -> Map.of("Service", "cloudwatch.amazonaws.com").equals(s.get("Principal")))
        .singleElement().satisfies(s -> {
          assertThat(s.get("Effect")).isEqualTo("Allow");
          assertThat(TemplateJson.actions(s)).containsExactlyInAnyOrder("kms:Decrypt", "kms:GenerateDataKey*");
        });
    // the account administers the key, nobody else is named, and nothing may use it but CloudWatch
    assertThat(statements).hasSize(2).allSatisfy(s -> assertThat(s.get("Effect")).isEqualTo("Allow"));
    assertThat(statements).filteredOn(s -> !Map.of("Service", "cloudwatch.amazonaws.com").equals(s.get("Principal")))
        .singleElement().satisfies(s -> {
          assertThat(s.get("Principal").toString()).endsWith(":root]]}}");
          assertThat(TemplateJson.actions(s)).containsExactlyInAnyOrderElementsOf(AlarmTopic.ADMIN_ACTIONS)
              .doesNotContain("kms:*", "kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*");
        });
  }

  @Test
  void the_alarm_topic_refuses_requests_without_tls_and_lets_this_accounts_alarms_publish() {
    String topic = json.alarmTopic();
    template.hasResourceProperties("AWS::SNS::TopicPolicy", Map.of(
        "Topics", List.of(Map.of("Ref", topic)),
        "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(
            Match.objectLike(Map.of(
                "Effect", "Deny",
                "Action", "sns:Publish",
                "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))),
            Match.objectLike(Map.of(
                "Effect", "Allow",
                "Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
                "Action", "sns:Publish",
                "Resource", Map.of("Ref", topic),
                "Condition", Map.of(
                    "ArnLike", Map.of("aws:SourceArn", Map.of("Fn::Join", List.of("", List.of(
                        "arn:", Map.of("Ref", "AWS::Partition"), ":cloudwatch:", Map.of("Ref", "AWS::Region"), ":",
                        Map.of("Ref", "AWS::AccountId"), ":alarm:*")))),
                    "StringEquals", Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId"))))))))));
    // no role of the stack may publish there
    for (Map<String, Object> s : json.allStatements()) {
      if (TemplateJson.actions(s).contains("sns:Publish") && "Allow".equals(s.get("Effect"))
          && !Map.of("Service", "cloudwatch.amazonaws.com").equals(s.get("Principal"))) {
        assertThat(s.get("Resource")).isNotEqualTo(Map.of("Ref", topic));
      }
    }
  }

  @Test
  void the_operators_email_subscribes_to_the_alarm_topic_only() {
    template.hasResourceProperties("AWS::SNS::Subscription", Map.of(
        "Protocol", "email",
        "Endpoint", Map.of("Ref", OrderflowStack.NOTIFICATION_EMAIL_PARAMETER),
        "TopicArn", Map.of("Ref", json.alarmTopic())));
    // the operator's, and the mail queue's on the outcome topic (OutcomeMailTest): no person gets every outcome
    template.resourceCountIs("AWS::SNS::Subscription", 2);
    assertThat(json.ofType("AWS::SNS::Subscription").values().stream().map(TemplateJson::properties)
        .filter(p -> "email".equals(p.get("Protocol")))).singleElement()
        .satisfies(p -> assertThat(p.get("TopicArn")).isEqualTo(Map.of("Ref", json.alarmTopic())));
  }

  // ---- alarms

  @Test
  void every_alarm_sends_alarm_and_ok_notifications_to_the_alarm_topic() {
    for (Synthesized synthesized : List.of(Synthesized.production(), Synthesized.devStage())) {
      TemplateJson t = new TemplateJson(synthesized.template.toJSON());
      Object topic = Map.of("Ref", t.alarmTopic());
      // 15, and the mail dead-letter queue's and the mailer's errors
      assertThat(t.ofType("AWS::CloudWatch::Alarm")).hasSize(17).allSatisfy((id, alarm) -> {
        Map<String, Object> p = TemplateJson.properties(alarm);
        assertThat(p.get("AlarmActions")).as(id).isEqualTo(List.of(topic));
        assertThat(p.get("OKActions")).as(id).isEqualTo(List.of(topic));
        assertThat(p.get("ActionsEnabled")).as(id).isIn(null, true);
      });
    }
  }

  @Test
  void every_alarm_names_its_runbook_a_section_of_the_operating_guide_and_treats_missing_data_deliberately()
      throws Exception {
    Set<String> sections = headingAnchors(Files.readString(Synthesized.REPO_ROOT.resolve(Operations.RUNBOOK)));
    Pattern runbook = Pattern.compile("Runbook: " + Pattern.quote(Operations.RUNBOOK) + "#([a-z0-9-]+)$");
    assertThat(json.ofType("AWS::CloudWatch::Alarm")).allSatisfy((id, alarm) -> {
      Map<String, Object> p = TemplateJson.properties(alarm);
      Matcher m = runbook.matcher(String.valueOf(p.get("AlarmDescription")));
      assertThat(m.find()).as(id + ": " + p.get("AlarmDescription")).isTrue();
      assertThat(sections).as(id).contains(m.group(1));
      assertThat(p.get("TreatMissingData")).as(id).isEqualTo("notBreaching");
    });
  }

  @Test
  void the_dead_letter_queue_alarm_fires_on_its_first_message() {
    String dlq = (String) TemplateJson.getAtt(TemplateJson.<Object>map(
        TemplateJson.properties(json.resource(orderQueueId())).get("RedrivePolicy")).get("deadLetterTargetArn"))[0];
    Map<String, Object> alarm = singleAlarm(a -> "ApproximateNumberOfMessagesVisible".equals(a.get("MetricName"))
        && a.get("Dimensions").toString().contains(dlq));
    assertThat(alarm).containsEntry("Statistic", "Maximum").containsEntry("Period", 60)
        .containsEntry("Threshold", 0).containsEntry("ComparisonOperator", "GreaterThanThreshold")
        .containsEntry("EvaluationPeriods", 1);
  }

  @Test
  void the_queue_age_alarm_fires_when_the_order_queue_is_older_than_a_designed_burst_explains() {
    Map<String, Object> alarm = singleAlarm(a -> "ApproximateAgeOfOldestMessage".equals(a.get("MetricName")));
    assertThat(alarm.get("Dimensions")).isEqualTo(List.of(Map.of("Name", "QueueName",
        "Value", Map.of("Fn::GetAtt", List.of(orderQueueId(), "QueueName")))));
    assertThat(alarm).containsEntry("Namespace", "AWS/SQS").containsEntry("Statistic", "Maximum")
        .containsEntry("Period", 60).containsEntry("Threshold", 1800)
        .containsEntry("ComparisonOperator", "GreaterThanThreshold")
        .containsEntry("EvaluationPeriods", Operations.QUEUE_AGE_MINUTES);
    // above the simulated world-pizza-day peak (24.4 min, docs/capacity.md) and above the longest a message
    // failing every receive stays before the DLQ takes it (its own alarm)
    int threshold = Operations.QUEUE_AGE_THRESHOLD.toSeconds().intValue();
    assertThat(threshold).isGreaterThan(1466)
        .isGreaterThan(PipelineCapacity.MAX_RECEIVE_COUNT * PipelineCapacity.visibilityTimeoutSeconds());
  }

  @Test
  void failed_and_timed_out_executions_each_fire_an_alarm() {
    String machine = json.ofType("AWS::StepFunctions::StateMachine").keySet().iterator().next();
    for (String metric : List.of("ExecutionsFailed", "ExecutionsTimedOut")) {
      Map<String, Object> alarm = singleAlarm(a -> metric.equals(a.get("MetricName")));
      assertThat(alarm).as(metric).containsEntry("Namespace", "AWS/States").containsEntry("Statistic", "Sum")
          .containsEntry("Period", 60).containsEntry("Threshold", 0)
          .containsEntry("ComparisonOperator", "GreaterThanThreshold").containsEntry("EvaluationPeriods", 1);
      assertThat(alarm.get("Dimensions")).as(metric)
          .isEqualTo(List.of(Map.of("Name", "StateMachineArn", "Value", Map.of("Ref", machine))));
    }
  }

  @Test
  void the_orders_not_final_alarm_compares_accepted_orders_with_their_outcomes_over_two_windows() {
    Map<String, Object> alarm = singleAlarm(a -> a.get("Metrics") != null
        && a.get("Metrics").toString().contains("OrdersAccepted"));
    List<Map<String, Object>> queries = queries(alarm);
    Map<String, Object> expression = queries.stream().filter(q -> q.containsKey("Expression")).findFirst().orElseThrow();
    assertThat(expression.get("ReturnData")).isIn(null, true);
    assertThat((String) expression.get("Expression"))
        .contains("accepted", "succeeded", "failed", "cancelled", "100 *", "/ FILL(accepted, 0)");
    Map<String, String> metricOf = new java.util.TreeMap<>();
    for (Map<String, Object> q : queries) {
      if (q.containsKey("MetricStat")) {
        Map<String, Object> stat = TemplateJson.map(q.get("MetricStat"));
        Map<String, Object> metric = TemplateJson.map(stat.get("Metric"));
        assertThat(metric.get("Namespace")).isEqualTo("Orderflow");
        assertThat(metric.get("Dimensions")).isEqualTo(List.of(Map.of("Name", "Service", "Value", "Orderflow")));
        assertThat(stat).containsEntry("Stat", "Sum").containsEntry("Period", 1800);
        assertThat(q.get("ReturnData")).isEqualTo(false);
        metricOf.put((String) q.get("Id"), (String) metric.get("MetricName"));
      }
    }
    assertThat(metricOf).isEqualTo(Map.of("accepted", "OrdersAccepted", "succeeded", "OrdersSucceeded",
        "failed", "OrdersFailed", "cancelled", "OrdersCancelled"));
    assertThat(alarm).containsEntry("Threshold", Operations.NOT_FINAL_PERCENT)
        .containsEntry("ComparisonOperator", "GreaterThanThreshold")
        .containsEntry("EvaluationPeriods", Operations.NOT_FINAL_WINDOWS);
    // two windows together outlast the queue-age threshold: a burst draining within it never fires this
    assertThat(Operations.NOT_FINAL_WINDOW.toSeconds().intValue() * Operations.NOT_FINAL_WINDOWS)
        .isGreaterThanOrEqualTo(2 * Operations.QUEUE_AGE_THRESHOLD.toSeconds().intValue());
  }

  @Test
  void every_function_has_an_error_rate_alarm_and_one_alarm_watches_all_their_throttles() {
    Map<String, Map<String, Object>> alarms = json.ofType("AWS::CloudWatch::Alarm");
    for (String handler : HANDLERS) {
      String fn = json.functionByHandler(handler);
      List<Map<String, Object>> errorAlarms = alarms.values().stream().map(TemplateJson::properties)
          .filter(a -> a.get("Metrics") != null && metricsOf(a).contains("AWS/Lambda Errors " + fn))
          .toList();
      assertThat(errorAlarms).as(handler).singleElement().satisfies(a -> {
        assertThat(metricsOf(a)).containsExactlyInAnyOrder("AWS/Lambda Errors " + fn, "AWS/Lambda Invocations " + fn);
        assertThat(String.valueOf(a.get("Metrics"))).contains(">= " + Operations.FUNCTION_ERRORS_MIN, "100 *");
        assertThat(a).containsEntry("Threshold", Operations.FUNCTION_ERROR_PERCENT)
            .containsEntry("ComparisonOperator", "GreaterThanThreshold").containsEntry("EvaluationPeriods", 1);
        assertThat(String.valueOf(a.get("AlarmDescription"))).contains(handler);
      });
    }
    List<Map<String, Object>> throttleAlarms = alarms.values().stream().map(TemplateJson::properties)
        .filter(a -> a.get("Metrics") != null && metricsOf(a).stream().anyMatch(m -> m.startsWith("AWS/Lambda Throttles")))
        .toList();
    assertThat(throttleAlarms).singleElement().satisfies(a -> {
      assertThat(metricsOf(a)).containsExactlyInAnyOrderElementsOf(
          HANDLERS.stream().map(h -> "AWS/Lambda Throttles " + json.functionByHandler(h)).toList());
      assertThat(a).containsEntry("Threshold", 0).containsEntry("ComparisonOperator", "GreaterThanThreshold")
          .containsEntry("EvaluationPeriods", Operations.THROTTLE_PERIODS);
    });
  }

  @Test
  void an_alarm_fires_on_the_apis_server_errors() {
    String api = json.ofType("AWS::AppSync::GraphQLApi").keySet().iterator().next();
    Map<String, Object> alarm = singleAlarm(a -> "5XXError".equals(a.get("MetricName")));
    assertThat(alarm).containsEntry("Namespace", "AWS/AppSync").containsEntry("Statistic", "Sum")
        .containsEntry("Period", 300).containsEntry("Threshold", Operations.API_SERVER_ERRORS_MIN)
        .containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold").containsEntry("EvaluationPeriods", 1);
    assertThat(alarm.get("Dimensions")).isEqualTo(List.of(Map.of("Name", "GraphQLAPIId",
        "Value", Map.of("Fn::GetAtt", List.of(api, "ApiId")))));
  }

  @Test
  void the_live_updates_failure_queue_alarm_notifies_the_operator_too() {
    Map<String, Object> mapping = json.ofType("AWS::Lambda::EventSourceMapping").values().stream()
        .map(TemplateJson::properties).filter(m -> m.containsKey("DestinationConfig")).findFirst().orElseThrow();
    String failureQueue = (String) TemplateJson.getAtt(TemplateJson.<Object>map(TemplateJson.<Object>map(
        mapping.get("DestinationConfig")).get("OnFailure")).get("Destination"))[0];
    Map<String, Object> alarm = singleAlarm(a -> "ApproximateNumberOfMessagesVisible".equals(a.get("MetricName"))
        && a.get("Dimensions").toString().contains(failureQueue));
    assertThat(alarm.get("AlarmActions")).isEqualTo(List.of(Map.of("Ref", json.alarmTopic())));
  }

  // ---- dashboard

  @Test
  void the_dashboard_shows_the_order_metrics_by_outcome_and_time_to_final_percentiles() throws Exception {
    List<List<Object>> metrics = dashboardMetrics();
    for (String name : ORDER_METRICS) {
      assertThat(metrics).as(name).anySatisfy(m -> assertThat(m.subList(0, 4))
          .isEqualTo(List.of("Orderflow", name, "Service", "Orderflow")));
    }
    assertThat(metrics).filteredOn(m -> "TimeToFinal".equals(m.get(1)))
        .extracting(m -> TemplateJson.<Object>map(m.get(m.size() - 1)).get("stat"))
        .containsExactlyInAnyOrder("p50", "p99");
    Map<String, Object> outcomes = widget("Orders per minute by outcome");
    assertThat(TemplateJson.list(TemplateJson.<Object>map(outcomes.get("properties")).get("metrics")))
        .extracting(m -> TemplateJson.list(m).get(1))
        .containsExactly("OrdersAccepted", "OrdersSucceeded", "OrdersFailed", "OrdersCancelled");
  }

  @Test
  void the_dashboard_shows_the_queues_the_workflow_the_functions_the_api_and_the_live_updates() throws Exception {
    List<String> names = dashboardMetrics().stream().map(m -> m.get(0) + " " + m.get(1)).toList();
    assertThat(names).contains("AWS/SQS ApproximateAgeOfOldestMessage", "AWS/SQS ApproximateNumberOfMessagesVisible",
        "AWS/SQS ApproximateNumberOfMessagesNotVisible", "AWS/States ExecutionsFailed", "AWS/States ExecutionsTimedOut",
        "AWS/States ExecutionsStarted", "AWS/AppSync 4XXError", "AWS/AppSync 5XXError", "AWS/AppSync Latency",
        "AWS/Lambda IteratorAge");
    // errors, throttles and durations of each function
    for (String metric : List.of("Errors", "Throttles", "Duration")) {
      assertThat(names.stream().filter(("AWS/Lambda " + metric)::equals).count()).as(metric)
          .isGreaterThanOrEqualTo(HANDLERS.size());
    }
    // the depths of the order queue, its DLQ, the live updates' failure queue, the mail queue and its DLQ
    assertThat(names.stream().filter("AWS/SQS ApproximateNumberOfMessagesVisible"::equals).count()).isEqualTo(5);
    // every alarm in the status widget, and a Logs Insights query over the functions' log groups
    assertThat(TemplateJson.list(TemplateJson.<Object>map(widget("Alarms").get("properties")).get("alarms")))
        .hasSize(json.ofType("AWS::CloudWatch::Alarm").size());
    Map<String, Object> logs = dashboardBody().get("widgets") instanceof List<?> widgets ? widgets.stream()
        .map(w -> TemplateJson.<Object>map(w)).filter(w -> "log".equals(w.get("type"))).findFirst().orElseThrow()
        : Map.of();
    String query = (String) TemplateJson.<Object>map(logs.get("properties")).get("query");
    assertThat(query).contains("filter level = \"ERROR\"", "orderId");
    assertThat(query.split("SOURCE ", -1)).hasSize(HANDLERS.size() + 1);
  }

  @Test
  void the_dashboard_is_one_and_unnamed_so_two_stacks_never_collide() {
    template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
    assertThat(TemplateJson.properties(json.ofType("AWS::CloudWatch::Dashboard").values().iterator().next()))
        .doesNotContainKey("DashboardName");
  }

  // ---- helpers

  private static Map<String, Object> singleAlarm(java.util.function.Predicate<Map<String, Object>> which) {
    List<Map<String, Object>> found = json.ofType("AWS::CloudWatch::Alarm").values().stream()
        .map(TemplateJson::properties).filter(which).toList();
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private static List<Map<String, Object>> queries(Map<String, Object> alarm) {
    return TemplateJson.list(alarm.get("Metrics")).stream().map(q -> TemplateJson.<Object>map(q)).toList();
  }

  /** "namespace metric functionLogicalId" of each metric of a metric-math alarm (Lambda metrics). */
  private static List<String> metricsOf(Map<String, Object> alarm) {
    List<String> out = new ArrayList<>();
    for (Map<String, Object> q : queries(alarm)) {
      if (q.containsKey("MetricStat")) {
        Map<String, Object> metric = TemplateJson.map(TemplateJson.<Object>map(q.get("MetricStat")).get("Metric"));
        String dimension = TemplateJson.list(metric.get("Dimensions")).stream()
            .map(d -> String.valueOf(TemplateJson.ref(TemplateJson.<Object>map(d).get("Value"))))
            .collect(Collectors.joining(","));
        out.add(metric.get("Namespace") + " " + metric.get("MetricName") + " " + dimension);
      }
    }
    return out;
  }

  /** The order queue: the queue of {@link OrderQueue} (the mail queue has a redrive policy too). */
  private static String orderQueueId() {
    List<String> ids = json.ofType("AWS::SQS::Queue").entrySet().stream()
        .filter(e -> TemplateJson.properties(e.getValue()).containsKey("RedrivePolicy") && e.getKey().startsWith("OrderQueue"))
        .map(Map.Entry::getKey).toList();
    assertThat(ids).hasSize(1);
    return ids.get(0);
  }

  /** The dashboard's body: its Fn::Join flattened, every token replaced by {@value #TOKEN}, parsed. */
  private static Map<String, Object> dashboardBody() throws Exception {
    Map<String, Object> dashboard = TemplateJson.properties(json.ofType("AWS::CloudWatch::Dashboard").values().iterator().next());
    Object body = dashboard.get("DashboardBody");
    String text;
    if (body instanceof String s) {
      text = s;
    } else {
      List<Object> join = TemplateJson.list(TemplateJson.<Object>map(body).get("Fn::Join"));
      assertThat(join.get(0)).isEqualTo("");
      text = TemplateJson.list(join.get(1)).stream().map(p -> p instanceof String s ? s : TOKEN)
          .collect(Collectors.joining());
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> parsed = new ObjectMapper().readValue(text, Map.class);
    return parsed;
  }

  private static Map<String, Object> widget(String title) throws Exception {
    return TemplateJson.list(dashboardBody().get("widgets")).stream().map(w -> TemplateJson.<Object>map(w))
        .filter(w -> title.equals(TemplateJson.<Object>map(w.get("properties")).get("title")))
        .findFirst().orElseThrow(() -> new AssertionError("no widget " + title));
  }

  /** Every metric line of every graph: [namespace, name, dimension, value, …, {options}]. */
  private static List<List<Object>> dashboardMetrics() throws Exception {
    List<List<Object>> out = new ArrayList<>();
    for (Object w : TemplateJson.list(dashboardBody().get("widgets"))) {
      Object metrics = TemplateJson.<Object>map(TemplateJson.<Object>map(w).get("properties")).get("metrics");
      for (Object m : TemplateJson.list(metrics)) {
        out.add(TemplateJson.list(m));
      }
    }
    return out;
  }

  /** GitHub's anchors of a Markdown file's headings: lower case, punctuation dropped, spaces to hyphens. */
  static Set<String> headingAnchors(String markdown) {
    Set<String> anchors = new LinkedHashSet<>();
    for (String line : markdown.split("\n")) {
      Matcher h = Pattern.compile("^#{1,6}\\s+(.*)$").matcher(line);
      if (h.matches()) {
        anchors.add(h.group(1).strip().toLowerCase(Locale.ROOT)
            .replaceAll("[^\\p{L}\\p{N}\\s_-]", "").replace(' ', '-'));
      }
    }
    return anchors;
  }
}
