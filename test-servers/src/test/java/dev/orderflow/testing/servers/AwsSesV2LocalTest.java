package dev.orderflow.testing.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.Body;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.Message;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

class AwsSesV2LocalTest {
  /** Leading and trailing blanks, CR LF, a tab, accents, an emoji (a surrogate pair) and markup. */
  private static final String SUBJECT = "  Crème brûlée 🍮 <b>&\"'</b>\t ";
  private static final String TEXT = "\r\nLine one\n\n  indented\r\nend 🍮\n\n";
  private static final String HTML = "<p>caf&eacute; &amp; Ωmega</p>\n";

  private static SendEmailRequest email(String to, String subject, String text, String html) {
    Body.Builder body = Body.builder();
    if (text != null) {
      body.text(Content.builder().data(text).charset("UTF-8").build());
    }
    if (html != null) {
      body.html(Content.builder().data(html).charset("UTF-8").build());
    }
    return SendEmailRequest.builder().fromEmailAddress("Orders <orders@example.com>")
        .destination(d -> d.toAddresses(to))
        .configurationSetName("outcomes")
        .emailTags(t -> t.name("orderId").value("o-1"))
        .content(c -> c.simple(Message.builder().subject(Content.builder().data(subject).charset("UTF-8").build())
            .body(body.build()).build()))
        .build();
  }

  @Test
  void keepsEverySimpleEmailExactlyAsSentAndServesItThenStops() {
    int port;
    try (AwsSesV2Local ses = AwsSesV2Local.start()) {
      port = ses.port();
      assertThat(ses.endpoint().toString()).isEqualTo("http://127.0.0.1:" + port);
      Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      try (SesV2Client client = Clients.sesV2(ses.endpoint())) {
        String first = client.sendEmail(email("ada@example.com", SUBJECT, TEXT, HTML)).messageId();
        client.sendEmail(email("bob@example.com", "Plain", "only text", null));
        client.sendEmail(email("ada@example.com", "Markup", null, "<i>only html</i>"));

        List<AwsSesV2Local.Email> emails = ses.emails();
        assertThat(emails).hasSize(3);
        AwsSesV2Local.Email received = emails.get(0);
        assertThat(received.messageId()).isEqualTo(first);
        assertThat(received.from()).isEqualTo("Orders <orders@example.com>");
        assertThat(received.to()).containsExactly("ada@example.com");
        assertThat(received.cc()).isEmpty();
        assertThat(received.bcc()).isEmpty();
        assertThat(received.subject()).isEqualTo(SUBJECT);
        assertThat(received.text()).isEqualTo(TEXT);
        assertThat(received.html()).isEqualTo(HTML);
        assertThat(received.at()).isBetween(before, Instant.now());

        assertThat(ses.emailsTo("ada@example.com")).extracting(AwsSesV2Local.Email::subject)
            .containsExactly(SUBJECT, "Markup");
        assertThat(ses.emailsTo("ada@example.com").get(1).text()).isNull();
        assertThat(ses.emailsTo("bob@example.com")).extracting(AwsSesV2Local.Email::html).containsOnlyNulls();
        assertThat(ses.emailsTo("nobody@example.com")).isEmpty();

        ses.clear();
        assertThat(ses.emails()).isEmpty();
      }
    }
    assertThat(Clients.portClosed(port)).isTrue();
  }
}
