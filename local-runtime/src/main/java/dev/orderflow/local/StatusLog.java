package dev.orderflow.local;

import dev.orderflow.core.domain.Order;
import dev.orderflow.inmemory.InMemoryOrderRepository;
import java.util.logging.Logger;

/**
 * One INFO line per order status change: {@code PENDING} when the workflow records the order, then its final
 * status — as the repository applies them.
 */
final class StatusLog {
  private static final Logger LOG = Logger.getLogger(ConsoleLog.ROOT + ".orders");

  private StatusLog() {}

  /** Logs every status change {@code repository} applies from now on. */
  static void watch(InMemoryOrderRepository repository) {
    repository.onStatusChange(StatusLog::changed);
  }

  private static void changed(Order order) {
    LOG.info(() -> "order " + order.id().value() + " " + order.status() + " customer=" + order.customer().value()
        + (order.isPending() ? " name=\"" + order.details().name() + "\" quantity=" + order.details().quantity()
            + " restaurant=" + order.details().restaurantId() : "")
        + (order.failureReason() == null ? "" : " reason=\"" + order.failureReason() + "\""));
  }
}
