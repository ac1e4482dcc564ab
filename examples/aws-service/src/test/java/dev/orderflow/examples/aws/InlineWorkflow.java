package dev.orderflow.examples.aws;

import dev.orderflow.core.application.CompleteOrder;
import dev.orderflow.core.application.DecidePayment;
import dev.orderflow.core.application.FailOrder;
import dev.orderflow.core.application.InitializeOrder;
import dev.orderflow.core.application.ProcessOrder;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.port.OrderNotifier;
import dev.orderflow.core.port.OrderRepository;
import dev.orderflow.core.port.OrderWorkflow;
import dev.orderflow.core.port.PaymentGateway;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tests' stand-in for Step Functions: the core's state machine ({@link ProcessOrder}: initialize, decide
 * payment, complete or fail, notify), run to its end in the calling thread, once per order id as the port asks.
 */
final class InlineWorkflow implements OrderWorkflow {
  private final ProcessOrder process;
  private final Set<OrderId> started = ConcurrentHashMap.newKeySet();

  InlineWorkflow(OrderRepository repository, PaymentGateway payments, OrderNotifier notifier, Clock clock) {
    this.process = new ProcessOrder(new InitializeOrder(repository), new DecidePayment(repository, payments, clock),
        new CompleteOrder(repository, notifier, clock), new FailOrder(repository, notifier, clock));
  }

  @Override
  public boolean start(OrderRequest request) {
    if (!started.add(request.id())) {
      return false;
    }
    process.run(request);
    return true;
  }
}
