package dev.orderflow.core.application;

import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderNotFoundException;
import dev.orderflow.core.domain.StatusChange;
import dev.orderflow.core.port.OrderNotifier;
import dev.orderflow.core.port.OrderRepository;
import java.util.Optional;

/**
 * Sets a final status and publishes it once: guarded transition, then publish if the outcome was not
 * yet published, then record the publication. A repeat after any partial run finishes the rest; a
 * repeat after a complete run does nothing. Only a crash between publish and record publishes twice.
 */
final class FinalStatus {
  private final OrderRepository repository;
  private final OrderNotifier notifier;

  FinalStatus(OrderRepository repository, OrderNotifier notifier) {
    this.repository = repository;
    this.notifier = notifier;
  }

  /** @return the order with its final status (which an earlier run may have set), or empty if it was deleted */
  FinalOutcome set(CustomerId customer, OrderId id, StatusChange change) {
    Optional<Order> changed;
    Optional<Order> order;
    try {
      changed = repository.transition(customer, id, change);
      order = changed.or(() -> repository.find(customer, id));
    } catch (OrderNotFoundException deleted) {
      return new FinalOutcome(Optional.empty(), false, false);
    }
    boolean publish = order.filter(o -> o.status().isFinal() && !o.notified()).isPresent();
    order.filter(o -> o.status().isFinal() && !o.notified()).ifPresent(o -> {
      notifier.publish(o);
      try {
        repository.markNotified(customer, id);
      } catch (OrderNotFoundException deletedMeanwhile) {
        // The customer deleted the order after it was published: nothing left to record.
      }
    });
    return new FinalOutcome(order.map(o -> o.status().isFinal() && !o.notified() ? o.markNotified() : o),
        changed.isPresent(), publish);
  }
}
