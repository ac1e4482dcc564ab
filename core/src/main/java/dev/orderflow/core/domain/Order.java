package dev.orderflow.core.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The order aggregate. Immutable: every transition returns the next state.
 *
 * <p>Invariants: a failure reason is present exactly when the status is {@code FAILED}; the version
 * starts at 1 and grows by one with every status change, details change and the start of payment;
 * {@code notified} records that the final outcome was published, so repeated workflow steps publish it
 * once; {@code paymentVersion} is 0 until the workflow starts deciding the payment, then the version the
 * decision is made for — from then on the details can no longer change while the order is
 * {@code PENDING}, so an order completes only with the details that were paid for; {@code emailTo} is the
 * customer's verified address for the outcome email ({@code null} for none), kept only until that email is sent
 * (see {@link #emailSent()}).
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
    boolean notified,
    long paymentVersion,
    EmailAddress emailTo) {

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
    if (paymentVersion < 0 || paymentVersion > version) {
      throw new IllegalArgumentException("payment version must be 0 or a version the order had");
    }
  }

  /** The new {@code PENDING} order for an accepted request. */
  public static Order place(OrderRequest request) {
    return new Order(request.id(), request.customer(), request.details(), OrderStatus.PENDING, null,
        request.acceptedAt(), request.acceptedAt(), 1, false, 0, request.emailTo());
  }

  public Optional<String> failure() {
    return Optional.ofNullable(failureReason);
  }

  public boolean isPending() {
    return status == OrderStatus.PENDING;
  }

  /** Whether the workflow has started deciding this order's payment (the details are then frozen while PENDING). */
  public boolean paymentStarted() {
    return paymentVersion > 0;
  }

  /**
   * The key under which this order's payment is decided: the order id and the version the decision is
   * made for. Repeating a decision with the same key never charges twice.
   */
  public String paymentKey() {
    if (!paymentStarted()) {
      throw new IllegalStateException("order " + id + " has not started payment");
    }
    return id.value() + ":" + paymentVersion;
  }

  /**
   * The order with its payment started: version + 1, details frozen from now on while {@code PENDING}.
   * Only a {@code PENDING} order whose payment has not started moves (repositories apply it under a guard).
   */
  public Order startPayment(Instant at) {
    if (!isPending() || paymentStarted()) {
      throw new IllegalStateException("order " + id + " cannot start payment: " + status
          + (paymentStarted() ? ", payment already started" : ""));
    }
    return new Order(id, customer, details, status, failureReason, createdAt, at, version + 1, false, version + 1, emailTo);
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
        version + 1, false, paymentVersion, emailTo);
  }

  /**
   * The order with its details changed.
   *
   * @throws OrderNotModifiableException once the order has succeeded, or while its payment is being decided
   */
  public Order revise(DetailsChange change, Instant at) {
    if (status == OrderStatus.SUCCESS) {
      throw new OrderNotModifiableException(id, "is SUCCESS and can no longer be changed");
    }
    if (isPending() && paymentStarted()) {
      throw new OrderNotModifiableException(id,
          "is being paid for: its details are fixed until the payment is decided");
    }
    return new Order(id, customer, details.with(change), status, failureReason, createdAt, at, version + 1, notified,
        paymentVersion, emailTo);
  }

  /** The same order with its outcome recorded as published. */
  public Order markNotified() {
    if (!status.isFinal()) {
      throw new IllegalStateException("order " + id + " has no outcome to notify yet");
    }
    return new Order(id, customer, details, status, failureReason, createdAt, updatedAt, version, true, paymentVersion,
        emailTo);
  }

  /** Where the outcome email goes, while it is still to be sent. */
  public Optional<EmailAddress> email() {
    return Optional.ofNullable(emailTo);
  }

  /**
   * The same order with its outcome email sent: the address is dropped (it is kept no longer than needed), the
   * version unchanged.
   */
  public Order emailSent() {
    if (!status.isFinal()) {
      throw new IllegalStateException("order " + id + " has no outcome to email yet");
    }
    return new Order(id, customer, details, status, failureReason, createdAt, updatedAt, version, notified,
        paymentVersion, null);
  }
}
