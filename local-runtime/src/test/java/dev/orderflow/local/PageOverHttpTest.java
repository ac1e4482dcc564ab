package dev.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.inmemory.InMemoryOrderflow;
import dev.orderflow.inmemory.ScriptedPaymentGateway;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The live-updates page: {@code GET /} and the files under {@code /page/}, with their headers, and nothing else. */
class PageOverHttpTest {
  private static LocalRuntime runtime;
  private static RawHttp http;
  private static String host;

  @BeforeAll
  static void start() throws IOException {
    InMemoryOrderflow flow = InMemoryOrderflow.builder().live().payments(ScriptedPaymentGateway.approving()).build();
    runtime = LocalRuntime.start(LocalSettings.onPort(0), flow);
    http = new RawHttp(runtime.port());
    host = "127.0.0.1:" + runtime.port();
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  private static RawHttp.Response get(String path) {
    return http.send("GET", path, List.of("Host: " + host), List.of(), null);
  }

  @Test
  void theRootIsTheIndexPageWithHeadersThatKeepItToItsOrigin() {
    RawHttp.Response page = get("/");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).containsExactly("text/html; charset=utf-8");
    assertThat(page.body()).containsIgnoringCase("<html");
    assertThat(page.header("Content-Security-Policy")).singleElement().asString()
        .contains("default-src 'self'", "connect-src 'self' ws://" + host + " wss://" + host, "frame-ancestors 'none'")
        .doesNotContain("unsafe");
    assertThat(page.header("X-Content-Type-Options")).containsExactly("nosniff");
    assertThat(page.corsHeaders()).isEmpty();
  }

  @Test
  void theFilesOfThePageAreServedWithTheirTypes() {
    RawHttp.Response index = get("/page/index.html");

    assertThat(index.status()).isEqualTo(200);
    assertThat(index.body()).isEqualTo(get("/").body());
    for (String file : List.of("app.js", "style.css")) {
      if (PageResources.class.getClassLoader().getResource(PageResources.ROOT + file) != null) {
        RawHttp.Response served = get("/page/" + file);
        assertThat(served.status()).as(file).isEqualTo(200);
        assertThat(served.header("Content-Type").get(0)).startsWith(file.endsWith(".js") ? "text/javascript" : "text/css");
      }
    }
  }

  @Test
  void nothingElseIsServed() {
    for (String path : List.of("/page/", "/page", "/page/missing.js", "/page/../appsync-prelude.graphql",
        "/page/%2e%2e/appsync-prelude.graphql", "/page/sub/index.html", "/page/index", "/page/.hidden.js",
        "/page/..%2Fappsync-prelude.graphql", "/index.html", "/dev/orderflow/local/page/index.html")) {
      RawHttp.Response response = get(path);

      assertThat(response.status()).as(path).isIn(400, 404);
      assertThat(response.body()).as(path).doesNotContain("<html", "directive @aws");
    }
    RawHttp.Response post = http.send("POST", "/", List.of("Host: " + host), List.of("Content-Type: text/plain"), "x");
    assertThat(post.status()).isEqualTo(405);
  }

  @Test
  void thePageIsRefusedForAnotherHost() {
    RawHttp.Response response = http.send("GET", "/", List.of("Host: evil.example"), List.of(), null);

    assertThat(response.status()).isEqualTo(421);
    assertThat(response.body()).doesNotContain("<html");
  }
}
