package dev.orderflow.aws.ses;

import dev.orderflow.aws.AwsErrors;
import dev.orderflow.aws.internal.Lazy;
import dev.orderflow.core.domain.EmailAddress;
import dev.orderflow.core.port.CustomerMailer;
import dev.orderflow.core.port.OutcomeEmail;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.Body;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.Destination;
import software.amazon.awssdk.services.sesv2.model.EmailContent;
import software.amazon.awssdk.services.sesv2.model.Message;
import software.amazon.awssdk.services.sesv2.model.MessageTag;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

/**
 * {@link CustomerMailer} on Amazon SES (API v2): one {@code SendEmail} per call, a simple message (subject, plain-text
 * and HTML body, each UTF-8) from the configured sender to exactly the given address, with the configuration set if
 * one is configured, and an email tag {@value #ORDER_ID_TAG} naming the order, so that the configuration set's
 * events (delivery, bounce, complaint) say which order they are about. (A tag value is at most 256 letters, digits,
 * {@code _} and {@code -}; every {@link dev.orderflow.core.domain.OrderId} is one today, and an id that were not
 * would be sent without the tag rather than refused.)
 *
 * <p>Failures: throttling, a reached sending quota, paused sending, server errors and no answer are
 * {@link dev.orderflow.core.port.TransientFailureException}s; a rejected message, an unverified sender or MAIL FROM
 * domain, a missing configuration set, a bad request and a suspended account are
 * {@link dev.orderflow.core.port.PermanentFailureException}s (see {@link AwsErrors}). Neither message holds the
 * address (only its {@linkplain EmailAddress#masked() masked} form), the email's content, or what SES said (which
 * may quote the request).
 */
public final class SesCustomerMailer implements CustomerMailer {
  /** The email tag that names the order an email is about. */
  public static final String ORDER_ID_TAG = "orderId";
  private static final String CHARSET = "UTF-8";
  /** What SES accepts as a tag value. */
  private static final Pattern TAG_VALUE = Pattern.compile("[A-Za-z0-9_-]{1,256}");

  private final Supplier<SesV2Client> client;
  private final String from;
  private final Optional<String> configurationSet;
  private final SendPacing pacing;

  /**
   * @param fromAddress the sender, an identity verified in SES: {@code orders@example.com} or
   *     {@code Example Orders <orders@example.com>}
   * @param configurationSetName the configuration set to send with, or {@code null} for none
   */
  public SesCustomerMailer(SesV2Client client, String fromAddress, String configurationSetName) {
    this(Lazy.ready(client), fromAddress, configurationSetName);
  }

  /**
   * @param client built on first use
   * @param fromAddress the sender, an identity verified in SES
   * @param configurationSetName the configuration set to send with, or {@code null} for none
   */
  public SesCustomerMailer(Supplier<SesV2Client> client, String fromAddress, String configurationSetName) {
    this.client = Objects.requireNonNull(client, "client");
    Objects.requireNonNull(fromAddress, "fromAddress");
    if (fromAddress.isBlank() || fromAddress.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("fromAddress must be an address, without control characters");
    }
    this.from = fromAddress.strip();
    this.configurationSet = Optional.ofNullable(configurationSetName).filter(name -> !name.isBlank()).map(String::strip);
    this.pacing = null;
  }

  private SesCustomerMailer(SesCustomerMailer unpaced, SendPacing pacing) {
    this.client = unpaced.client;
    this.from = unpaced.from;
    this.configurationSet = unpaced.configurationSet;
    this.pacing = pacing;
  }

  /**
   * The same mailer, sending at most {@code sendsPerSecond} emails a second, evenly spaced (calls wait their turn):
   * give each concurrent sender its share of the account's SES sending rate so that SES never throttles it.
   */
  public SesCustomerMailer paced(double sendsPerSecond) {
    return new SesCustomerMailer(this, new SendPacing(sendsPerSecond));
  }

  @Override
  public void send(EmailAddress to, OutcomeEmail email) {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(email, "email");
    SendEmailRequest request = request(to, email);
    if (pacing != null) {
      pacing.awaitTurn();
    }
    try {
      client.get().sendEmail(request);
    } catch (SdkException e) {
      throw AwsErrors.translateRedacted("SES SendEmail of the outcome of order " + email.orderId().value()
          + " to " + to.masked(), e);
    }
  }

  /** The request that sends {@code email} to {@code to}. */
  SendEmailRequest request(EmailAddress to, OutcomeEmail email) {
    SendEmailRequest.Builder request = SendEmailRequest.builder()
        .fromEmailAddress(from)
        .destination(Destination.builder().toAddresses(to.value()).build())
        .content(EmailContent.builder().simple(Message.builder()
            .subject(utf8(email.subject()))
            .body(Body.builder().text(utf8(email.text())).html(utf8(email.html())).build())
            .build()).build());
    configurationSet.ifPresent(request::configurationSetName);
    String orderId = email.orderId().value();
    if (TAG_VALUE.matcher(orderId).matches()) {
      request.emailTags(MessageTag.builder().name(ORDER_ID_TAG).value(orderId).build());
    }
    return request.build();
  }

  private static Content utf8(String data) {
    return Content.builder().data(data).charset(CHARSET).build();
  }
}
