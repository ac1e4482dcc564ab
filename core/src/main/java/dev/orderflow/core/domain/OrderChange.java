package dev.orderflow.core.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * One change of an order as its owner watches it live: what changed, and the order after the change — or,
 * for a deletion, only its id and owner. Every change that moves the order's version is one change (its
 * creation as {@code PENDING}, the start of its payment, each details update, its final status), and so is
 * its deletion; a write that changes nothing the owner can see (recording that the outcome was notified)
 * is none. Within one order, the versions of its changes grow; a deletion is the last change.
 *
 * @param kind what changed
 * @param id the order
 * @param customer the order's owner: only this customer may see the change
 * @param order the order after the change; {@code null} exactly when {@code kind} is {@link Kind#DELETED}
 */
public record OrderChange(Kind kind, OrderId id, CustomerId customer, Order order) {

  /** What a change did to the order. */
  public enum Kind {
    /** The order was recorded, {@code PENDING}. */
    CREATED,
    /** Its name, quantity or restaurant changed. */
    DETAILS_CHANGED,
    /** The workflow started deciding its payment: the details are fixed until the decision. */
    PAYMENT_STARTED,
    /** It got its final status, {@code SUCCESS} or {@code FAILED}. */
    STATUS_CHANGED,
    /** It was deleted (its workflow is cancelled); the change carries no order. */
    DELETED
  }

  public OrderChange {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(customer, "customer");
    if ((kind == Kind.DELETED) != (order == null)) {
      throw new IllegalArgumentException("a change carries the order exactly when it is not a deletion");
    }
    if (order != null && (!order.id().equals(id) || !order.customer().equals(customer))) {
      throw new IllegalArgumentException("the change's id and customer must be its order's");
    }
  }

  /** The deletion of order {@code id} of {@code customer} (also of one that was never created). */
  public static OrderChange deleted(CustomerId customer, OrderId id) {
    return new OrderChange(Kind.DELETED, id, customer, null);
  }

  /**
   * The change from {@code before} to {@code after}, two stored states of one order; empty if its owner would
   * see no difference (the version did not move). A deletion is {@link #deleted}.
   *
   * @param before the order before the write, empty if it did not exist
   * @param after the order after the write
   */
  public static Optional<OrderChange> between(Optional<Order> before, Order after) {
    Objects.requireNonNull(after, "after");
    if (before.isEmpty()) {
      return Optional.of(new OrderChange(Kind.CREATED, after.id(), after.customer(), after));
    }
    Order was = before.get();
    if (after.version() == was.version()) {
      return Optional.empty();
    }
    Kind kind;
    if (after.status() != was.status()) {
      kind = Kind.STATUS_CHANGED;
    } else if (after.paymentVersion() != was.paymentVersion()) {
      kind = Kind.PAYMENT_STARTED;
    } else {
      kind = Kind.DETAILS_CHANGED;
    }
    return Optional.of(new OrderChange(kind, after.id(), after.customer(), after));
  }

  /** Whether this is a deletion. */
  public boolean isDeletion() {
    return kind == Kind.DELETED;
  }

  /** The order after the change, empty for a deletion. */
  public Optional<Order> orderAfter() {
    return Optional.ofNullable(order);
  }
}
