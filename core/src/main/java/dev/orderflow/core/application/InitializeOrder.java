package dev.orderflow.core.application;

import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.port.OrderRepository;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Workflow step 1: record the order as {@code PENDING} unless it exists or was deleted. Safe to repeat.
 */
public final class InitializeOrder {
  private final OrderRepository repository;

  @Inject
  public InitializeOrder(OrderRepository repository) {
    this.repository = repository;
  }

  /**
   * @return the stored order — the new one, or the one a previous run created (whatever its status) — or
   *     empty if the customer deleted it (even before it was first recorded): the run is cancelled
   */
  public Optional<Order> initialize(OrderRequest request) {
    Order order = Order.place(request);
    if (repository.createIfAbsent(order)) {
      return Optional.of(order);
    }
    // not created: it exists, or its tombstone refused the id
    return repository.find(request.customer(), request.id());
  }
}
