package dev.orderflow.testing.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeServerTest {

  @Test
  void nodeModulesAreFoundThroughTheSystemProperty() {
    assertThat(System.getProperty(NodeModules.PROPERTY)).isNotBlank();
    assertThat(Files.isDirectory(NodeModules.directory().resolve("node_modules/dynalite"))).isTrue();
    assertThat(Files.isDirectory(NodeModules.directory().resolve("node_modules/fauxqs"))).isTrue();
    assertThat(Files.isDirectory(NodeModules.directory().resolve("node_modules/aws-ses-v2-local"))).isTrue();
  }

  @Test
  void failureToStartReportsStderr() {
    assertThatThrownBy(() -> NodeServer.start("broken", List.of("-e",
        "console.error('boom: no such thing'); process.exit(3)")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("broken failed to start")
        .hasMessageContaining("boom: no such thing")
        .hasMessageContaining("exit code 3");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dynalite", "fauxqs", "aws-ses-v2-local"})
  void serverProcessExitsByItselfWhenItsStdinCloses(String which) throws Exception {
    List<String> args = switch (which) {
      case "dynalite" -> List.of("-e", Dynalite.SCRIPT);
      case "fauxqs" -> List.of("--input-type=module", "-e", Fauxqs.SCRIPT);
      default -> List.of("-e", AwsSesV2Local.SCRIPT);
    };
    try (NodeServer s = NodeServer.start(which, args)) {
      assertThat(Clients.portClosed(s.port())).isFalse();
      s.process().getOutputStream().close(); // what happens when the JVM dies
      assertThat(s.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(s.process().exitValue()).isZero();
      assertThat(Clients.portClosed(s.port())).isTrue();
    }
  }
}
