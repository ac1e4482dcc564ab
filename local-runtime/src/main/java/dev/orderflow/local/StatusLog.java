package dev.orderflow.local;

import dev.orderflow.core.domain.Order;
import dev.orderflow.core.port.OrderNotifier;
import dev.orderflow.inmemory.InMemoryOrderRepository;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One INFO line per order status change. In memory: {@code PENDING} when the workflow records the order, then
 * its final status — as the repository applies them. On the AWS adapters, with the workflow in this JVM: the
 * final status only, when the workflow publishes it (the DynamoDB table tells no one about its writes).
 */
final class StatusLog {
  private static final Logger LOG = Logger.getLogger(ConsoleLog.ROOT + ".orders");

  private StatusLog() {}

  /** Logs every status change {@code repository} applies from now on. */
  static void watch(InMemoryOrderRepository repository) {
    repository.onStatusChange(StatusLog::changed);
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
    };
  }

  private static void changed(Order order) {
    LOG.info(() -> "order " + order.id().value() + " " + order.status() + " customer=" + order.customer().value()
        + (order.isPending() ? " name=\"" + order.details().name() + "\" quantity=" + order.details().quantity()
            + " restaurant=" + order.details().restaurantId() : "")
        + (order.failureReason() == null ? "" : " reason=\"" + order.failureReason() + "\""));
  }
}
