package dev.orderflow.core.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The order aggregate. Immutable: every transition returns the next state.
 *
 * <p>Invariants: a failure reason is present exactly when the status is {@code FAILED}; the version
 * starts at 1 and grows by one with every status or details change; {@code notified} records that the
 * final outcome was published, so repeated workflow steps publish it once.
 */
public record Order(
    OrderId id,
    CustomerId customer,
    OrderDetails details,
    OrderStatus status,
    String failureReason,
    Instant createdAt,
    Instant updatedAt,
    long version,
    boolean notified) {

  public Order {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(details, "details");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if ((status == OrderStatus.FAILED) != (failureReason != null)) {
      throw new IllegalArgumentException("failure reason must be present exactly when FAILED");
    }
    if (version < 1) {
      throw new IllegalArgumentException("version starts at 1");
    }
    if (notified && !status.isFinal()) {
      throw new IllegalArgumentException("only a final outcome is notified");
    }
  }

  /** The new {@code PENDING} order for an accepted request. */
  public static Order place(OrderRequest request) {
    return new Order(request.id(), request.customer(), request.details(), OrderStatus.PENDING, null,
        request.acceptedAt(), request.acceptedAt(), 1, false);
  }

  public Optional<String> failure() {
    return Optional.ofNullable(failureReason);
  }

  public boolean isPending() {
    return status == OrderStatus.PENDING;
  }

  /**
   * Sets the final status. Only a {@code PENDING} order moves; calling this on a final order is a bug
   * (repositories apply it under a guard, see {@code OrderRepository#transition}).
   */
  public Order apply(StatusChange change) {
    if (!isPending()) {
      throw new IllegalStateException("order " + id + " is already " + status);
    }
    return new Order(id, customer, details, change.target(), change.failureReason(), createdAt, change.at(),
        version + 1, false);
  }

  /**
   * The order with its details changed.
   *
   * @throws OrderNotModifiableException once the order has succeeded
   */
  public Order revise(DetailsChange change, Instant at) {
    if (status == OrderStatus.SUCCESS) {
      throw new OrderNotModifiableException(id, status);
    }
    return new Order(id, customer, details.with(change), status, failureReason, createdAt, at, version + 1, notified);
  }

  /** The same order with its outcome recorded as published. */
  public Order markNotified() {
    if (!status.isFinal()) {
      throw new IllegalStateException("order " + id + " has no outcome to notify yet");
    }
    return new Order(id, customer, details, status, failureReason, createdAt, updatedAt, version, true);
  }
}
