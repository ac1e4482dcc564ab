package dev.orderflow.core.application;

import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderNotFoundException;
import dev.orderflow.core.port.OrderRepository;
import jakarta.inject.Inject;

/** Reads one of the customer's orders. */
public final class GetOrder {
  private final OrderRepository repository;

  @Inject
  public GetOrder(OrderRepository repository) {
    this.repository = repository;
  }

  /** @throws OrderNotFoundException if the customer has no such order (including another customer's) */
  public Order get(CustomerId customer, OrderId id) {
    return repository.find(customer, id).orElseThrow(() -> new OrderNotFoundException(id));
  }
}
