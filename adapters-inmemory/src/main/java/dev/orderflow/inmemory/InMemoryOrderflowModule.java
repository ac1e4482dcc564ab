package dev.orderflow.inmemory;

import com.google.inject.AbstractModule;
import dev.orderflow.core.application.StartOrderProcessing;
import dev.orderflow.core.port.OrderIdGenerator;
import dev.orderflow.core.port.OrderNotifier;
import dev.orderflow.core.port.OrderQueue;
import dev.orderflow.core.port.OrderRepository;
import dev.orderflow.core.port.OrderWorkflow;
import dev.orderflow.core.port.PaymentGateway;
import java.time.Clock;

/**
 * Binds every port — and the clock, id generator and payment gateway — to one {@link InMemoryOrderflow},
 * so Guice-built code (handlers, your own services) runs on the in-memory pipeline. The core's use
 * cases need no binding: Guice builds them from their {@code @Inject} constructors.
 */
public final class InMemoryOrderflowModule extends AbstractModule {
  private final InMemoryOrderflow flow;

  public InMemoryOrderflowModule(InMemoryOrderflow flow) {
    this.flow = flow;
  }

  @Override
  protected void configure() {
    bind(InMemoryOrderflow.class).toInstance(flow);
    bind(OrderRepository.class).toInstance(flow.repository());
    bind(OrderQueue.class).toInstance(flow.queue());
    bind(OrderWorkflow.class).toInstance(flow.workflow());
    bind(OrderNotifier.class).toInstance(flow.notifier());
    bind(PaymentGateway.class).toInstance(flow.payments());
    bind(OrderIdGenerator.class).toInstance(flow.ids());
    bind(Clock.class).toInstance(flow.clock());
    bind(StartOrderProcessing.class).toInstance(flow.startOrderProcessing());
  }
}
