package dev.orderflow.core.port;

import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.InvalidRequestException;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderNotFoundException;
import dev.orderflow.core.domain.StatusChange;
import dev.orderflow.core.domain.VersionConflictException;
import java.util.Optional;

/**
 * Where orders live. Every operation is keyed by (customer, order id): an order of another customer
 * does not exist for the caller. Every write is a single conditional write — never read-then-write — so
 * concurrent callers and repeated calls cannot lose updates or apply a change twice.
 *
 * <p>Any method may throw {@link TransientFailureException} (safe to retry) or
 * {@link PermanentFailureException}.
 */
public interface OrderRepository {

  /**
   * Stores the order unless one with the same customer and id exists.
   *
   * @return {@code true} if stored now, {@code false} if it already existed (left unchanged)
   */
  boolean createIfAbsent(Order order);

  /** The order, if the customer has one with this id. */
  Optional<Order> find(CustomerId customer, OrderId id);

  /**
   * Sets the final status, guarded by {@code status = PENDING}: applies {@link Order#apply(StatusChange)}
   * and bumps the version in one conditional write.
   *
   * @return the order after the change, or empty if the order was no longer {@code PENDING} (nothing written)
   * @throws OrderNotFoundException if there is no such order
   */
  Optional<Order> transition(CustomerId customer, OrderId id, StatusChange change);

  /**
   * Writes the details, {@code updatedAt} and version of {@code revised}, guarded by
   * {@code version = revised.version() - 1}. Status and notification flag are not written.
   *
   * @throws OrderNotFoundException if there is no such order
   * @throws VersionConflictException if the stored version is not {@code revised.version() - 1}
   */
  void updateDetails(Order revised);

  /**
   * Records that the order's final outcome was published. Idempotent; does not change the version.
   *
   * @throws OrderNotFoundException if there is no such order
   */
  void markNotified(CustomerId customer, OrderId id);

  /**
   * Deletes the order. Idempotent: deleting a missing order is not an error.
   *
   * @return the deleted order, or empty if there was none
   */
  Optional<Order> delete(CustomerId customer, OrderId id);

  /**
   * A page of the customer's orders in ascending id, read by key (never a scan of other customers).
   *
   * @param limit 1–100
   * @param nextToken {@code null} for the first page, else a token from a previous page of the same customer
   * @throws InvalidRequestException if the token is malformed or was issued for another customer
   */
  OrderPage list(CustomerId customer, int limit, String nextToken);
}
