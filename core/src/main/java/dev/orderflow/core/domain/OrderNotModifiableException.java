package dev.orderflow.core.domain;

/**
 * The order's state forbids the change: updating an order that already succeeded, or one whose payment
 * is being decided.
 */
public final class OrderNotModifiableException extends OrderflowException {
  public OrderNotModifiableException(OrderId id, OrderStatus status) {
    this(id, "is " + status + " and can no longer be changed");
  }

  /** @param why what the order's state is, e.g. {@code "is SUCCESS and can no longer be changed"} */
  public OrderNotModifiableException(OrderId id, String why) {
    super("order " + id.value() + " " + why);
  }

  @Override
  public String errorType() {
    return "InvalidStateError";
  }
}
