package dev.orderflow.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.core.domain.EmailAddress;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.StatusChange;
import dev.orderflow.core.fixtures.Orders;
import dev.orderflow.core.port.CustomerMailer;
import dev.orderflow.core.port.OutcomeEmail;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The {@link CustomerMailer} contract: what is sent reaches exactly its address, with its subject, plain-text and
 * HTML bodies unchanged, once per call. Every test uses fresh addresses, so mail left by other tests does not
 * matter.
 */
public abstract class CustomerMailerContract {

  /** The mailer under test. */
  protected abstract CustomerMailer mailer();

  /**
   * Every email the address received so far, oldest first, waiting up to {@code wait} for at least
   * {@code expected} of them.
   */
  protected abstract List<ReceivedEmail> receivedBy(EmailAddress address, int expected, Duration wait);

  /** An email as its recipient got it. */
  public record ReceivedEmail(String to, String subject, String text, String html) {}

  @Test
  void sendsTheSubjectAndBothBodiesToTheAddress() {
    EmailAddress to = fresh("ada");
    OutcomeEmail email = OutcomeEmail.of(Orders.aRequest().pending().apply(StatusChange.success(Orders.T0)));

    mailer().send(to, email);

    assertThat(receivedBy(to, 1, Duration.ofSeconds(10)))
        .containsExactly(new ReceivedEmail(to.value(), email.subject(), email.text(), email.html()));
  }

  @Test
  void eachAddressReceivesOnlyWhatWasSentToIt() {
    EmailAddress ada = fresh("ada");
    EmailAddress bob = fresh("bob");
    OutcomeEmail forAda = OutcomeEmail.of(Orders.aRequest().withDetails("Soup", 1, "r1").pending()
        .apply(StatusChange.success(Orders.T0)));
    OutcomeEmail forBob = OutcomeEmail.of(Orders.aRequest().withDetails("Cake", 4, "r2").pending()
        .apply(StatusChange.failure("card expired", Orders.T0)));

    mailer().send(ada, forAda);
    mailer().send(bob, forBob);

    assertThat(receivedBy(ada, 1, Duration.ofSeconds(10))).extracting(ReceivedEmail::subject)
        .containsExactly(forAda.subject());
    assertThat(receivedBy(bob, 1, Duration.ofSeconds(10))).extracting(ReceivedEmail::text)
        .containsExactly(forBob.text());
  }

  @Test
  void keepsUnicodeAndMarkupExactly() {
    EmailAddress to = fresh("zoë");
    Order order = Orders.aRequest().withDetails("Crème brûlée 🍮 <b>&\"'</b>", 12, "café-Ωmega").pending()
        .apply(StatusChange.failure("déclinée: <script>", Orders.T0));
    OutcomeEmail email = OutcomeEmail.of(order);

    mailer().send(to, email);

    assertThat(receivedBy(to, 1, Duration.ofSeconds(10)))
        .containsExactly(new ReceivedEmail(to.value(), email.subject(), email.text(), email.html()));
  }

  @Test
  void everyCallSendsOneEmail() {
    EmailAddress to = fresh("twice");
    OutcomeEmail email = OutcomeEmail.of(Orders.aRequest().pending().apply(StatusChange.success(Orders.T0)));

    mailer().send(to, email);
    mailer().send(to, email);

    assertThat(receivedBy(to, 2, Duration.ofSeconds(10))).hasSize(2);
  }

  private static EmailAddress fresh(String name) {
    String local = name.codePoints().allMatch(c -> c < 128) ? name : "u";
    return EmailAddress.of(local + "+" + UUID.randomUUID().toString().substring(0, 8) + "@example.com");
  }
}
