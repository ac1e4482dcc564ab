package dev.orderflow.aws.pipeline;

import dev.orderflow.core.application.CompleteOrder;
import dev.orderflow.core.application.DecidePayment;
import dev.orderflow.core.application.FailOrder;
import dev.orderflow.core.application.InitializeOrder;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.domain.PaymentDecision;
import dev.orderflow.core.port.OrderNotifier;
import dev.orderflow.core.port.OrderRepository;
import dev.orderflow.core.port.OrderWorkflow;
import dev.orderflow.core.port.PaymentGateway;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test stand-in for the Step Functions state machine, which the stub does not execute: runs the core's
 * steps (InitializeOrder → DecidePayment → CompleteOrder | FailOrder) in the calling thread, at most once
 * per order id, like an execution named by the order id. A step error fails the order, as the state
 * machine's Catch does; if even that fails, the start is forgotten so a redelivery runs it again.
 */
final class InProcessOrderWorkflow implements OrderWorkflow {
  private final InitializeOrder initialize;
  private final DecidePayment decide;
  private final CompleteOrder complete;
  private final FailOrder fail;
  private final Set<OrderId> started = ConcurrentHashMap.newKeySet();

  InProcessOrderWorkflow(OrderRepository repository, OrderNotifier notifier, PaymentGateway payments, Clock clock) {
    this.initialize = new InitializeOrder(repository);
    this.decide = new DecidePayment(repository, payments);
    this.complete = new CompleteOrder(repository, notifier, clock);
    this.fail = new FailOrder(repository, notifier, clock);
  }

  @Override
  public boolean start(OrderRequest request) {
    if (!started.add(request.id())) {
      return false;
    }
    try {
      run(request);
      return true;
    } catch (RuntimeException e) {
      started.remove(request.id());
      throw e;
    }
  }

  private void run(OrderRequest request) {
    PaymentDecision decision;
    try {
      Order order = initialize.initialize(request);
      decision = decide.decide(order.customer(), order.id());
    } catch (RuntimeException e) {
      fail.fail(request.customer(), request.id(), "processing failed: " + e.getClass().getSimpleName());
      return;
    }
    if (decision.approved()) {
      complete.complete(request.customer(), request.id());
    } else {
      fail.fail(request.customer(), request.id(), decision.declineReason());
    }
  }
}
