package dev.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalSettingsTest {

  @Test
  void withoutOptionsOrVariablesTheDefaultsApply() {
    LocalSettings settings = LocalSettings.parse(new String[0], Map.of());

    assertThat(settings).isEqualTo(LocalSettings.onPort(4000));
    assertThat(settings.maxRequestBytes()).isEqualTo(65_536);
    assertThat(settings.defaultCustomer()).isEqualTo("demo-customer");
    assertThat(settings.adapters()).isEqualTo(LocalSettings.Adapters.INMEMORY);
    assertThat(settings.process()).isFalse();
  }

  @Test
  void variablesApplyAndOptionsWinOverThem() {
    Map<String, String> environment = Map.of("ORDERFLOW_PORT", "4100", "ORDERFLOW_MAX_REQUEST_BYTES", "1024",
        "ORDERFLOW_DEFAULT_CUSTOMER", "zoe");

    LocalSettings fromEnvironment = LocalSettings.parse(new String[0], environment);
    LocalSettings overridden = LocalSettings.parse(new String[] {"--port", "0", "--approval-rate=1"}, environment);

    assertThat(fromEnvironment.port()).isEqualTo(4100);
    assertThat(fromEnvironment.maxRequestBytes()).isEqualTo(1024);
    assertThat(fromEnvironment.defaultCustomer()).isEqualTo("zoe");
    assertThat(overridden.port()).isZero();
    assertThat(overridden.approvalRate()).isEqualTo(1.0);
    assertThat(overridden.maxRequestBytes()).isEqualTo(1024);
  }

  @Test
  void aBadValueIsRefusedNamingWhereItCameFrom() {
    assertThatThrownBy(() -> LocalSettings.parse(new String[0], Map.of("ORDERFLOW_PORT", "four")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ORDERFLOW_PORT");
    assertThatThrownBy(() -> LocalSettings.parse(new String[] {"--port", "70000"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
    assertThatThrownBy(() -> LocalSettings.parse(new String[] {"--colour", "blue"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--colour");
    assertThatThrownBy(() -> LocalSettings.parse(new String[] {"--port"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--port");
  }

  @Test
  void awsAdaptersAndProcessingFromOptionsOrVariables() {
    LocalSettings options = LocalSettings.parse(new String[] {"--adapters", "aws", "--process", "--port", "0"}, Map.of());
    LocalSettings variables = LocalSettings.parse(new String[0],
        Map.of("ORDERFLOW_ADAPTERS", "AWS", "ORDERFLOW_PROCESS", "true"));
    LocalSettings serveOnly = LocalSettings.parse(new String[] {"--adapters=aws", "--process=false"},
        Map.of("ORDERFLOW_PROCESS", "true"));

    assertThat(options.adapters()).isEqualTo(LocalSettings.Adapters.AWS);
    assertThat(options.process()).isTrue();
    assertThat(options.port()).as("--process takes no value: --port is the next option").isZero();
    assertThat(variables).isEqualTo(LocalSettings.onPort(4000).onAws(true));
    assertThat(serveOnly).isEqualTo(LocalSettings.onPort(4000).onAws(false));
    assertThat(LocalSettings.parse(new String[] {"--adapters", "inmemory"}, Map.of("ORDERFLOW_ADAPTERS", "aws")))
        .isEqualTo(LocalSettings.onPort(4000));
  }

  @Test
  void badAdaptersOrProcessValuesAreRefusedNamingWhereTheyCameFrom() {
    assertThatThrownBy(() -> LocalSettings.parse(new String[] {"--adapters", "dynamodb"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("--adapters must be inmemory or aws, not dynamodb");
    assertThatThrownBy(() -> LocalSettings.parse(new String[0], Map.of("ORDERFLOW_ADAPTERS", "local")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ORDERFLOW_ADAPTERS");
    assertThatThrownBy(() -> LocalSettings.parse(new String[0],
        Map.of("ORDERFLOW_ADAPTERS", "aws", "ORDERFLOW_PROCESS", "yes")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("ORDERFLOW_PROCESS must be true or false, not yes");
  }

  @Test
  void processingGoesWithTheAwsAdaptersOnly() {
    assertThatThrownBy(() -> LocalSettings.parse(new String[] {"--process"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--process")
        .hasMessageContaining("--adapters aws");
  }
}
