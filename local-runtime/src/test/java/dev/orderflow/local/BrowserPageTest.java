package dev.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.EmailAddress;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.inmemory.InMemoryOrderflow;
import dev.orderflow.inmemory.ScriptedPaymentGateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The runtime's page ({@code GET /}) in headless Chromium ({@code src/test/node/browser-page.mjs}: puppeteer-core
 * driving the Chromium build of @sparticuz/chromium, no network beyond 127.0.0.1): a person switches to a customer,
 * places three orders through the form and sees each row turn from PENDING to its final status and each outcome
 * email arrive in "Your mailbox" without a reload, then deletes one. The screenshot it takes is
 * {@code target/page.png} (the README's {@code docs/images/local-page.png} is a copy of it).
 */
class BrowserPageTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  @Test
  @SuppressWarnings("unchecked")
  void aPersonPlacesOrdersOnThePageAndWatchesThemReachTheirFinalStatusLive() throws IOException {
    LocalSettings settings = LocalSettings.parse(new String[] {"--port", "0"}, Map.of());
    InMemoryOrderflow flow = InMemoryOrderflow.builder().live().consumerThreads(1).workflowThreads(2)
        .payments(ScriptedPaymentGateway.approving().declineName("Caviar", "insufficient funds"))
        .build();
    Path screenshot = Path.of("target/page.png").toAbsolutePath();
    Files.createDirectories(screenshot.getParent());
    Files.deleteIfExists(screenshot);
    try (LocalRuntime runtime = LocalRuntime.start(settings, flow);
        NodeScript browser = NodeScript.start("browser-page.mjs", List.of(), Map.of(),
            "http://127.0.0.1:" + runtime.port() + "/", "page-alice", screenshot.toString(),
            "Margherita", "Caviar", "Quattro Formaggi")) {
      int exit = browser.awaitExit(NodeScript.SCRIPT_TIMEOUT.plusSeconds(15));
      List<String> lines = browser.lines();
      assertThat(lines).as("output%n%s", browser.diagnostics()).isNotEmpty();
      Map<String, Object> result = JSON.readValue(lines.get(lines.size() - 1), MAP);
      assertThat(result).as("result%n%s", browser.diagnostics()).doesNotContainKey("error");
      assertThat(exit).isZero();

      assertThat(result).containsEntry("pageStatus", 200).containsEntry("storedCustomer", "page-alice");
      assertThat((String) result.get("csp")).as("Content-Security-Policy of GET /").contains("default-src 'self'");
      List<Map<String, Object>> orders = (List<Map<String, Object>>) result.get("orders");
      assertThat(orders).extracting(o -> o.get("name"), o -> o.get("status"), o -> o.get("failureReason"))
          .containsExactly(
              tuple("Margherita", "SUCCESS", null),
              tuple("Caviar", "FAILED", "insufficient funds"),
              tuple("Quattro Formaggi", "SUCCESS", null));
      assertThat(orders).allSatisfy(o -> {
        assertThat(o).containsEntry("version", 3);
        assertThat((List<String>) o.get("statuses")).last().isEqualTo(o.get("status"));
      });
      // each order's outcome email, sent to the address the page gave the customer, shows in the mailbox, newest first,
      // as text
      assertThat(result).containsEntry("email", "page-alice@example.com");
      List<Map<String, Object>> mailbox = (List<Map<String, Object>>) result.get("mailbox");
      assertThat(mailbox).extracting(m -> m.get("orderId"), m -> m.get("subject"), m -> m.get("to"))
          .containsExactly(
              tuple(orders.get(2).get("id"), "Your order of 3 × Quattro Formaggi is confirmed", "To page-alice@example.com"),
              tuple(orders.get(1).get("id"), "Your order of 2 × Caviar could not be completed", "To page-alice@example.com"),
              tuple(orders.get(0).get("id"), "Your order of 1 × Margherita is confirmed", "To page-alice@example.com"));
      assertThat((String) mailbox.get(1).get("text")).contains("Reason: insufficient funds",
          "Order " + orders.get(1).get("id"));
      assertThat(mailbox).allSatisfy(m -> assertThat(m).containsEntry("elements", 0));
      assertThat(flow.mailer().sentTo(EmailAddress.of("page-alice@example.com"))).hasSize(3);
      // the rows changed in place: the page was neither reloaded nor navigated, and kept its one socket
      assertThat(result).containsEntry("navigationsAfterSetup", 0).containsEntry("markerKept", true)
          .containsEntry("connectionsAfterSetup", 0).containsEntry("connectionState", "connected");
      // the delete button removed the first order's row; the others stay
      String deleted = (String) orders.get(0).get("id");
      assertThat(result).containsEntry("deleted", deleted);
      assertThat((List<String>) result.get("rows")).doesNotContain(deleted)
          .containsExactlyInAnyOrder((String) orders.get(1).get("id"), (String) orders.get(2).get("id"));
      assertThat(flow.repository().find(CustomerId.of("page-alice"),
          OrderId.of(deleted))).isEmpty();
      assertThat(result).containsEntry("consoleErrors", List.of()).containsEntry("pageErrors", List.of());
      assertThat(screenshot).isRegularFile();
      assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    }
  }
}
