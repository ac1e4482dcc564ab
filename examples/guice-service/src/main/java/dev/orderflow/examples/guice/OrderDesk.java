package dev.orderflow.examples.guice;

import dev.orderflow.core.application.GetOrder;
import dev.orderflow.core.application.PlaceOrder;
import dev.orderflow.core.application.PlaceOrderCommand;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderStatus;
import jakarta.inject.Inject;

/**
 * A service of ours that takes and tracks orders. It knows only the core's use cases, which Guice builds from
 * their {@code @Inject} constructors on whatever the ports are bound to: the AWS adapters in production
 * ({@link OrderDeskAwsModule}), the in-memory pipeline in tests.
 */
public final class OrderDesk {
  private final PlaceOrder placeOrder;
  private final GetOrder getOrder;

  @Inject
  public OrderDesk(PlaceOrder placeOrder, GetOrder getOrder) {
    this.placeOrder = placeOrder;
    this.getOrder = getOrder;
  }

  /** Accepts an order; {@code PENDING} comes back at once, the pipeline decides the rest. */
  public Order order(String customer, String item, int quantity, String restaurant) {
    return placeOrder.place(new PlaceOrderCommand(CustomerId.of(customer), new OrderDetails(item, quantity, restaurant)));
  }

  /** @throws dev.orderflow.core.domain.OrderNotFoundException until the workflow has recorded the order */
  public OrderStatus status(String customer, OrderId id) {
    return getOrder.get(CustomerId.of(customer), id).status();
  }
}
