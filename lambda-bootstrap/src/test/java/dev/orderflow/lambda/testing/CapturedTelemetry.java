package dev.orderflow.lambda.testing;

import dev.orderflow.lambda.telemetry.Telemetry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps the handlers' telemetry (JSON log lines and EMF documents) off the build's output and lets tests read it:
 * registered for every test of this module (auto-detected, see {@code junit-platform.properties}), it captures the
 * lines each test writes.
 */
public final class CapturedTelemetry implements BeforeEachCallback, AfterEachCallback {
  private static final List<String> LINES = new CopyOnWriteArrayList<>();
  private static volatile Telemetry.Redirect redirect;

  @Override
  public void beforeEach(ExtensionContext context) {
    LINES.clear();
    redirect = Telemetry.redirect(LINES::add);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (redirect != null) {
      redirect.close();
      redirect = null;
    }
  }

  /** Every line written in this test so far. */
  public static List<String> lines() {
    return List.copyOf(LINES);
  }

  /** The log entries (lines without {@code _aws}), parsed. */
  public static List<Map<String, Object>> logs() {
    return lines().stream().map(LambdaJson::map).filter(line -> !line.containsKey("_aws")).toList();
  }

  /** The log entries at {@code level}. */
  public static List<Map<String, Object>> logs(String level) {
    return logs().stream().filter(line -> level.equals(line.get("level"))).toList();
  }

  /** The EMF documents, parsed. */
  public static List<Map<String, Object>> metrics() {
    return lines().stream().map(LambdaJson::map).filter(line -> line.containsKey("_aws")).toList();
  }
}
