package dev.orderflow.core.domain;

/** The order's status forbids the change, e.g. updating an order that already succeeded. */
public final class OrderNotModifiableException extends OrderflowException {
  public OrderNotModifiableException(OrderId id, OrderStatus status) {
    super("order " + id.value() + " is " + status + " and can no longer be changed");
  }

  @Override
  public String errorType() {
    return "InvalidStateError";
  }
}
