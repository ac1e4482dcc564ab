package dev.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** AWS mode refuses to start without the resolver's variables, naming each one missing, and starts nothing. */
class AwsModeSettingsTest {

  @Test
  // only a safety net: were the check gone, run() would serve until stopped
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aMissingVariableIsPrintedByNameAndExitsWithStatus2() throws InterruptedException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status = LocalRuntime.run(new String[] {"--adapters", "aws", "--port", "0"}, Map.of("AWS_REGION", "eu-west-1"),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("--adapters aws: missing environment variables: ORDERS_TABLE, ORDER_QUEUE_URL" + System.lineSeparator())
        .contains("Usage: LocalRuntime");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void processingAlsoNeedsTheTopic() {
    Map<String, String> resolverOnly = Map.of("AWS_REGION", "eu-west-1", "ORDERS_TABLE", "orders",
        "ORDER_QUEUE_URL", "http://127.0.0.1:9324/000000000000/orders");

    assertThatThrownBy(() -> LocalRuntime.startOnAws(LocalSettings.onPort(0).onAws(true), resolverOnly))
        .isInstanceOf(IllegalStateException.class).hasMessage("missing environment variable: ORDER_TOPIC_ARN");
  }

  @Test
  void withNothingSetEveryVariableIsNamedAtOnce() {
    LocalSettings settings = LocalSettings.parse(new String[0],
        Map.of("ORDERFLOW_ADAPTERS", "aws", "ORDERFLOW_PROCESS", "true", "ORDERFLOW_PORT", "0"));

    assertThatThrownBy(() -> LocalRuntime.startOnAws(settings, Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("missing environment variables: AWS_REGION, ORDERS_TABLE, ORDER_QUEUE_URL, ORDER_TOPIC_ARN");
  }
}
