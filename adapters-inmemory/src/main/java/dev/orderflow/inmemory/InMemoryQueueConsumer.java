package dev.orderflow.inmemory;

import dev.orderflow.core.application.StartOrderProcessing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Consumes an in-memory queue the way the SQS event source and a Lambda consumer do: receive a batch, hand each
 * body to the handler (for the order queue: start the order's workflow), delete the messages that succeeded, leave
 * the failures to come back after the visibility timeout — and, after too many receives, to go to the
 * dead-letter queue.
 */
public final class InMemoryQueueConsumer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(InMemoryQueueConsumer.class.getName());

  private final InMemoryOrderQueue queue;
  private final Consumer<String> handler;
  private final String name;
  private final AtomicLong processed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final List<Thread> workers = new ArrayList<>();
  private volatile boolean running;

  /** The order queue's consumer: starts each order's workflow. */
  public InMemoryQueueConsumer(InMemoryOrderQueue queue, StartOrderProcessing startProcessing) {
    this(queue, startProcessing::start, "order-queue-consumer");
  }

  /**
   * @param handler processes one message body; a message whose handler throws is left to come back
   * @param name the consumer threads' name prefix
   */
  public InMemoryQueueConsumer(InMemoryOrderQueue queue, Consumer<String> handler, String name) {
    this.queue = queue;
    this.handler = handler;
    this.name = name;
  }

  /**
   * Receives one batch of up to 10 messages, waiting up to {@code wait} for the first, and processes it.
   *
   * @return how many messages were received
   */
  public int pollOnce(Duration wait) {
    List<InMemoryOrderQueue.Received> batch;
    try {
      batch = queue.receive(10, wait);
    } catch (RuntimeException receiveFailed) {
      return 0;
    }
    List<String> done = new ArrayList<>(batch.size());
    for (InMemoryOrderQueue.Received message : batch) {
      try {
        handler.accept(message.body());
        done.add(message.receiptHandle());
      } catch (RuntimeException e) {
        // Left undeleted: redelivered after the visibility timeout, dead-lettered after maxReceives.
        failed.incrementAndGet();
        LOG.log(Level.FINE, "message " + message.messageId() + " failed, receive " + message.receiveCount(), e);
      }
    }
    if (!done.isEmpty()) {
      try {
        queue.deleteAll(done);
        processed.addAndGet(done.size());
      } catch (RuntimeException deleteFailed) {
        // The messages come back and are processed again, which the workflow's idempotent start absorbs.
      }
    }
    return batch.size();
  }

  /** Starts {@code threads} background consumers that long-poll until {@link #close()}. */
  public synchronized void start(int threads) {
    if (running) {
      throw new IllegalStateException("already running");
    }
    running = true;
    for (int i = 0; i < threads; i++) {
      Thread worker = new Thread(() -> {
        while (running) {
          pollOnce(Duration.ofMillis(200));
        }
      }, name + "-" + i);
      worker.setDaemon(true);
      worker.start();
      workers.add(worker);
    }
  }

  /** Messages processed and deleted so far. */
  public long processed() {
    return processed.get();
  }

  /** Message deliveries that failed so far (each may be retried). */
  public long failures() {
    return failed.get();
  }

  /** Stops the background consumers after their current batch. */
  @Override
  public synchronized void close() {
    running = false;
    for (Thread worker : workers) {
      try {
        worker.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    workers.clear();
  }
}
