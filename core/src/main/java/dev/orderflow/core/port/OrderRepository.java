package dev.orderflow.core.port;

import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.InvalidRequestException;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderNotFoundException;
import dev.orderflow.core.domain.StatusChange;
import dev.orderflow.core.domain.VersionConflictException;
import java.time.Instant;
import java.util.Optional;

/**
 * Where orders live. Every operation is keyed by (customer, order id): an order of another customer
 * does not exist for the caller. Every write is a single conditional write — never read-then-write — so
 * concurrent callers and repeated calls cannot lose updates or apply a change twice.
 *
 * <p><b>Deletion is final.</b> {@link #delete} leaves a tombstone under the order's key: from then on the
 * order does not exist for {@link #find} and {@link #list}, {@link #createIfAbsent} refuses its id, and every
 * other write throws {@link OrderNotFoundException} — so no later workflow step, redelivery or retry brings
 * it back. {@link #isDeleted} tells a deleted id from one never used.
 *
 * <p>Any method may throw {@link TransientFailureException} (safe to retry) or
 * {@link PermanentFailureException}.
 */
public interface OrderRepository {

  /**
   * Stores the order unless one with the same customer and id exists or was deleted.
   *
   * @return {@code true} if stored now, {@code false} if it already existed (left unchanged) or was deleted
   */
  boolean createIfAbsent(Order order);

  /** The order, if the customer has one with this id (a deleted order is not found). */
  Optional<Order> find(CustomerId customer, OrderId id);

  /** Whether the customer deleted an order with this id (its tombstone is kept for good). */
  boolean isDeleted(CustomerId customer, OrderId id);

  /**
   * Starts the payment of a {@code PENDING} order: applies {@link Order#startPayment} (version + 1,
   * {@code paymentVersion} = the new version) in one conditional write guarded by {@code status = PENDING}
   * and payment not started. Idempotent: if the payment had already started, nothing is written and the
   * stored order is returned.
   *
   * @return the {@code PENDING} order with its payment started, or empty if it is no longer {@code PENDING}
   * @throws OrderNotFoundException if there is no such order (or it was deleted)
   */
  Optional<Order> startPayment(CustomerId customer, OrderId id, Instant at);

  /**
   * How many of the customer's orders are {@code PENDING}, counting at most {@code upTo}. It may lag the latest
   * writes by a moment (on DynamoDB it reads an eventually consistent index); callers use it as a limit, not a
   * guard.
   *
   * @param upTo 1 or more: counting stops there
   */
  int countPending(CustomerId customer, int upTo);

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
   * {@code version = revised.version() - 1}. Status, notification flag and payment version are not written.
   * (Every status change and the start of payment bump the version, so the guard also refuses a change
   * that raced with them.)
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
   * Claims the sending of the order's outcome email until {@code until}, in one conditional write: succeeds only
   * when the order is final, still has its address ({@link Order#email()}) and holds no claim that is still
   * running at {@code now} (a claim whose end is at or before {@code now} has expired). Two deliveries of the same
   * outcome handled at once thus send one email; a sender that dies after claiming delays the email until its
   * claim expires, it does not lose it. The claim is not part of the {@link Order}; the version is unchanged.
   *
   * @return {@code true} if claimed by this call; {@code false} if there is nothing to send or a claim is running
   * @throws OrderNotFoundException if there is no such order
   */
  boolean claimEmail(CustomerId customer, OrderId id, Instant now, Instant until);

  /**
   * Records that the order's outcome email was sent: drops the address from the order ({@link Order#emailSent()})
   * so it is kept no longer than needed, and any claim with it. Idempotent; does nothing to an order that has no
   * address or is not final; does not change the version.
   *
   * @throws OrderNotFoundException if there is no such order
   */
  void markEmailed(CustomerId customer, OrderId id);

  /**
   * Deletes the order for good: replaces it with a tombstone (see the class comment). Idempotent. The
   * tombstone is written even when no order exists yet, so an order deleted while its request still waits
   * in the queue is never created.
   *
   * @return the deleted order as it was, or empty if there was none (or it was already deleted)
   */
  Optional<Order> delete(CustomerId customer, OrderId id);

  /**
   * A page of the customer's orders in ascending id, read by key (never a scan of other customers). Deleted
   * orders are skipped; a page is short only when it is the last.
   *
   * @param limit 1–100
   * @param nextToken {@code null} for the first page, else a token from a previous page of the same customer
   * @throws InvalidRequestException if the token is malformed or was issued for another customer
   */
  OrderPage list(CustomerId customer, int limit, String nextToken);
}
