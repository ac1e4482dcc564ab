package dev.orderflow.core.domain;

/**
 * No order with this id exists for the calling customer. Another customer's order is reported
 * the same way, so ids cannot be probed across customers.
 */
public final class OrderNotFoundException extends OrderflowException {
  public OrderNotFoundException(OrderId id) {
    super("order " + id.value() + " not found");
  }

  @Override
  public String errorType() {
    return "NotFound";
  }
}
