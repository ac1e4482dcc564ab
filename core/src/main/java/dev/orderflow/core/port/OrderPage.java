package dev.orderflow.core.port;

import dev.orderflow.core.domain.Order;
import java.util.List;
import java.util.Optional;

/**
 * One page of a customer's orders, in ascending order id. {@code nextToken} is opaque: pass it back
 * unchanged to get the next page; it is absent on the last page.
 */
public record OrderPage(List<Order> items, String nextToken) {
  public OrderPage {
    items = List.copyOf(items);
  }

  public Optional<String> next() {
    return Optional.ofNullable(nextToken);
  }
}
