package dev.orderflow.core.application;

import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderNotFoundException;
import dev.orderflow.core.domain.OrderStatus;
import dev.orderflow.core.domain.PaymentDecision;
import dev.orderflow.core.port.PaymentGateway;
import dev.orderflow.core.port.OrderRepository;
import jakarta.inject.Inject;

/**
 * Workflow step 2: decide the payment. Safe to repeat: for an order that already has its final status
 * the decision that status records is returned, without asking the gateway again.
 */
public final class DecidePayment {
  private final OrderRepository repository;
  private final PaymentGateway gateway;

  @Inject
  public DecidePayment(OrderRepository repository, PaymentGateway gateway) {
    this.repository = repository;
    this.gateway = gateway;
  }

  /** @throws OrderNotFoundException if the order is gone (deleted meanwhile) */
  public PaymentDecision decide(CustomerId customer, OrderId id) {
    Order order = repository.find(customer, id).orElseThrow(() -> new OrderNotFoundException(id));
    if (order.status() == OrderStatus.SUCCESS) {
      return PaymentDecision.approve();
    }
    if (order.status() == OrderStatus.FAILED) {
      return PaymentDecision.decline(order.failureReason());
    }
    return gateway.decide(order);
  }
}
