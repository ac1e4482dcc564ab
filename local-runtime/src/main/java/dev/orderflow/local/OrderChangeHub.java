package dev.orderflow.local;

import dev.orderflow.core.domain.OrderChange;
import dev.orderflow.core.port.OrderChangePublisher;
import dev.orderflow.lambda.appsync.OrderGraphQL;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ObjLongConsumer;

/**
 * The local runtime's live updates: every {@link OrderChange} the in-memory repository reports
 * ({@code InMemoryOrderRepository.onChange}) goes to each subscription of {@code onOrderUpdated} it matches, as
 * AppSync's filter would match it — the subscription's owner (the caller that started it, a filter that cannot
 * be widened) is the change's customer, and its optional {@code id} is the change's order. What a subscription
 * receives is the {@code OrderUpdate} the stack's publisher would pass to {@code publishOrderUpdate}: the order
 * after the change ({@link OrderGraphQL#order}) plus {@code change}, or for a deletion only {@code id},
 * {@code customer} and {@code change}.
 *
 * <p>Per subscription and order id, changes are delivered in version order: a change whose version is not greater
 * than the last one delivered for that order is dropped (two writes of one order may report in either order), and
 * a deletion is the last change of its order.
 *
 * <p>{@link #publish} runs on the writing thread (the workflow's, or an HTTP request's) and never blocks it: each
 * subscription has a bounded buffer ({@value #SUBSCRIPTION_BUFFER} updates, drained on the hub's delivery threads
 * into its connection's bounded send queue, see {@link RealtimeConnection}). When a subscriber cannot keep up and
 * its buffer is full, the update is not queued and its whole connection is closed with an error (WebSocket status
 * 1008, "cannot keep up"), rather than stalling the pipeline or silently losing updates.
 */
public final class OrderChangeHub implements OrderChangePublisher, AutoCloseable {
  /** Updates one subscription may have waiting for its connection before that connection is closed. */
  static final int SUBSCRIPTION_BUFFER = 1024;

  private final Map<String, Set<Registration>> byCustomer = new ConcurrentHashMap<>();
  private final List<ObjLongConsumer<OrderChange>> probes = new CopyOnWriteArrayList<>();
  private final ExecutorService delivery;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** @param threads the delivery threads, which run each update through its subscription's selection set */
  OrderChangeHub(int threads) {
    AtomicInteger n = new AtomicInteger();
    this.delivery = Executors.newFixedThreadPool(threads, task -> {
      Thread thread = new Thread(task, "orderflow-live-" + n.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Hands {@code change} to every matching subscription; returns at once. The time of the change, for
   * {@link #onPublished} probes, is taken here ({@link System#nanoTime()}).
   */
  @Override
  public void publish(OrderChange change) {
    long at = System.nanoTime();
    for (ObjLongConsumer<OrderChange> probe : probes) {
      probe.accept(change, at);
    }
    Set<Registration> subscriptions = byCustomer.get(change.customer().value());
    if (subscriptions == null || subscriptions.isEmpty()) {
      return;
    }
    Map<String, Object> update = update(change);
    for (Registration subscription : subscriptions) {
      subscription.offer(change, update);
    }
  }

  /**
   * Calls {@code probe} with each change and the {@link System#nanoTime()} at which the hub got it, on the writing
   * thread, before any subscription does: for measurements (the benchmark's delay from change to receipt).
   */
  public void onPublished(ObjLongConsumer<OrderChange> probe) {
    probes.add(probe);
  }

  /** The number of open subscriptions. */
  public int subscriptions() {
    return byCustomer.values().stream().mapToInt(Set::size).sum();
  }

  /**
   * A new subscription of {@code customer}'s changes, narrowed to order {@code orderId} if not {@code null}. It
   * receives nothing until subscribed to; {@code overflow} runs (once, on the writing thread) if its buffer is
   * full: it should close the subscriber's connection.
   */
  Registration register(String customer, String orderId, Runnable overflow) {
    return new Registration(customer, orderId, overflow);
  }

  /** The {@code OrderUpdate} of one change, as {@code publishOrderUpdate} takes it. */
  static Map<String, Object> update(OrderChange change) {
    Map<String, Object> update = new LinkedHashMap<>(16);
    if (change.isDeletion()) {
      update.put("id", change.id().value());
      update.put("customer", change.customer().value());
    } else {
      update.putAll(OrderGraphQL.order(change.order()));
    }
    update.put("change", change.kind().name());
    return update;
  }

  /** Stops the delivery threads; open subscriptions receive nothing more. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      byCustomer.values().forEach(set -> set.forEach(Registration::close));
      byCustomer.clear();
      delivery.shutdown();
      try {
        if (!delivery.awaitTermination(2, TimeUnit.SECONDS)) {
          delivery.shutdownNow();
        }
      } catch (InterruptedException e) {
        delivery.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * One subscription: a publisher of its updates (the source stream graphql-java's subscription execution maps
   * through the client's selection set), with the version filter and the bounded buffer.
   */
  final class Registration implements Flow.Publisher<Map<String, Object>>, AutoCloseable {
    private final String customer;
    private final String orderId;
    private final Runnable overflow;
    private final SubmissionPublisher<Map<String, Object>> updates;
    /** The last version delivered per order id; {@link Long#MAX_VALUE} once deleted. Guarded by {@code this}. */
    private final Map<String, Long> delivered = new HashMap<>();
    private final AtomicBoolean overflowed = new AtomicBoolean();

    private Registration(String customer, String orderId, Runnable overflow) {
      this.customer = customer;
      this.orderId = orderId;
      this.overflow = overflow;
      this.updates = new SubmissionPublisher<>(delivery, SUBSCRIPTION_BUFFER);
    }

    /** Subscribes {@code subscriber} and starts receiving the customer's changes. One subscriber only. */
    @Override
    public void subscribe(Flow.Subscriber<? super Map<String, Object>> subscriber) {
      updates.subscribe(subscriber);
      if (closed.get()) {
        updates.close();
        return;
      }
      byCustomer.computeIfAbsent(customer, c -> ConcurrentHashMap.newKeySet()).add(this);
    }

    private void offer(OrderChange change, Map<String, Object> update) {
      String id = change.id().value();
      if (orderId != null && !orderId.equals(id)) {
        return;
      }
      long version = change.isDeletion() ? Long.MAX_VALUE : change.order().version();
      boolean dropped;
      synchronized (this) {
        Long last = delivered.get(id);
        if (last != null && version <= last) {
          return; // an older change reported late, or anything after the deletion
        }
        delivered.put(id, version);
        dropped = updates.offer(update, (subscriber, item) -> false) < 0;
      }
      if (dropped && overflowed.compareAndSet(false, true)) {
        overflow.run();
      }
    }

    /** Stops the subscription: no more updates; the subscriber is completed. Idempotent. */
    @Override
    public void close() {
      Set<Registration> set = byCustomer.get(customer);
      if (set != null) {
        set.remove(this);
      }
      updates.close();
    }
  }
}
