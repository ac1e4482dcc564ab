package dev.orderflow.inmemory.simulation;

import dev.orderflow.core.port.CustomerMailer;
import dev.orderflow.core.port.OrderNotifier;
import dev.orderflow.core.port.OrderQueue;
import dev.orderflow.core.port.OrderRepository;
import dev.orderflow.core.simulation.SimulatedAdapters;
import dev.orderflow.inmemory.InMemoryCustomerMailer;
import dev.orderflow.inmemory.InMemoryOrderNotifier;
import dev.orderflow.inmemory.InMemoryOrderQueue;
import dev.orderflow.inmemory.InMemoryOrderRepository;
import dev.orderflow.inmemory.InMemoryOrderflow;
import dev.orderflow.inmemory.ManualClock;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** The in-memory adapters, fresh for each simulated sequence; the queue keeps time by a manual clock. */
final class InMemoryAdapters implements SimulatedAdapters {
  static final Family FAMILY = namespace -> new InMemoryAdapters();

  private static final Duration VISIBILITY = Duration.ofSeconds(30);

  private final ManualClock clock = new ManualClock(InMemoryOrderflow.START);
  private final InMemoryOrderRepository repository = new InMemoryOrderRepository();
  private final InMemoryOrderNotifier notifier = new InMemoryOrderNotifier();
  private final InMemoryCustomerMailer mailer = new InMemoryCustomerMailer();
  private final InMemoryOrderQueue queue = InMemoryOrderQueue.builder().clock(clock).visibilityTimeout(VISIBILITY)
      .maxReceives(Integer.MAX_VALUE).build();

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public OrderRepository repository() {
    return repository;
  }

  @Override
  public OrderNotifier notifier() {
    return notifier;
  }

  @Override
  public CustomerMailer mailer() {
    return mailer;
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
        clock.advance(VISIBILITY.plusSeconds(1));
      }
    };
  }
}
