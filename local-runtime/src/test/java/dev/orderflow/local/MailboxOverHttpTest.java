package dev.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.orderflow.core.application.PlaceOrderCommand;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.EmailAddress;
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.inmemory.InMemoryOrderflow;
import dev.orderflow.inmemory.ScriptedPaymentGateway;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The outcome emails in memory: {@code GET /page/mailbox} answers a caller — customer and address named by the same
 * headers as a GraphQL call — their own mail and nobody else's; the runtime logs each email with the recipient
 * masked; and an address given with {@code postOrder} reaches the order's outcome email end to end. Each test works
 * as customers of its own, so the tests share one runtime.
 */
class MailboxOverHttpTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static LocalRuntime runtime;
  private static RawHttp http;
  private static String host;
  private static GraphQLClient client;

  @BeforeAll
  static void start() throws IOException {
    InMemoryOrderflow flow = InMemoryOrderflow.builder().live().consumerThreads(1).workflowThreads(2)
        .payments(ScriptedPaymentGateway.approving().declineName("Caviar", "insufficient funds"))
        .build();
    runtime = LocalRuntime.start(LocalSettings.onPort(0), flow);
    http = new RawHttp(runtime.port());
    host = "127.0.0.1:" + runtime.port();
    client = new GraphQLClient(runtime.endpoint());
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  /** {@code GET /page/mailbox} as {@code customer} (no header if null) with {@code email} (no header if null). */
  private static RawHttp.Response mailbox(String customer, String email) {
    List<String> headers = new ArrayList<>();
    if (customer != null) {
      headers.add(CallerRequest.CUSTOMER_HEADER + ": " + customer);
    }
    if (email != null) {
      headers.add(CallerRequest.EMAIL_HEADER + ": " + email);
    }
    return http.send("GET", GraphQLHttpHandler.MAILBOX_PATH, List.of("Host: " + host), headers, null);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> emails(String customer, String email) {
    RawHttp.Response response = mailbox(customer, email);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return (List<Map<String, Object>>) response.json().get("emails");
  }

  /** Places an order straight through the pipeline's use case, with the address the resolver would capture. */
  private static String place(String customer, String email, String dish, int quantity) {
    return runtime.flow().placeOrder().place(new PlaceOrderCommand(CustomerId.of(customer),
        new OrderDetails(dish, quantity, "luigis"), null, EmailAddress.of(email))).id().value();
  }

  private static void awaitSent(String id) {
    Eventually.await("the outcome email of " + id, DEADLINE, () -> Optional.of(runtime.flow().mailer()
        .sentFor(OrderId.of(id))).filter(sent -> !sent.isEmpty()));
  }

  private static void awaitMailQueueDrained() {
    Eventually.await("the mail queue drained", DEADLINE,
        () -> Optional.of(runtime.flow().mailQueue().pending()).filter(n -> n == 0));
  }

  @Test
  void aCustomerSeesTheirOutcomeEmailOnceTheOrderIsFinalAndNobodyElseSeesIt() {
    assertThat(emails("alice", "alice@example.com")).isEmpty();

    String id = place("alice", "alice@example.com", "Margherita", 2);
    awaitSent(id);
    awaitMailQueueDrained(); // every delivery of the outcome handled: no second email is on its way

    RawHttp.Response response = mailbox("alice", "alice@example.com");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Cache-Control")).containsExactly("no-store");
    assertThat(response.header("Content-Type")).singleElement().asString().startsWith("application/json");
    assertThat(response.corsHeaders()).isEmpty();
    assertThat(response.json()).containsEntry("customer", "alice").containsEntry("address", "alice@example.com");
    assertThat(emails("alice", "alice@example.com")).singleElement().satisfies(email -> {
      assertThat(email).containsEntry("orderId", id)
          .containsEntry("subject", "Your order of 2 × Margherita is confirmed");
      assertThat((String) email.get("text")).contains("Margherita", "luigis", "Confirmed", "Order " + id);
      assertThat((String) email.get("sentAt")).isNotBlank();
    });
    // bob sees none of it: not with his own address, not with hers, not as the default customer with hers
    assertThat(emails("bob", "bob@example.com")).isEmpty();
    assertThat(emails("bob", "alice@example.com")).isEmpty();
    assertThat(emails(null, "alice@example.com")).isEmpty();
    // and alice sees it only at the address it went to
    assertThat(emails("alice", "alice@example.org")).isEmpty();
    assertThat(emails("alice", null)).isEmpty();
    assertThat(mailbox("alice", null).json()).containsEntry("address", null);
  }

  @Test
  void twoCustomersEachSeeOnlyTheirOwnMailEvenAtOneSharedAddress() {
    String carol = place("carol", "family@example.com", "Marinara", 1);
    String dave = place("dave", "family@example.com", "Caviar", 3);
    awaitSent(carol);
    awaitSent(dave);

    assertThat(emails("carol", "family@example.com")).extracting(e -> e.get("orderId")).containsExactly(carol);
    assertThat(emails("dave", "family@example.com")).singleElement().satisfies(email -> {
      assertThat(email).containsEntry("orderId", dave)
          .containsEntry("subject", "Your order of 3 × Caviar could not be completed");
      assertThat((String) email.get("text")).contains("insufficient funds");
    });
  }

  @Test
  void anAddressGivenWithPostOrderGetsTheOrdersOutcomeEmail() {
    Map<String, Object> posted = client.postOrder("erin", "erin@example.com", "Quattro Formaggi", 2, "luigis");
    String id = (String) posted.get("id");
    assertThat(client.awaitFinal("erin", id)).containsEntry("status", "SUCCESS");

    awaitSent(id);

    assertThat(runtime.flow().mailer().sentTo(EmailAddress.of("erin@example.com"))).singleElement()
        .satisfies(email -> assertThat(email.orderId().value()).isEqualTo(id));
    assertThat(emails("erin", "erin@example.com")).extracting(e -> e.get("orderId"), e -> e.get("subject"))
        .containsExactly(tuple(id, "Your order of 2 × Quattro Formaggi is confirmed"));
  }

  @Test
  void withoutAnAddressAnOrderGetsNoEmail() {
    String id = (String) client.postOrder("frank", "Margherita", 1, "luigis").get("id");
    assertThat(client.awaitFinal("frank", id)).containsEntry("status", "SUCCESS");
    Eventually.await("the outcome published", DEADLINE, () -> Optional.of(runtime.flow().notifier()
        .publishedFor(OrderId.of(id))).filter(published -> !published.isEmpty()));
    awaitMailQueueDrained();

    assertThat(runtime.flow().mailer().sentFor(OrderId.of(id))).isEmpty();
  }

  @Test
  void eachEmailIsLoggedWithTheRecipientMaskedAndTheSubjectButNeverTheAddressOrTheBody() {
    try (OrderLogLines emails = OrderLogLines.capture("emails")) {
      String id = place("grace", "grace.hopper@example.com", "Caviar", 1);
      awaitSent(id);
      String line = Eventually.await("the email line", DEADLINE, () -> emails.about(id).stream().findFirst());

      assertThat(line).contains("INFO emails - to g***@example.com order=" + id
              + " subject=\"Your order of 1 × Caviar could not be completed\"")
          .containsOnlyOnce(System.lineSeparator())
          .doesNotContain("grace.hopper", "insufficient funds", "We are sorry");
      assertThat(emails.about("grace.hopper")).isEmpty();
      assertThat(emails.about(id)).hasSize(1);
    }
  }

  @Test
  void aMailboxIsOnlyReadAndOnlyForAUsableCallerAndThisRuntime() {
    assertThat(mailbox("alice", "not an address").status()).isEqualTo(400);
    assertThat(mailbox("alice", "not an address").errorType()).isEqualTo("ValidationError");
    RawHttp.Response unusable = mailbox("x".repeat(CustomerId.MAX_LENGTH + 1), "alice@example.com");
    assertThat(unusable.status()).isEqualTo(401);
    assertThat(unusable.errorType()).isEqualTo("Unauthorized");
    assertThat(http.send("POST", GraphQLHttpHandler.MAILBOX_PATH, List.of("Host: " + host),
        List.of("Content-Type: application/json"), "{}").status()).isEqualTo(405);
    RawHttp.Response misdirected = http.send("GET", GraphQLHttpHandler.MAILBOX_PATH, List.of("Host: evil.example"),
        List.of(CallerRequest.CUSTOMER_HEADER + ": alice", CallerRequest.EMAIL_HEADER + ": alice@example.com"), null);
    assertThat(misdirected.status()).isEqualTo(421);
    assertThat(misdirected.body()).doesNotContain("emails");
  }
}
