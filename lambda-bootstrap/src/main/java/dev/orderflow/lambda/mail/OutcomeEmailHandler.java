package dev.orderflow.lambda.mail;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.google.inject.Injector;
import dev.orderflow.core.application.EmailOutcome;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.domain.StatusChange;
import dev.orderflow.core.port.MalformedMessageException;
import dev.orderflow.core.port.OrderMessageFormat;
import dev.orderflow.core.port.OutcomeEmail;
import dev.orderflow.core.port.PermanentFailureException;
import dev.orderflow.core.port.TransientFailureException;
import dev.orderflow.lambda.internal.SqsBatch;
import dev.orderflow.lambda.telemetry.Telemetry;
import dev.orderflow.lambda.wiring.LambdaWiring;
import dev.orderflow.lambda.wiring.OncePerContainer;
import dev.orderflow.lambda.wiring.StartUp;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The mail queue's consumer: emails each order's outcome to its customer, once. The mail queue is subscribed to
 * the outcome topic with raw message delivery, so every record's body is an outcome notification
 * ({@link OrderMessageFormat#encodeOutcome}); each runs {@link EmailOutcome#onNotification}, and the function
 * reports partial batch failures (the event source mapping needs {@code ReportBatchItemFailures}).
 *
 * <ul>
 *   <li>sent, or nothing to send (no address, already sent, order deleted): a success — SQS deletes the message;
 *       a repeated delivery of an outcome already emailed sends nothing;</li>
 *   <li>a malformed body: logged without its content, counted ({@value #MALFORMED_NOTIFICATIONS}) and
 *       acknowledged — no delivery of it will ever do better, and the topic's publisher is the bug to fix;</li>
 *   <li>another delivery holding the order's claim: a batch item failure without a warning (counted as skipped,
 *       {@code CLAIMED}) — it comes back after the claim, by when the email was sent or the claim expired;</li>
 *   <li>a transient failure (SES throttling, DynamoDB) and any other
 *       failure (SES refusing the message for good, a bug): a batch item failure, so the message comes back after
 *       the visibility timeout and, after {@code maxReceiveCount} receives, moves to the dead-letter queue, whose
 *       alarm tells someone.</li>
 * </ul>
 *
 * <p>Personal data stays out of the logs: no entry carries a body, and the address is never read here; failure
 * messages (an SES refusal may quote the recipient) are logged with every address in them masked.
 */
public final class OutcomeEmailHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  /** Metric: an outcome email sent. */
  public static final String EMAILS_SENT = "EmailsSent";
  /**
   * Metric: a delivery that sent nothing; dimension {@code Result} (an {@link EmailOutcome.Result}: {@code CLAIMED}
   * means another delivery was sending it, and this one comes back).
   */
  public static final String EMAILS_SKIPPED = "EmailsSkipped";
  /**
   * Metric: a delivery left to come back (a batch item failure); dimension {@code Reason}: {@code Transient} (it
   * should go through later) or {@code Permanent} (SES refused it, or a bug: it will reach the dead-letter queue).
   */
  public static final String EMAIL_FAILURES = "EmailFailures";
  /** Metric: a mail queue message that is no outcome notification, acknowledged without an email. */
  public static final String MALFORMED_NOTIFICATIONS = "MalformedNotifications";

  /** Anything shaped like {@code local@domain}: masked in every failure message that is logged. */
  private static final Pattern ADDRESS = Pattern.compile("([^\\s@<>()\\[\\],;:\"']+)@([A-Za-z0-9.-]+)");

  private final EmailOutcome emailOutcome;

  /** For Lambda: collaborators from the container's one injector, built at init. */
  public OutcomeEmailHandler() {
    this(Container.INJECTOR.get().getInstance(EmailOutcome.class));
  }

  public OutcomeEmailHandler(EmailOutcome emailOutcome) {
    this.emailOutcome = Objects.requireNonNull(emailOutcome, "emailOutcome");
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    return SqsBatch.process(event, context, this::handle);
  }

  /** @return whether the message is done with (deleted), {@code false} for a batch item failure */
  private boolean handle(SQSEvent.SQSMessage message, Telemetry telemetry) {
    String messageId = message.getMessageId();
    try {
      OrderMessageFormat.OrderRef ref = OrderMessageFormat.decodeOutcome(message.getBody());
      telemetry.order(ref.id().value(), ref.customer().value());
      EmailOutcome.Result result = emailOutcome.onNotification(message.getBody());
      if (result == EmailOutcome.Result.SENT) {
        telemetry.info("email.sent", "outcome email sent", "messageId", messageId, "result", result.name());
        telemetry.metrics().count(EMAILS_SENT);
      } else {
        telemetry.info("email.skipped", "no outcome email to send: " + skipped(result), "messageId", messageId,
            "result", result.name());
        telemetry.metrics().count(EMAILS_SKIPPED, "Result", result.name());
      }
      return true;
    } catch (MalformedMessageException e) {
      telemetry.warn("notification.malformed", "message " + messageId + " is no outcome notification, acknowledged "
          + "without an email: " + masked(e.getMessage()), "messageId", messageId);
      telemetry.metrics().count(MALFORMED_NOTIFICATIONS);
      return true;
    } catch (EmailOutcome.ClaimedElsewhere e) {
      telemetry.info("email.claimed", "another delivery is sending this outcome email; message " + messageId
          + " comes back after the claim", "messageId", messageId, "result", EmailOutcome.Result.CLAIMED.name());
      telemetry.metrics().count(EMAILS_SKIPPED, "Result", EmailOutcome.Result.CLAIMED.name());
      return false;
    } catch (TransientFailureException e) {
      telemetry.warn("email.retry", "outcome email not sent now, message " + messageId + " comes back: "
          + masked(e.getMessage()), "messageId", messageId, "errorType", e.getClass().getName(), "result", "RETRY");
      telemetry.metrics().count(EMAIL_FAILURES, "Reason", "Transient");
      return false;
    } catch (RuntimeException e) {
      String what = e instanceof PermanentFailureException ? "refused for good" : "failed";
      telemetry.error("email.failed", "outcome email " + what + ", message " + messageId
          + " comes back until it reaches the dead-letter queue", null, "messageId", messageId,
          "errorType", e.getClass().getName(), "error", maskedTrace(e), "result", "FAILED");
      telemetry.metrics().count(EMAIL_FAILURES, "Reason", "Permanent");
      return false;
    }
  }

  private static String skipped(EmailOutcome.Result result) {
    return switch (result) {
      case NOTHING_TO_SEND -> "the order has no address (none given, or its email was sent already)";
      case ORDER_GONE -> "the order was deleted";
      case NOT_FINAL -> "the order is not final";
      default -> result.name();
    };
  }

  /** {@code text} with every address in it shown as its first character and its domain. */
  static String masked(String text) {
    return text == null ? null : ADDRESS.matcher(text).replaceAll(m -> m.group(1).charAt(0) + "***@" + m.group(2));
  }

  /** The stack trace, causes included, with every address in the messages masked. */
  static String maskedTrace(Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    return masked(trace.toString().strip());
  }

  /**
   * Runs the decoding, rendering and response code on a sample outcome without reading the table or sending
   * anything (SnapStart priming).
   */
  static void prime() {
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    Order sample = Order.place(new OrderRequest(OrderId.of("sample-order"), CustomerId.of("sample-customer"),
            new OrderDetails("Margherita", 2, "sample-restaurant"), at))
        .apply(StatusChange.failure("payment method declined", at));
    OrderMessageFormat.decodeOutcome(OrderMessageFormat.encodeOutcome(sample));
    OutcomeEmail.of(sample);
    masked("sample@example.com");
    new SQSBatchResponse(List.of(new SQSBatchResponse.BatchItemFailure("sample"))).getBatchItemFailures().size();
  }

  /** The Lambda container's one wiring, built when the runtime first creates the handler (init phase). */
  private static final class Container {
    static final OncePerContainer<Injector> INJECTOR =
        OncePerContainer.build(() -> StartUp.primed(LambdaWiring.outcomeMailer(), OutcomeEmailHandler::prime));
  }
}
