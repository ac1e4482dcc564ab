package dev.orderflow.local;

import dev.orderflow.core.domain.Order;
import dev.orderflow.core.port.OrderMessageFormat;
import dev.orderflow.core.port.OrderNotifier;
import dev.orderflow.inmemory.InMemoryCustomerMailer;
import dev.orderflow.inmemory.InMemoryOrderflow;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One INFO line per order status change ({@code orders}), one per notification published to the customer
 * ({@code notifications}, with the body SNS would deliver), and in memory one per outcome email sent
 * ({@code emails}: the recipient masked, {@link dev.orderflow.core.domain.EmailAddress#masked()}, the order and the
 * subject — never the full address nor the body). In memory: {@code PENDING} when the workflow records
 * the order, then its final status, as the repository applies them, the notification as the notifier
 * publishes it and the email as the mailer sends it. On the AWS adapters, with the workflow in this JVM: the final
 * status and the notification, when the workflow publishes them (the DynamoDB table tells no one about its writes).
 */
final class StatusLog {
  private static final Logger LOG = Logger.getLogger(ConsoleLog.ROOT + ".orders");
  private static final Logger NOTIFICATIONS = Logger.getLogger(ConsoleLog.ROOT + ".notifications");
  private static final Logger EMAILS = Logger.getLogger(ConsoleLog.ROOT + ".emails");

  private StatusLog() {}

  /**
   * Logs every status change {@code flow}'s repository applies, every notification it publishes and every outcome
   * email it sends, from now on.
   */
  static void watch(InMemoryOrderflow flow) {
    flow.repository().onStatusChange(StatusLog::changed);
    flow.notifier().subscribe(StatusLog::notified);
    flow.mailer().subscribe(StatusLog::emailed);
  }

  /**
   * {@code notifier}, logging each outcome it publishes — or, at WARNING, fails to publish (the workflow
   * then retries, as the state machine would).
   */
  static OrderNotifier outcomes(OrderNotifier notifier) {
    return order -> {
      try {
        notifier.publish(order);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, () -> "order " + order.id().value() + " " + order.status()
            + ": publishing the outcome failed: " + e);
        throw e;
      }
      changed(order);
      notified(order);
    };
  }

  private static void notified(Order order) {
    NOTIFICATIONS.info(() -> "to customer=" + order.customer().value() + " status=" + order.status() + " "
        + OrderMessageFormat.encodeOutcome(order));
  }

  private static void emailed(InMemoryCustomerMailer.Sent sent) {
    EMAILS.info(() -> "to " + sent.to().masked() + " order=" + sent.email().orderId().value() + " subject=\""
        + sent.email().subject() + "\"");
  }

  private static void changed(Order order) {
    LOG.info(() -> "order " + order.id().value() + " " + order.status() + " customer=" + order.customer().value()
        + (order.isPending() ? " name=\"" + order.details().name() + "\" quantity=" + order.details().quantity()
            + " restaurant=" + order.details().restaurantId() : "")
        + (order.failureReason() == null ? "" : " reason=\"" + order.failureReason() + "\""));
  }
}
