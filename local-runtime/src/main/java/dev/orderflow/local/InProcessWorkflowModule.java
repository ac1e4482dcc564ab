package dev.orderflow.local;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.orderflow.core.application.CompleteOrder;
import dev.orderflow.core.application.DecidePayment;
import dev.orderflow.core.application.FailOrder;
import dev.orderflow.core.application.InitializeOrder;
import dev.orderflow.core.application.ProcessOrder;
import dev.orderflow.core.port.OrderNotifier;
import dev.orderflow.core.port.OrderRepository;
import dev.orderflow.core.port.OrderWorkflow;
import dev.orderflow.core.port.PaymentGateway;
import dev.orderflow.inmemory.Faults;
import dev.orderflow.inmemory.InMemoryOrderWorkflow;
import java.time.Clock;
import java.util.Objects;

/**
 * Binds {@link OrderWorkflow} to the order state machine run in this JVM — the core's {@link ProcessOrder}
 * through adapters-inmemory's {@link InMemoryOrderWorkflow}, the machine the deployed one is built from — on
 * whatever {@link OrderRepository} and {@link OrderNotifier} the injector binds (here DynamoDB and SNS), with the
 * local runtime's simulated payment gateway. Each run executes in the thread that starts it, so the queue
 * consumer deletes a message only after its order reached its outcome: a crash redelivers, never loses.
 * Every published outcome is also logged (see {@link StatusLog#outcomes}).
 */
final class InProcessWorkflowModule extends AbstractModule {
  private final PaymentGateway payments;

  InProcessWorkflowModule(PaymentGateway payments) {
    this.payments = Objects.requireNonNull(payments, "payments");
  }

  @Provides
  @Singleton
  OrderWorkflow workflow(OrderRepository repository, OrderNotifier notifier, Clock clock) {
    OrderNotifier logged = StatusLog.outcomes(notifier);
    ProcessOrder process = new ProcessOrder(new InitializeOrder(repository),
        new DecidePayment(repository, payments, clock), new CompleteOrder(repository, logged, clock),
        new FailOrder(repository, logged, clock));
    return new InMemoryOrderWorkflow(process, Runnable::run, Faults.none());
  }
}
