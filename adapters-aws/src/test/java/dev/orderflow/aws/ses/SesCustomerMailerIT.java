package dev.orderflow.aws.ses;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.aws.LocalAws;
import dev.orderflow.aws.Polling;
import dev.orderflow.core.contract.CustomerMailerContract;
import dev.orderflow.core.domain.EmailAddress;
import dev.orderflow.core.domain.StatusChange;
import dev.orderflow.core.fixtures.Orders;
import dev.orderflow.core.port.CustomerMailer;
import dev.orderflow.core.port.OutcomeEmail;
import dev.orderflow.testing.servers.AwsSesV2Local;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The mailer contract through the real SDK client, on aws-ses-v2-local: what its store says each address received
 * (it keeps a simple message's subject and bodies exactly as sent, so nothing is translated on the way back).
 */
class SesCustomerMailerIT extends CustomerMailerContract {
  private static final String FROM = "Orderflow <orders@example.com>";

  private static AwsSesV2Local ses;
  private static SesV2Client client;
  private static SesCustomerMailer mailer;

  @BeforeAll
  static void startSes() {
    ses = AwsSesV2Local.start();
    client = LocalAws.clients(ses.endpoint()).sesV2();
    mailer = new SesCustomerMailer(client, FROM, "outcomes");
  }

  @AfterAll
  static void stopSes() {
    client.close();
    ses.close();
  }

  @Override
  protected CustomerMailer mailer() {
    return mailer;
  }

  @Override
  protected List<ReceivedEmail> receivedBy(EmailAddress address, int expected, Duration wait) {
    List<ReceivedEmail> received = new ArrayList<>();
    Polling.collect(wait, () -> {
      received.clear();
      ses.emailsTo(address.value()).forEach(email -> received.add(
          new ReceivedEmail(String.join(", ", email.to()), email.subject(), email.text(), email.html())));
    }, () -> received.size() >= expected);
    return received;
  }

  @Test
  void sendsFromTheConfiguredSenderToTheAddressAlone() {
    EmailAddress to = EmailAddress.of("from-check+" + System.nanoTime() + "@example.com");

    mailer.send(to, OutcomeEmail.of(Orders.aRequest().pending().apply(StatusChange.success(Orders.T0))));

    assertThat(ses.emailsTo(to.value())).singleElement().satisfies(email -> {
      assertThat(email.from()).isEqualTo(FROM);
      assertThat(email.to()).containsExactly(to.value());
      assertThat(email.cc()).isEmpty();
      assertThat(email.bcc()).isEmpty();
    });
  }
}
