package dev.orderflow.local;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.orderflow.core.application.CompleteOrder;
import dev.orderflow.core.application.DecidePayment;
import dev.orderflow.core.application.FailOrder;
import dev.orderflow.core.application.InitializeOrder;
import dev.orderflow.core.port.OrderNotifier;
import dev.orderflow.core.port.OrderRepository;
import dev.orderflow.core.port.OrderWorkflow;
import dev.orderflow.core.port.PaymentGateway;
import dev.orderflow.inmemory.Faults;
import dev.orderflow.inmemory.InMemoryOrderWorkflow;
import java.time.Clock;
import java.util.Objects;

/**
 * Binds {@link OrderWorkflow} to the order state machine run in this JVM — adapters-inmemory's
 * {@link InMemoryOrderWorkflow}, the same steps, Choice, Retry and Catch as the deployed state machine — on
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
    return new InMemoryOrderWorkflow(new InitializeOrder(repository), new DecidePayment(repository, payments),
        new CompleteOrder(repository, logged, clock), new FailOrder(repository, logged, clock), Runnable::run,
        InMemoryOrderWorkflow.STATE_MACHINE_TASK_ATTEMPTS, InMemoryOrderWorkflow.STATE_MACHINE_FAIL_ORDER_ATTEMPTS,
        Faults.none());
  }
}
