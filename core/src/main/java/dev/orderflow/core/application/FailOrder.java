package dev.orderflow.core.application;

import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.domain.StatusChange;
import dev.orderflow.core.port.OrderNotifier;
import dev.orderflow.core.port.OrderRepository;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;

/**
 * Workflow step 3b, and the catch of every step: {@code PENDING → FAILED} with a reason, then notify
 * once. Safe to repeat.
 */
public final class FailOrder {
  /** Longest reason stored; longer ones (e.g. from an error message) are cut. */
  public static final int MAX_REASON_LENGTH = 500;

  private final OrderRepository repository;
  private final FinalStatus finalStatus;
  private final Clock clock;

  @Inject
  public FailOrder(OrderRepository repository, OrderNotifier notifier, Clock clock) {
    this.repository = repository;
    this.finalStatus = new FinalStatus(repository, notifier);
    this.clock = clock;
  }

  /**
   * @return the order in its final status — {@code FAILED}, or whatever an earlier run set — or empty if
   *     the customer deleted it meanwhile
   */
  public Optional<Order> fail(CustomerId customer, OrderId id, String reason) {
    return failWithOutcome(customer, id, reason).order();
  }

  /** {@link #fail(CustomerId, OrderId, String)}, also telling what this call changed and published. */
  public FinalOutcome failWithOutcome(CustomerId customer, OrderId id, String reason) {
    return finalStatus.set(customer, id, StatusChange.failure(clean(reason), clock.instant()));
  }

  /**
   * Fails an order whose initialisation never succeeded: records it ({@code PENDING}) if absent, then
   * fails it — so an accepted order is never lost, even when the workflow could not create it.
   * Use {@link #fail(CustomerId, OrderId, String)} once the order was initialised, so an order the
   * customer deleted meanwhile is not recreated.
   */
  public Optional<Order> failUninitialized(OrderRequest request, String reason) {
    return failUninitializedWithOutcome(request, reason).order();
  }

  /** {@link #failUninitialized(OrderRequest, String)}, also telling what this call changed and published. */
  public FinalOutcome failUninitializedWithOutcome(OrderRequest request, String reason) {
    repository.createIfAbsent(Order.place(request));
    return failWithOutcome(request.customer(), request.id(), reason);
  }

  private static String clean(String reason) {
    String text = reason == null || reason.isBlank() ? "order processing failed" : reason.strip();
    return text.length() > MAX_REASON_LENGTH ? text.substring(0, MAX_REASON_LENGTH) : text;
  }
}
