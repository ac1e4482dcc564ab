package dev.orderflow.core.application;

import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderNotFoundException;
import dev.orderflow.core.domain.OrderNotModifiableException;
import dev.orderflow.core.domain.VersionConflictException;
import dev.orderflow.core.port.OrderRepository;
import jakarta.inject.Inject;
import java.time.Clock;

/**
 * Changes an order's name, quantity or restaurant. Refused once the order has succeeded. Every write is
 * guarded by the version read, so concurrent updates never overwrite each other silently.
 */
public final class UpdateOrder {
  /** Without an expected version, how often a lost race is retried on a fresh read. */
  static final int MAX_ATTEMPTS = 5;

  private final OrderRepository repository;
  private final Clock clock;

  @Inject
  public UpdateOrder(OrderRepository repository, Clock clock) {
    this.repository = repository;
    this.clock = clock;
  }

  /**
   * @return the updated order (version + 1)
   * @throws OrderNotFoundException if the customer has no such order
   * @throws VersionConflictException if the stored version is not the expected one
   * @throws OrderNotModifiableException if the order has succeeded
   */
  public Order update(UpdateOrderCommand command) {
    for (int attempt = 1; ; attempt++) {
      Order current = repository.find(command.customer(), command.id())
          .orElseThrow(() -> new OrderNotFoundException(command.id()));
      if (command.expectedVersion() != null && command.expectedVersion() != current.version()) {
        throw new VersionConflictException(command.id(), command.expectedVersion(), current.version());
      }
      Order revised = current.revise(command.change(), clock.instant());
      try {
        repository.updateDetails(revised);
        return revised;
      } catch (VersionConflictException lostRace) {
        if (command.expectedVersion() != null || attempt >= MAX_ATTEMPTS) {
          throw lostRace;
        }
      }
    }
  }
}
