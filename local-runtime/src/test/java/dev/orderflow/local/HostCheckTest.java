package dev.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostCheckTest {
  private final HostCheck loopbackOnly = new HostCheck(List.of());
  private final HostCheck withExtra = new HostCheck(List.of("orderflow.test", "[fd00::1]"));

  @Test
  void theLoopbackNamesPassWithAnyPortOrNone() {
    for (String host : List.of("127.0.0.1", "127.0.0.1:4000", "localhost", "localhost:4000", "LocalHost:1",
        "[::1]", "[::1]:4000", " localhost:65535 ")) {
      assertThat(loopbackOnly.allows(host)).as(host).isTrue();
    }
  }

  @Test
  void otherNamesAndLookAlikesAreRefused() {
    for (String host : List.of("evil.example", "evil.example:4000", "localhost.evil.example:4000",
        "127.0.0.1.nip.io:4000", "localhost.", "localhost.:4000", "127.0.0.2:4000", "0.0.0.0:4000", "[::1",
        "[::1]x", "[0:0:0:0:0:0:0:1]:4000", "user@localhost:4000", "localhost:", "localhost:port",
        "localhost:65536", "localhost:4000:1", "localhost, evil.example", "", "orderflow.test:4000")) {
      assertThat(loopbackOnly.allows(host)).as(host).isFalse();
    }
    assertThat(loopbackOnly.allows(null)).isFalse();
  }

  @Test
  void extraNamesPassWithAnyPortOrNone() {
    assertThat(withExtra.allows("orderflow.test:4000")).isTrue();
    assertThat(withExtra.allows("ORDERFLOW.test")).isTrue();
    assertThat(withExtra.allows("[fd00::1]:4000")).isTrue();
    assertThat(withExtra.allows("localhost:4000")).isTrue();
    assertThat(withExtra.allows("sub.orderflow.test:4000")).isFalse();
    assertThat(withExtra.allows("evil.example:4000")).isFalse();
  }

  @Test
  void anAbsoluteFormTargetMustNameTheRuntimeToo() {
    assertThat(loopbackOnly.allowsTarget(URI.create("/graphql"))).isTrue();
    assertThat(loopbackOnly.allowsTarget(URI.create("http://localhost:4000/graphql"))).isTrue();
    assertThat(loopbackOnly.allowsTarget(URI.create("http://evil.example:4000/graphql"))).isFalse();
    assertThat(loopbackOnly.allowsTarget(URI.create("http://me@localhost:4000/graphql"))).isFalse();
  }

  @Test
  void extraNamesAreNormalizedAndWildcardsOrPortsRefused() {
    assertThat(HostCheck.normalize(" Dev.Box.Local ")).isEqualTo("dev.box.local");
    assertThat(HostCheck.normalize("fd00::1")).isEqualTo("[fd00::1]");
    assertThat(HostCheck.normalize("[FD00::1]")).isEqualTo("[fd00::1]");
    assertThat(HostCheck.normalize("192.168.1.20")).isEqualTo("192.168.1.20");
    for (String bad : new String[] {"*", "*.example", "box.local:4000", "http://box.local", "box.local/",
        "", " ", "box..local", "-box.local", "box.local.", null}) {
      assertThatThrownBy(() -> HostCheck.normalize(bad)).as(String.valueOf(bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
