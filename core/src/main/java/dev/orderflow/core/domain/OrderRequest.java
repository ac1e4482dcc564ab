package dev.orderflow.core.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * An accepted order request: what travels on the queue and into the workflow. Its id is final,
 * so every repeat of the same request refers to the same order.
 */
public record OrderRequest(OrderId id, CustomerId customer, OrderDetails details, Instant acceptedAt) {
  public OrderRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(details, "details");
    Objects.requireNonNull(acceptedAt, "acceptedAt");
  }
}
