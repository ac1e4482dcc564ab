package dev.orderflow.inmemory;

import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.port.OrderNotifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Records every published outcome, in publication order, and hands each to its subscribers (the local
 * runtime logs them). Like SNS, it publishes whatever it is given: de-duplication is the caller's job.
 */
public final class InMemoryOrderNotifier implements OrderNotifier {
  private final List<Order> published = new ArrayList<>();
  private final List<Consumer<Order>> subscribers = new CopyOnWriteArrayList<>();
  private final Faults faults;

  public InMemoryOrderNotifier() {
    this(Faults.none());
  }

  public InMemoryOrderNotifier(Faults faults) {
    this.faults = faults;
  }

  @Override
  public void publish(Order order) {
    if (!order.status().isFinal()) {
      throw new IllegalArgumentException("only final outcomes are published, not " + order.status());
    }
    faults.run("notifier.publish", () -> {
      synchronized (published) {
        published.add(order);
      }
      subscribers.forEach(s -> s.accept(order));
    });
  }

  /** Calls {@code subscriber} with every outcome published from now on. */
  public void subscribe(Consumer<Order> subscriber) {
    subscribers.add(subscriber);
  }

  /** Everything published so far, oldest first. */
  public List<Order> published() {
    synchronized (published) {
      return List.copyOf(published);
    }
  }

  /** What was published for one order (normally exactly one outcome). */
  public List<Order> publishedFor(OrderId id) {
    synchronized (published) {
      return published.stream().filter(o -> o.id().equals(id)).toList();
    }
  }

  public int count() {
    synchronized (published) {
      return published.size();
    }
  }
}
