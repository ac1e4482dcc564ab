package dev.orderflow.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Injector;
import dev.orderflow.core.application.DeleteOrder;
import dev.orderflow.core.application.InitializeOrder;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.lambda.appsync.SampleEvents;
import dev.orderflow.lambda.bench.LocalFunctions;
import dev.orderflow.lambda.bench.ProbeFunction;
import dev.orderflow.lambda.steps.InitializeOrderHandler;
import dev.orderflow.lambda.steps.SampleSteps;
import dev.orderflow.lambda.testing.EmfDocuments;
import dev.orderflow.lambda.testing.LambdaJson;
import dev.orderflow.lambda.wiring.LambdaWiring;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the functions write to their log, read from the shaded jar's functions started under the Lambda runtime
 * interface client (several invocations per container): one JSON object per line with the fields every entry has,
 * {@code coldStart} true on the first invocation only, nothing of a request body or an order's details, and valid
 * CloudWatch Embedded Metric Format documents with the metrics the dashboard and alarms use.
 */
class TelemetryIT {
  private static final Path JAR = Path.of(System.getProperty("orderflow.lambda.jar", "target/orderflow-lambda.jar"));
  private static final String CUSTOMER = "telemetry-customer";
  private static final String SAMPLE_SUB = "00000000-0000-4000-8000-000000000000";
  /** Order details and identity attributes of the sample events, which no log line may hold. */
  private static final List<String> NEVER_LOGGED = List.of("Margherita", "sample-restaurant", "sample-user",
      "cognito-idp", "\"quantity\":", "\"name\":", "\"restaurantId\":", "@");

  private static LocalFunctions functions;
  private static Injector seeding;

  @BeforeAll
  static void startServers() {
    functions = LocalFunctions.start();
    Map<String, String> environment = new HashMap<>(functions.environment());
    environment.put("AWS_ENDPOINT_URL", functions.dynamoDbEndpoint().toString());
    seeding = LambdaWiring.workflowStep(environment, false);
  }

  @AfterAll
  static void stopServers() {
    if (functions != null) {
      functions.close();
    }
  }

  private static void seed(String orderId) {
    new InitializeOrderHandler(seeding.getInstance(InitializeOrder.class))
        .handleRequest(SampleSteps.executionInput(orderId, CUSTOMER), null);
  }

  /** The run's output lines, each parsed as JSON: every line must be one JSON object. */
  private static List<Map<String, Object>> lines(LocalFunctions.Run run) {
    List<String> text = run.stdout().lines().filter(line -> !line.isBlank()).toList();
    assertThat(text).isNotEmpty().allSatisfy(line -> {
      assertThat(line).startsWith("{").endsWith("}");
      assertThat(line).doesNotContain(NEVER_LOGGED.toArray(String[]::new));
    });
    return text.stream().map(LambdaJson::map).toList();
  }

  private static List<Map<String, Object>> logs(List<Map<String, Object>> lines) {
    return lines.stream().filter(line -> !line.containsKey("_aws")).toList();
  }

  private static List<Map<String, Object>> documents(List<Map<String, Object>> lines) {
    return lines.stream().filter(line -> line.containsKey("_aws")).toList();
  }

  /** Every log entry has the common fields; those of invocation {@code i} carry its request id, cold on the first. */
  private static void assertCommonFields(List<Map<String, Object>> logs, String function, int invocations) {
    assertThat(logs).isNotEmpty().allSatisfy(entry -> {
      assertThat(entry).containsKeys("timestamp", "level", "message", "event", "function", "requestId", "coldStart",
          "service");
      assertThat(entry).containsEntry("function", function).containsEntry("service", "orderflow");
      assertThat((String) entry.get("timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*Z");
      assertThat((String) entry.get("level")).isIn("DEBUG", "INFO", "WARN", "ERROR");
      assertThat(entry.get("traceId")).isEqualTo("1-5bef4de7-ad49b0e87f6ef6c87fc2e700");
    });
    for (int i = 0; i < invocations; i++) {
      String requestId = LocalFunctions.requestId(i);
      boolean cold = i == 0;
      assertThat(logs).as("invocation " + i).filteredOn(entry -> requestId.equals(entry.get("requestId")))
          .isNotEmpty().allSatisfy(entry -> assertThat(entry).containsEntry("coldStart", cold));
    }
  }

  private static Map<String, Object> event(List<Map<String, Object>> logs, String event) {
    List<Map<String, Object>> found = logs.stream().filter(entry -> event.equals(entry.get("event"))).toList();
    assertThat(found).as(event).hasSize(1);
    return found.get(0);
  }

  @Test
  void theResolverLogsJsonAndEmitsOrdersAcceptedAndValidationErrorsByField() {
    Map<String, Object> invalid = LambdaJson.map(LambdaJson.json(SampleEvents.postOrder("telemetry-bad")));
    @SuppressWarnings("unchecked")
    Map<String, Object> input = (Map<String, Object>) ((Map<String, Object>) invalid.get("arguments")).get("input");
    input.put("quantity", 0);
    // a client token whose order the workflow has recorded: the repeat places nothing (a repeat before that, while the
    // order is still queued, submits it again and counts again; the workflow's idempotent start absorbs it)
    String recorded = OrderId.fromClientToken(CustomerId.of(SAMPLE_SUB), "telemetry-recorded").value();
    new InitializeOrderHandler(seeding.getInstance(InitializeOrder.class))
        .handleRequest(SampleSteps.executionInput(recorded, SAMPLE_SUB), null);
    List<String> events = List.of(LambdaJson.json(SampleEvents.postOrder("telemetry-token")), LambdaJson.json(invalid),
        LambdaJson.json(SampleEvents.postOrder("telemetry-recorded")));

    LocalFunctions.Run run = functions.invokeThroughRuntime(functions.taskRoot(JAR), "resolver",
        ProbeFunction.RESOLVER.handler(), events, Map.of());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    List<Map<String, Object>> lines = lines(run);
    List<Map<String, Object>> logs = logs(lines);
    assertCommonFields(logs, "orderflow-resolver", 3);
    Map<String, Object> accepted = event(logs, "order.accepted");
    assertThat(accepted).containsEntry("level", "INFO").containsEntry("customer", SAMPLE_SUB)
        .containsEntry("requestId", LocalFunctions.requestId(0)).containsEntry("operation", "Mutation.postOrder");
    assertThat((String) accepted.get("orderId")).isNotBlank();
    assertThat(event(logs, "validation.refused")).containsEntry("field", "quantity").containsEntry("coldStart", false);
    assertThat(event(logs, "order.duplicate")).containsEntry("orderId", recorded)
        .containsEntry("requestId", LocalFunctions.requestId(2));

    List<Map<String, Object>> documents = documents(lines);
    EmfDocuments.Metric ordersAccepted = EmfDocuments.metric(documents, "OrdersAccepted");
    assertThat(ordersAccepted.namespace()).isEqualTo("Orderflow");
    assertThat(ordersAccepted.unit()).isEqualTo("Count");
    assertThat(ordersAccepted.dimensions()).containsExactly(List.of("Service"));
    assertThat(ordersAccepted.dimensionValues()).containsEntry("Service", "orderflow");
    assertThat(((Number) ordersAccepted.value()).intValue()).isEqualTo(1); // the recorded client token's repeat: none
    EmfDocuments.Metric validation = EmfDocuments.metric(documents, "ValidationErrors");
    assertThat(validation.dimensions()).containsExactly(List.of("Service"), List.of("Service", "Field"));
    assertThat(validation.dimensionValues()).containsEntry("Field", "quantity");
    assertThat(((Number) validation.value()).intValue()).isEqualTo(1);
  }

  @Test
  void theFinalStepsEmitOutcomesTimeToFinalRepeatsAndCancellations() {
    seed("telemetry-ok");
    seed("telemetry-deleted");
    seeding.getInstance(DeleteOrder.class).delete(CustomerId.of(CUSTOMER), OrderId.of("telemetry-deleted"));
    List<String> completions = List.of(LambdaJson.json(SampleSteps.key("telemetry-ok", CUSTOMER)),
        LambdaJson.json(SampleSteps.key("telemetry-ok", CUSTOMER)),
        LambdaJson.json(SampleSteps.key("telemetry-deleted", CUSTOMER)));

    LocalFunctions.Run complete = functions.invokeThroughRuntime(functions.taskRoot(JAR), "complete",
        ProbeFunction.COMPLETE.handler(), completions, Map.of());

    assertThat(complete.exitCode()).as(complete.stderr()).isZero();
    List<Map<String, Object>> lines = lines(complete);
    List<Map<String, Object>> logs = logs(lines);
    assertCommonFields(logs, "orderflow-complete", 3);
    assertThat(event(logs, "order.completed")).containsEntry("orderId", "telemetry-ok")
        .containsEntry("customer", CUSTOMER).containsEntry("coldStart", true);
    assertThat(event(logs, "outcome.published")).containsEntry("status", "SUCCESS");
    assertThat(event(logs, "step.repeated")).containsEntry("coldStart", false)
        .containsEntry("requestId", LocalFunctions.requestId(1));
    assertThat(event(logs, "order.cancelled")).containsEntry("orderId", "telemetry-deleted");
    List<Map<String, Object>> documents = documents(lines);
    assertThat(((Number) EmfDocuments.metric(documents, "OrdersSucceeded").value()).intValue()).isEqualTo(1);
    EmfDocuments.Metric timeToFinal = EmfDocuments.metric(documents, "TimeToFinal");
    assertThat(timeToFinal.unit()).isEqualTo("Milliseconds");
    assertThat(((Number) timeToFinal.value()).longValue()).isPositive();
    assertThat(((Number) EmfDocuments.metric(documents, "DuplicateDeliveriesSuppressed").value()).intValue())
        .isEqualTo(1);
    assertThat(((Number) EmfDocuments.metric(documents, "OrdersCancelled").value()).intValue()).isEqualTo(1);

    seed("telemetry-declined");
    LocalFunctions.Run fail = functions.invokeThroughRuntime(functions.taskRoot(JAR), "fail",
        ProbeFunction.FAIL.handler(), List.of(LambdaJson.json(SampleSteps.declinedState("telemetry-declined", CUSTOMER))),
        Map.of("POWERTOOLS_SERVICE_NAME", "orderflow-test", "POWERTOOLS_METRICS_NAMESPACE", "OrderflowTest"));

    assertThat(fail.exitCode()).as(fail.stderr()).isZero();
    List<Map<String, Object>> failLines = lines(fail);
    assertThat(event(logs(failLines), "order.failed")).containsEntry("reason", "payment method declined")
        .containsEntry("service", "orderflow-test").containsEntry("coldStart", true);
    EmfDocuments.Metric failed = EmfDocuments.metric(documents(failLines), "OrdersFailed");
    assertThat(failed.namespace()).isEqualTo("OrderflowTest");
    assertThat(failed.dimensions()).containsExactly(List.of("Service"), List.of("Service", "Reason"));
    assertThat(failed.dimensionValues()).containsEntry("Service", "orderflow-test")
        .containsEntry("Reason", "payment method declined");
    assertThat(((Number) EmfDocuments.metric(documents(failLines), "TimeToFinal").value()).longValue()).isPositive();
  }

  @Test
  void theLogLevelComesFromPowertoolsLogLevel() {
    seed("telemetry-quiet");
    LocalFunctions.Run run = functions.invokeThroughRuntime(functions.taskRoot(JAR), "decide",
        ProbeFunction.DECIDE.handler(), List.of(LambdaJson.json(SampleSteps.key("telemetry-quiet", CUSTOMER))),
        Map.of("POWERTOOLS_LOG_LEVEL", "WARN"));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.result()).contains("\"approved\":true");
    assertThat(run.stdout()).doesNotContain("payment.approved");
  }
}
