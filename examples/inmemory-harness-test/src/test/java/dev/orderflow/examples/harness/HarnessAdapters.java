package dev.orderflow.examples.harness;

import dev.orderflow.core.port.CustomerMailer;
import dev.orderflow.core.port.OrderNotifier;
import dev.orderflow.core.port.OrderQueue;
import dev.orderflow.core.port.OrderRepository;
import dev.orderflow.core.simulation.SimulatedAdapters;
import dev.orderflow.inmemory.InMemoryOrderQueue;
import dev.orderflow.inmemory.InMemoryOrderflow;
import dev.orderflow.inmemory.ManualClock;
import java.time.Clock;
import java.util.Optional;

/**
 * An adapter family for the lifecycle simulation, taken from a fresh {@link InMemoryOrderflow} harness per
 * sequence: its repository, notifier and queue, on a clock we own. The simulation drives the queue itself,
 * message by message, and runs the core's workflow and a payment gateway of its own, so only these three
 * adapters and the clock come from here.
 */
final class HarnessAdapters implements SimulatedAdapters {
  /** Opens one per simulated sequence; in memory nothing is shared, so the namespace is not needed. */
  static final Family FAMILY = namespace -> new HarnessAdapters();

  private final ManualClock clock = new ManualClock(InMemoryOrderflow.START);
  // The simulation holds, reorders and redelivers messages on its own: no dead-letter queue in its way.
  private final InMemoryOrderflow flow = InMemoryOrderflow.builder().clock(clock).maxReceives(Integer.MAX_VALUE).build();
  private final InMemoryOrderQueue queue = flow.queue();

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public OrderRepository repository() {
    return flow.repository();
  }

  @Override
  public OrderNotifier notifier() {
    return flow.notifier();
  }

  @Override
  public CustomerMailer mailer() {
    return flow.mailer();
  }

  @Override
  public Queue queue() {
    return new Queue() {
      @Override
      public OrderQueue port() {
        return queue;
      }

      @Override
      public Optional<Delivery> receive() {
        return queue.receive(1).stream().findFirst().map(m -> new Delivery(m.body(), m.receiptHandle()));
      }

      @Override
      public void acknowledge(Delivery delivery) {
        queue.delete(delivery.receiptHandle());
      }

      @Override
      public void expireVisibility() {
        clock.advance(queue.visibilityTimeout().plusMillis(1));
      }
    };
  }

  @Override
  public void close() {
    flow.close();
  }
}
