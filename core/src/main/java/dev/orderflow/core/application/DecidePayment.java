package dev.orderflow.core.application;

import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderNotFoundException;
import dev.orderflow.core.domain.OrderStatus;
import dev.orderflow.core.domain.PaymentDecision;
import dev.orderflow.core.port.OrderRepository;
import dev.orderflow.core.port.PaymentGateway;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;

/**
 * Workflow step 2: decide the payment, bound to the order version it is made for. First the order's payment
 * is started (a guarded write that bumps the version and freezes the details while {@code PENDING}), then the
 * gateway decides under the key {@link Order#paymentKey()}. Safe to repeat: a repeat finds the payment started
 * and asks the gateway again with the same key, which never charges twice; for an order that already has its
 * final status the decision that status records is returned without asking the gateway.
 */
public final class DecidePayment {
  private final OrderRepository repository;
  private final PaymentGateway gateway;
  private final Clock clock;

  @Inject
  public DecidePayment(OrderRepository repository, PaymentGateway gateway, Clock clock) {
    this.repository = repository;
    this.gateway = gateway;
    this.clock = clock;
  }

  /** @return the decision, or empty if the customer deleted the order: then nothing is charged */
  public Optional<PaymentDecision> decide(CustomerId customer, OrderId id) {
    return decideWithOutcome(customer, id).decision();
  }

  /**
   * {@link #decide(CustomerId, OrderId)}, also telling whether the decision is the one a final status already
   * records (an earlier run finished the order: the gateway was not asked).
   */
  public Outcome decideWithOutcome(CustomerId customer, OrderId id) {
    Optional<Order> found = repository.find(customer, id);
    if (found.isEmpty() || found.get().status().isFinal()) {
      return new Outcome(found.map(DecidePayment::recorded), found.isPresent());
    }
    Optional<Order> paying;
    try {
      paying = repository.startPayment(customer, id, clock.instant());
    } catch (OrderNotFoundException deleted) {
      return new Outcome(Optional.empty(), false);
    }
    if (paying.isEmpty()) { // it got its final status meanwhile
      Optional<Order> finished = repository.find(customer, id);
      return new Outcome(finished.map(DecidePayment::recorded), finished.isPresent());
    }
    Order order = paying.get();
    return new Outcome(Optional.of(gateway.decide(order.paymentKey(), order)), false);
  }

  /**
   * What {@link #decideWithOutcome} did.
   *
   * @param decision as {@link #decide(CustomerId, OrderId)} returns it
   * @param recorded whether it is the decision the order's final status records (the gateway was not asked)
   */
  public record Outcome(Optional<PaymentDecision> decision, boolean recorded) {}

  private static PaymentDecision recorded(Order order) {
    return order.status() == OrderStatus.SUCCESS
        ? PaymentDecision.approve()
        : PaymentDecision.decline(order.failureReason());
  }
}
