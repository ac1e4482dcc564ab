package dev.orderflow.inmemory;

import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.port.OrderMessageFormat;
import dev.orderflow.core.port.OrderQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A queue with the semantics of an SQS standard queue and its redrive policy: at-least-once delivery,
 * a visibility timeout during which a received message is hidden, a receive count, and a dead-letter
 * queue that takes a message instead of delivering it for the {@code maxReceives + 1}-th time. Messages
 * hold the {@link OrderMessageFormat} body, like SQS, so a malformed body can be sent and poisons only
 * itself. Time comes from the given {@link Clock}, so tests control visibility timeouts.
 */
public final class InMemoryOrderQueue implements OrderQueue {

  /** A delivered message. Delete it with its receipt handle once processed. */
  public record Received(String messageId, String receiptHandle, String body, int receiveCount) {}

  /** A message moved to the dead-letter queue after {@code receiveCount} deliveries. */
  public record DeadLetter(String messageId, String body, int receiveCount) {}

  private static final class Message {
    final String id;
    final String body;
    int receiveCount;
    long receipt;
    Instant visibleAt;

    Message(String id, String body) {
      this.id = id;
      this.body = body;
    }
  }

  private final Clock clock;
  private final Duration visibilityTimeout;
  private final int maxReceives;
  private final int copiesPerSend;
  private final Faults faults;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  private final ArrayDeque<Message> visible = new ArrayDeque<>();
  private final PriorityQueue<Message> inFlight =
      new PriorityQueue<>((a, b) -> a.visibleAt.compareTo(b.visibleAt));
  private final Map<String, Message> inFlightByHandle = new HashMap<>();
  private final List<DeadLetter> deadLetters = new ArrayList<>();
  private long nextMessageId;
  private long nextReceipt;

  private InMemoryOrderQueue(Builder builder) {
    this.clock = builder.clock;
    this.visibilityTimeout = builder.visibilityTimeout;
    this.maxReceives = builder.maxReceives;
    this.copiesPerSend = builder.copiesPerSend;
    this.faults = builder.faults;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void submit(OrderRequest request) {
    String body = OrderMessageFormat.encode(request);
    faults.run("queue.submit", () -> sendRaw(body));
  }

  @Override
  public void submitAll(List<OrderRequest> requests) {
    List<String> bodies = new ArrayList<>(requests.size());
    for (OrderRequest request : requests) {
      bodies.add(OrderMessageFormat.encode(request));
    }
    faults.run("queue.submitAll", () -> bodies.forEach(this::sendRaw));
  }

  /** Sends any body, valid or not — as any SQS client could. */
  public void sendRaw(String body) {
    lock.lock();
    try {
      for (int copy = 0; copy < copiesPerSend; copy++) {
        visible.addLast(new Message(Long.toString(nextMessageId++), body));
      }
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Receives up to {@code max} (1–10) visible messages without waiting. */
  public List<Received> receive(int max) {
    return receive(max, Duration.ZERO);
  }

  /**
   * Receives up to {@code max} (1–10) visible messages, waiting up to {@code wait} for the first one
   * (long polling). Each received message is hidden for the visibility timeout; one received more than
   * {@code maxReceives} times goes to the dead-letter queue instead.
   */
  public List<Received> receive(int max, Duration wait) {
    if (max < 1 || max > 10) {
      throw new IllegalArgumentException("receive 1 to 10 messages at a time, like SQS");
    }
    return faults.call("queue.receive", () -> {
      long deadline = System.nanoTime() + wait.toNanos();
      lock.lock();
      try {
        List<Received> batch = new ArrayList<>(max);
        while (true) {
          Instant now = clock.instant();
          returnExpired(now);
          while (batch.size() < max && !visible.isEmpty()) {
            Message m = visible.pollFirst();
            if (m.receiveCount >= maxReceives) {
              deadLetters.add(new DeadLetter(m.id, m.body, m.receiveCount));
              continue;
            }
            m.receiveCount++;
            m.receipt = nextReceipt++;
            m.visibleAt = now.plus(visibilityTimeout);
            inFlight.add(m);
            String handle = m.id + "#" + m.receipt;
            inFlightByHandle.put(handle, m);
            batch.add(new Received(m.id, handle, m.body, m.receiveCount));
          }
          long remaining = deadline - System.nanoTime();
          if (!batch.isEmpty() || remaining <= 0) {
            return batch;
          }
          arrived.await(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return List.of();
      } finally {
        lock.unlock();
      }
    });
  }

  /**
   * Deletes a received message. A stale handle (the message was received again since) deletes nothing,
   * so a slow consumer cannot delete a delivery it no longer owns.
   */
  public void delete(String receiptHandle) {
    faults.run("queue.delete", () -> {
      lock.lock();
      try {
        Message m = inFlightByHandle.remove(receiptHandle);
        if (m != null) {
          inFlight.remove(m);
        }
      } finally {
        lock.unlock();
      }
    });
  }

  /** Deletes several received messages; see {@link #delete}. */
  public void deleteAll(List<String> receiptHandles) {
    faults.run("queue.deleteBatch", () -> {
      lock.lock();
      try {
        for (String handle : receiptHandles) {
          Message m = inFlightByHandle.remove(handle);
          if (m != null) {
            inFlight.remove(m);
          }
        }
      } finally {
        lock.unlock();
      }
    });
  }

  /** Messages waiting to be delivered, now or after their visibility timeout. */
  public int pending() {
    lock.lock();
    try {
      return visible.size() + inFlight.size();
    } finally {
      lock.unlock();
    }
  }

  /** Messages that can be received right now. */
  public int visibleNow() {
    lock.lock();
    try {
      returnExpired(clock.instant());
      return visible.size();
    } finally {
      lock.unlock();
    }
  }

  /** The earliest time an in-flight message becomes visible again, if any is in flight. */
  public java.util.Optional<Instant> nextVisibility() {
    lock.lock();
    try {
      return java.util.Optional.ofNullable(inFlight.peek()).map(m -> m.visibleAt);
    } finally {
      lock.unlock();
    }
  }

  /** What the dead-letter queue holds. */
  public List<DeadLetter> deadLetters() {
    lock.lock();
    try {
      return List.copyOf(deadLetters);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Moves every dead letter back to the queue with a fresh receive count — the redrive an operator runs
   * once the cause is fixed.
   *
   * @return how many messages were moved
   */
  public int redriveDeadLetters() {
    lock.lock();
    try {
      int moved = deadLetters.size();
      deadLetters.forEach(d -> visible.addLast(new Message(d.messageId(), d.body())));
      deadLetters.clear();
      arrived.signalAll();
      return moved;
    } finally {
      lock.unlock();
    }
  }

  public Duration visibilityTimeout() {
    return visibilityTimeout;
  }

  private void returnExpired(Instant now) {
    while (!inFlight.isEmpty() && !inFlight.peek().visibleAt.isAfter(now)) {
      Message m = inFlight.poll();
      inFlightByHandle.remove(m.id + "#" + m.receipt);
      visible.addLast(m);
    }
  }

  /** Settings with SQS-like defaults: visibility 30 s, 5 receives, one copy per send, no faults. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private Duration visibilityTimeout = Duration.ofSeconds(30);
    private int maxReceives = 5;
    private int copiesPerSend = 1;
    private Faults faults = Faults.none();

    private Builder() {}

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder visibilityTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("visibility timeout must be positive");
      }
      this.visibilityTimeout = timeout;
      return this;
    }

    /** The redrive policy's maxReceiveCount: deliveries before a message goes to the dead-letter queue. */
    public Builder maxReceives(int maxReceives) {
      if (maxReceives < 1) {
        throw new IllegalArgumentException("maxReceives must be at least 1");
      }
      this.maxReceives = maxReceives;
      return this;
    }

    /** Every send enqueues this many copies: the duplicates at-least-once delivery may bring. */
    public Builder copiesPerSend(int copies) {
      if (copies < 1) {
        throw new IllegalArgumentException("copiesPerSend must be at least 1");
      }
      this.copiesPerSend = copies;
      return this;
    }

    public Builder faults(Faults faults) {
      this.faults = faults;
      return this;
    }

    public InMemoryOrderQueue build() {
      return new InMemoryOrderQueue(this);
    }
  }
}
