package dev.orderflow.lambda.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.lambda.testing.CapturedTelemetry;
import dev.orderflow.lambda.testing.EmfDocuments;
import dev.orderflow.lambda.testing.LambdaJson;
import dev.orderflow.lambda.testing.RecordingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TelemetryTest {
  @AfterEach
  void readTheEnvironmentAgain() {
    Telemetry.configure(null);
  }

  private static Map<String, Object> onlyLog() {
    assertThat(CapturedTelemetry.logs()).hasSize(1);
    return CapturedTelemetry.logs().get(0);
  }

  @Test
  void anEntryIsOneJsonLineWithTheInvocationsFields() {
    try (Telemetry telemetry = Telemetry.start(new RecordingContext("req-7"))) {
      telemetry.order("order-1", "customer-1").info("order.accepted", "line\nbreak \"quoted\" \u0001", "status", "PENDING",
          "absent", null);
    }

    assertThat(CapturedTelemetry.lines()).singleElement().asString().doesNotContain("\n").startsWith("{\"timestamp\":\"");
    assertThat(onlyLog()).containsEntry("level", "INFO").containsEntry("message", "line\nbreak \"quoted\" \u0001")
        .containsEntry("event", "order.accepted").containsEntry("function", "test").containsEntry("requestId", "req-7")
        .containsEntry("service", "orderflow").containsEntry("orderId", "order-1")
        .containsEntry("customer", "customer-1").containsEntry("status", "PENDING").doesNotContainKey("absent")
        .containsKey("coldStart");
  }

  @Test
  void coldStartIsTrueOnlyOnTheFirstInvocationOfAContainerAndAgainAfterARestore() {
    List<Boolean> cold = new ArrayList<>();
    Telemetry.start(null).close(); // whatever ran before in this JVM
    for (int i = 0; i < 2; i++) {
      try (Telemetry telemetry = Telemetry.start(null)) {
        cold.add(telemetry.coldStart());
      }
    }
    assertThat(cold).containsExactly(false, false);

    Telemetry.restored(); // what the org.crac afterRestore hook runs
    for (int i = 0; i < 2; i++) {
      try (Telemetry telemetry = Telemetry.start(null)) {
        cold.add(telemetry.coldStart());
      }
    }
    assertThat(cold).containsExactly(false, false, true, false);
  }

  @Test
  void aCustomerIdThatLooksLikeAnEmailAddressIsHashed() {
    assertThat(Telemetry.customerId("0d9c8b7a-6f5e")).isEqualTo("0d9c8b7a-6f5e");
    assertThat(Telemetry.customerId("jane@example.com")).matches("sha256:[0-9a-f]{16}")
        .isEqualTo(Telemetry.customerId("jane@example.com"));
  }

  @Test
  void theLevelFiltersEntries() {
    Telemetry.configure(Telemetry.Settings.fromEnvironment(Map.of("POWERTOOLS_LOG_LEVEL", "warn")));
    try (Telemetry telemetry = Telemetry.start(null)) {
      telemetry.debug("a", "a");
      telemetry.info("b", "b");
      telemetry.warn("c", "c");
      telemetry.error("d", "d", new IllegalStateException("boom"));
    }

    assertThat(CapturedTelemetry.logs()).extracting(entry -> entry.get("event")).containsExactly("c", "d");
    assertThat(CapturedTelemetry.logs("ERROR").get(0)).containsEntry("errorType", "java.lang.IllegalStateException")
        .extractingByKey("error").asString().startsWith("java.lang.IllegalStateException: boom").contains("\tat ");
  }

  @Test
  void settingsDefaultAndComeFromThePowertoolsVariables() {
    assertThat(Telemetry.Settings.fromEnvironment(Map.of()))
        .isEqualTo(new Telemetry.Settings(Telemetry.Level.INFO, "orderflow", "Orderflow", null));
    assertThat(Telemetry.Settings.fromEnvironment(Map.of("POWERTOOLS_LOG_LEVEL", "DEBUG",
        "POWERTOOLS_SERVICE_NAME", "orders-prod", "POWERTOOLS_METRICS_NAMESPACE", "Shop", "AWS_LAMBDA_FUNCTION_NAME", "f")))
        .isEqualTo(new Telemetry.Settings(Telemetry.Level.DEBUG, "orders-prod", "Shop", "f"));
    assertThat(Telemetry.Settings.fromEnvironment(Map.of("POWERTOOLS_LOG_LEVEL", "loud")).level())
        .isEqualTo(Telemetry.Level.INFO);
  }

  @Test
  void metricsAreWrittenAsValidEmfWhenTheInvocationEnds() {
    Telemetry.configure(Telemetry.Settings.fromEnvironment(Map.of("POWERTOOLS_SERVICE_NAME", "orders-prod")));
    try (Telemetry telemetry = Telemetry.start(new RecordingContext("req-9"))) {
      telemetry.metrics().count("OrdersFailed", "Reason", "card expired");
      telemetry.metrics().milliseconds("TimeToFinal", 1234);
      assertThat(CapturedTelemetry.metrics()).isEmpty();
    }

    List<Map<String, Object>> documents = CapturedTelemetry.metrics();
    assertThat(documents).hasSize(1);
    assertThat(documents.get(0)).containsEntry("Service", "orders-prod").containsEntry("Reason", "card expired")
        .containsEntry("requestId", "req-9");
    EmfDocuments.Metric failed = EmfDocuments.metric(documents, "OrdersFailed");
    assertThat(failed.dimensions()).containsExactly(List.of("Service"), List.of("Service", "Reason"));
    EmfDocuments.Metric time = EmfDocuments.metric(documents, "TimeToFinal");
    assertThat(time.dimensions()).containsExactly(List.of("Service"));
    assertThat(time.unit()).isEqualTo("Milliseconds");
    assertThat(((Number) time.value()).longValue()).isEqualTo(1234);
  }

  @Test
  void metricsAreWrittenAlsoWhenTheHandlerThrows() {
    try (Telemetry telemetry = Telemetry.start(null)) {
      telemetry.metrics().count("OrdersSucceeded");
      throw new IllegalStateException("boom");
    } catch (IllegalStateException expected) {
      // the document was written on the way out
    }
    assertThat(EmfDocuments.metric(CapturedTelemetry.metrics(), "OrdersSucceeded").value()).isEqualTo(1);
  }

  @Test
  void primingWritesNothing() {
    Telemetry.prime();
    assertThat(CapturedTelemetry.lines()).isEmpty();
  }

  @Test
  void aLineIsValidJsonWhateverTheText() {
    String awkward = "\u2028\u2029\t\\\"\u007f\u0000é😀";
    String line = new JsonLine().string("text", awkward).number("n", -3).bool("b", true).string("none", null).toString();
    assertThat(LambdaJson.map(line)).containsEntry("text", awkward).containsEntry("n", -3).containsEntry("b", true)
        .containsEntry("none", null);
    assertThat(line).doesNotContain("\n").doesNotContain("\u2028");
  }
}
