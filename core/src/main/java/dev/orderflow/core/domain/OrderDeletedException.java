package dev.orderflow.core.domain;

/**
 * The client token names an order that its customer deleted. A deleted order stays deleted: posting again
 * with its token is refused, so it neither comes back nor is accepted and then silently dropped. Use a new
 * token for a new order.
 */
public final class OrderDeletedException extends OrderflowException {
  public OrderDeletedException(OrderId id) {
    super("clientToken: the order it placed (" + id.value() + ") was deleted; use a new clientToken for a new order");
  }

  @Override
  public String errorType() {
    return "OrderDeleted";
  }
}
