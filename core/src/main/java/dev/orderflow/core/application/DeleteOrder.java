package dev.orderflow.core.application;

import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.port.OrderRepository;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Deletes one of the customer's orders, which also cancels it: whatever step its workflow is at, the order is
 * never created (if still queued), charged, completed or notified after the deletion, and never reappears.
 * Idempotent: deleting a missing order (or another customer's) succeeds and returns empty. A client token
 * whose order was deleted is refused from then on (see {@link PlaceOrder}).
 */
public final class DeleteOrder {
  private final OrderRepository repository;

  @Inject
  public DeleteOrder(OrderRepository repository) {
    this.repository = repository;
  }

  /** @return the order as it was before deletion, or empty if there was none */
  public Optional<Order> delete(CustomerId customer, OrderId id) {
    return repository.delete(customer, id);
  }
}
