package dev.orderflow.core.application;

import dev.orderflow.core.port.OrderPage;
import dev.orderflow.core.port.OrderRepository;
import jakarta.inject.Inject;

/** Lists the customer's own orders, a page at a time. */
public final class ListOrders {
  private final OrderRepository repository;

  @Inject
  public ListOrders(OrderRepository repository) {
    this.repository = repository;
  }

  /** @throws dev.orderflow.core.domain.InvalidRequestException for a token not issued to this customer */
  public OrderPage list(ListOrdersQuery query) {
    return repository.list(query.customer(), query.limit(), query.nextToken());
  }
}
