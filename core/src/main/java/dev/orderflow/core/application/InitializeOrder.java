package dev.orderflow.core.application;

import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.port.OrderRepository;
import dev.orderflow.core.port.TransientFailureException;
import jakarta.inject.Inject;

/** Workflow step 1: record the order as {@code PENDING} unless it exists. Safe to repeat. */
public final class InitializeOrder {
  private final OrderRepository repository;

  @Inject
  public InitializeOrder(OrderRepository repository) {
    this.repository = repository;
  }

  /** @return the stored order: the new one, or the one a previous run created (whatever its status) */
  public Order initialize(OrderRequest request) {
    Order order = Order.place(request);
    if (repository.createIfAbsent(order)) {
      return order;
    }
    return repository.find(request.customer(), request.id())
        .orElseThrow(() -> new TransientFailureException("order " + request.id() + " vanished while initialising"));
  }
}
