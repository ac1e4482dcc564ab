package dev.orderflow.core.application;

import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.StatusChange;
import dev.orderflow.core.port.OrderNotifier;
import dev.orderflow.core.port.OrderRepository;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;

/** Workflow step 3a: {@code PENDING → SUCCESS}, then notify once. Safe to repeat. */
public final class CompleteOrder {
  private final FinalStatus finalStatus;
  private final Clock clock;

  @Inject
  public CompleteOrder(OrderRepository repository, OrderNotifier notifier, Clock clock) {
    this.finalStatus = new FinalStatus(repository, notifier);
    this.clock = clock;
  }

  /**
   * @return the order in its final status — {@code SUCCESS}, or whatever an earlier run set — or empty if
   *     the customer deleted it meanwhile
   */
  public Optional<Order> complete(CustomerId customer, OrderId id) {
    return completeWithOutcome(customer, id).order();
  }

  /** {@link #complete(CustomerId, OrderId)}, also telling what this call changed and published. */
  public FinalOutcome completeWithOutcome(CustomerId customer, OrderId id) {
    return finalStatus.set(customer, id, StatusChange.success(clock.instant()));
  }
}
