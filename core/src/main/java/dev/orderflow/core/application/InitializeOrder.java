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
    return initializeWithOutcome(request).order();
  }

  /** {@link #initialize(OrderRequest)}, also telling whether this call created the order. */
  public Outcome initializeWithOutcome(OrderRequest request) {
    Order order = Order.place(request);
    if (repository.createIfAbsent(order)) {
      return new Outcome(Optional.of(order), true);
    }
    // not created: it exists, or its tombstone refused the id
    return new Outcome(repository.find(request.customer(), request.id()), false);
  }

  /**
   * What {@link #initializeWithOutcome} did.
   *
   * @param order as {@link #initialize(OrderRequest)} returns it
   * @param created whether this call recorded the order (false: an earlier run had, or the customer deleted it)
   */
  public record Outcome(Optional<Order> order, boolean created) {}
}
