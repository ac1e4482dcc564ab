package dev.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** The console's JSON lines (the AWS adapters' mode): one object per line, no order details, no notification body. */
class ConsoleLogJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @SuppressWarnings("unchecked")
  private static Map<String, Object> format(String logger, Level level, String message, Throwable thrown) throws Exception {
    LogRecord record = new LogRecord(level, message);
    record.setLoggerName(logger);
    record.setThrown(thrown);
    String line = new ConsoleLog.JsonLines().format(record);
    assertThat(line).endsWith(System.lineSeparator());
    assertThat(line.strip()).doesNotContain("\n").startsWith("{").endsWith("}");
    return JSON.readValue(line, Map.class);
  }

  @Test
  void aStatusChangeKeepsItsKeysAndDropsTheDetails() throws Exception {
    Map<String, Object> line = format(ConsoleLog.ROOT + ".orders", Level.INFO,
        "order o-1 PENDING customer=alice name=\"Margherita\" quantity=2 restaurant=luigis", null);

    assertThat(line).containsEntry("level", "INFO").containsEntry("event", "order.initialized")
        .containsEntry("orderId", "o-1").containsEntry("customer", "alice").containsEntry("status", "PENDING")
        .containsEntry("logger", "orders").containsEntry("function", ConsoleLog.FUNCTION).containsKey("timestamp");
    assertThat(JSON.writeValueAsString(line)).doesNotContain("Margherita").doesNotContain("luigis")
        .doesNotContain("quantity");
  }

  @Test
  void aFailureKeepsItsReason() throws Exception {
    Map<String, Object> line = format(ConsoleLog.ROOT + ".orders", Level.INFO,
        "order o-2 FAILED customer=jane@example.com reason=\"payment method declined\"", null);

    assertThat(line).containsEntry("event", "order.failed").containsEntry("reason", "payment method declined");
    assertThat((String) line.get("customer")).startsWith("sha256:");
    assertThat(JSON.writeValueAsString(line)).doesNotContain("@");
  }

  @Test
  void aNotificationLeavesItsBodyOut() throws Exception {
    Map<String, Object> line = format(ConsoleLog.ROOT + ".notifications", Level.INFO,
        "to customer=alice status=SUCCESS {\"orderId\":\"o-3\",\"customer\":\"alice\",\"status\":\"SUCCESS\","
            + "\"name\":\"Margherita\",\"quantity\":2,\"restaurantId\":\"luigis\"}", null);

    assertThat(line).containsEntry("event", "outcome.published").containsEntry("orderId", "o-3")
        .containsEntry("customer", "alice").containsEntry("status", "SUCCESS");
    assertThat(JSON.writeValueAsString(line)).doesNotContain("Margherita").doesNotContain("luigis");
  }

  @Test
  void anyOtherLineKeepsItsMessageAndAFailureItsStackTrace() throws Exception {
    Map<String, Object> line = format(ConsoleLog.ROOT + ".local.AwsPipeline", Level.WARNING, "closing failed",
        new IllegalStateException("boom"));

    assertThat(line).containsEntry("level", "WARN").containsEntry("message", "closing failed")
        .containsEntry("errorType", "java.lang.IllegalStateException");
    assertThat((String) line.get("error")).startsWith("java.lang.IllegalStateException: boom").contains("\tat ");
  }

  @Test
  void theResolversTelemetryLinesPassAsTheyAre() {
    String json = "{\"timestamp\":\"2026-01-01T00:00:00Z\",\"level\":\"INFO\",\"message\":\"order accepted and queued\"}";
    LogRecord record = new LogRecord(Level.INFO, json);
    record.setLoggerName(ConsoleLog.TELEMETRY);

    assertThat(new ConsoleLog.JsonLines().format(record)).isEqualTo(json + System.lineSeparator());
  }
}
