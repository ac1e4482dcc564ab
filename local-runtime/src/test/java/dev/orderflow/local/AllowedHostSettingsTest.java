package dev.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --allowed-host} and {@code ORDERFLOW_ALLOWED_HOSTS}. */
class AllowedHostSettingsTest {

  @Test
  void byDefaultNoExtraNameIsAllowed() {
    assertThat(LocalSettings.parse(new String[0], Map.of()).allowedHosts()).isEmpty();
    assertThat(LocalSettings.onPort(0).allowedHosts()).isEmpty();
  }

  @Test
  void theOptionRepeatsAndItsValuesAreNormalized() {
    LocalSettings settings = LocalSettings.parse(
        new String[] {"--allowed-host", "Dev.Box", "--port", "0", "--allowed-host=fd00::1", "--allowed-host", "dev.box"},
        Map.of());

    assertThat(settings.allowedHosts()).containsExactly("dev.box", "[fd00::1]");
    assertThat(settings.port()).isZero();
  }

  @Test
  void theVariableTakesACommaSeparatedListAndTheOptionReplacesIt() {
    Map<String, String> environment = Map.of("ORDERFLOW_ALLOWED_HOSTS", " a.test, b.test ,,");

    assertThat(LocalSettings.parse(new String[0], environment).allowedHosts()).containsExactly("a.test", "b.test");
    assertThat(LocalSettings.parse(new String[] {"--allowed-host", "c.test"}, environment).allowedHosts())
        .containsExactly("c.test");
  }

  @Test
  void aWildcardOrANameWithAPortIsRefusedNamingWhereItCameFrom() {
    assertThatThrownBy(() -> LocalSettings.parse(new String[] {"--allowed-host", "*"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--allowed-host");
    assertThatThrownBy(() -> LocalSettings.parse(new String[] {"--allowed-host=box.local:4000"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("box.local:4000");
    assertThatThrownBy(() -> LocalSettings.parse(new String[0], Map.of("ORDERFLOW_ALLOWED_HOSTS", "a.test,*")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("ORDERFLOW_ALLOWED_HOSTS");
  }

  @Test
  void theOtherSettingsKeepTheAllowedHosts() {
    LocalSettings settings = LocalSettings.onPort(0).withAllowedHosts("box.test");

    assertThat(settings.withMaxRequestBytes(10).allowedHosts()).containsExactly("box.test");
    assertThat(settings.withPayments(1, 2).allowedHosts()).containsExactly("box.test");
    assertThat(settings.onAws(false).allowedHosts()).containsExactly("box.test");
    assertThat(settings.allowedHosts()).isEqualTo(List.of("box.test"));
  }

  @Test
  void theUsageNamesTheOption() {
    assertThat(LocalSettings.USAGE).contains("--allowed-host NAME", "ORDERFLOW_ALLOWED_HOSTS");
  }
}
