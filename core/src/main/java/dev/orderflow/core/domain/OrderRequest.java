package dev.orderflow.core.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An accepted order request: what travels on the queue and into the workflow. Its id is final,
 * so every repeat of the same request refers to the same order.
 *
 * @param emailTo the customer's verified address for the outcome email, or {@code null} for none
 */
public record OrderRequest(OrderId id, CustomerId customer, OrderDetails details, Instant acceptedAt,
    EmailAddress emailTo) {
  public OrderRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(details, "details");
    Objects.requireNonNull(acceptedAt, "acceptedAt");
  }

  /** A request without an address for the outcome email. */
  public OrderRequest(OrderId id, CustomerId customer, OrderDetails details, Instant acceptedAt) {
    this(id, customer, details, acceptedAt, null);
  }

  public Optional<EmailAddress> email() {
    return Optional.ofNullable(emailTo);
  }
}
