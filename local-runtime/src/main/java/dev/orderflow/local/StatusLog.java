package dev.orderflow.local;

import dev.orderflow.core.domain.Order;
import dev.orderflow.core.port.OrderMessageFormat;
import dev.orderflow.core.port.OrderNotifier;
import dev.orderflow.inmemory.InMemoryOrderflow;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One INFO line per order status change ({@code orders}), and one per notification published to the customer
 * ({@code notifications}, with the body SNS would deliver). In memory: {@code PENDING} when the workflow records
 * the order, then its final status, as the repository applies them, and the notification as the notifier
 * publishes it. On the AWS adapters, with the workflow in this JVM: the final status and the notification, when
 * the workflow publishes them (the DynamoDB table tells no one about its writes).
 */
final class StatusLog {
  private static final Logger LOG = Logger.getLogger(ConsoleLog.ROOT + ".orders");
  private static final Logger NOTIFICATIONS = Logger.getLogger(ConsoleLog.ROOT + ".notifications");

  private StatusLog() {}

  /** Logs every status change {@code flow}'s repository applies, and every notification it publishes, from now on. */
  static void watch(InMemoryOrderflow flow) {
    flow.repository().onStatusChange(StatusLog::changed);
    flow.notifier().subscribe(StatusLog::notified);
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

  private static void changed(Order order) {
    LOG.info(() -> "order " + order.id().value() + " " + order.status() + " customer=" + order.customer().value()
        + (order.isPending() ? " name=\"" + order.details().name() + "\" quantity=" + order.details().quantity()
            + " restaurant=" + order.details().restaurantId() : "")
        + (order.failureReason() == null ? "" : " reason=\"" + order.failureReason() + "\""));
  }
}
