package dev.orderflow.aws.sqs;

import dev.orderflow.aws.AwsErrors;
import dev.orderflow.aws.internal.Lazy;
import dev.orderflow.core.application.StartOrderProcessing;
import dev.orderflow.core.port.MalformedMessageException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Consumes the order queue inside a JVM service, as the SQS-triggered Lambda does on AWS: long-poll a
 * batch, run each message through {@link StartOrderProcessing}, delete the messages that succeeded in one
 * DeleteMessageBatch, and leave the failed ones — transient errors and malformed messages alike — to
 * become visible again, so the queue's redrive policy moves a message that keeps failing to the DLQ.
 *
 * <p>{@link #start()} runs {@link Options#workerThreads()} loops of {@link #pollOnce()}; {@link #close()}
 * stops them gracefully: each finishes the batch it holds (processing and deletion), and one waiting in a
 * long poll returns within {@link Options#waitTimeSeconds()}.
 */
public final class SqsOrderConsumer implements AutoCloseable {
  private static final Logger LOG = System.getLogger(SqsOrderConsumer.class.getName());

  /**
   * @param workerThreads concurrent poll loops, ≥ 1
   * @param maxMessages messages per receive, 1–10
   * @param waitTimeSeconds long-poll wait, 0–20
   * @param errorBackoff pause of a loop after a failed receive or delete
   */
  public record Options(int workerThreads, int maxMessages, int waitTimeSeconds, Duration errorBackoff) {
    public Options {
      if (workerThreads < 1) {
        throw new IllegalArgumentException("workerThreads must be at least 1, was " + workerThreads);
      }
      if (maxMessages < 1 || maxMessages > 10) {
        throw new IllegalArgumentException("maxMessages must be 1-10, was " + maxMessages);
      }
      if (waitTimeSeconds < 0 || waitTimeSeconds > 20) {
        throw new IllegalArgumentException("waitTimeSeconds must be 0-20, was " + waitTimeSeconds);
      }
      Objects.requireNonNull(errorBackoff, "errorBackoff");
    }

    /** Two loops, batches of 10, 20-second long polls, 1 s backoff after an error. */
    public static Options defaults() {
      return new Options(2, 10, 20, Duration.ofSeconds(1));
    }

    public Options withWorkerThreads(int workerThreads) {
      return new Options(workerThreads, maxMessages, waitTimeSeconds, errorBackoff);
    }

    public Options withMaxMessages(int maxMessages) {
      return new Options(workerThreads, maxMessages, waitTimeSeconds, errorBackoff);
    }

    public Options withWaitTimeSeconds(int waitTimeSeconds) {
      return new Options(workerThreads, maxMessages, waitTimeSeconds, errorBackoff);
    }
  }

  /**
   * What one {@link #pollOnce()} did.
   *
   * @param received messages received
   * @param succeeded messages processed without error (a run started now or already started)
   * @param failed messages left for redelivery (processing threw)
   * @param deleted messages deleted from the queue
   */
  public record PollResult(int received, int succeeded, int failed, int deleted) {}

  private final Supplier<SqsClient> client;
  private final String queueUrl;
  private final StartOrderProcessing processing;
  private final Options options;
  private final Object lifecycle = new Object();
  private volatile boolean running;
  private boolean closed;
  private ExecutorService workers;
  private CountDownLatch stopSignal;

  public SqsOrderConsumer(SqsClient client, String queueUrl, StartOrderProcessing processing, Options options) {
    this(Lazy.ready(client), queueUrl, processing, options);
  }

  /** @param client built on first use */
  public SqsOrderConsumer(Supplier<SqsClient> client, String queueUrl, StartOrderProcessing processing,
      Options options) {
    this.client = Objects.requireNonNull(client, "client");
    this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
    this.processing = Objects.requireNonNull(processing, "processing");
    this.options = Objects.requireNonNull(options, "options");
  }

  public Options options() {
    return options;
  }

  /**
   * Receives one batch (waiting up to {@link Options#waitTimeSeconds()}), processes it and deletes the
   * successes.
   *
   * @throws dev.orderflow.core.port.TransientFailureException if receiving or deleting failed and may
   *     succeed later (undeleted messages are redelivered; processing them again is safe)
   * @throws dev.orderflow.core.port.PermanentFailureException if the queue is missing or access is denied
   */
  public PollResult pollOnce() {
    List<Message> messages;
    try {
      messages = client.get().receiveMessage(b -> b.queueUrl(queueUrl)
          .maxNumberOfMessages(options.maxMessages())
          .waitTimeSeconds(options.waitTimeSeconds())).messages();
    } catch (SdkException e) {
      throw AwsErrors.translate("SQS ReceiveMessage " + queueUrl, e);
    }
    List<Message> done = new ArrayList<>(messages.size());
    for (Message message : messages) {
      if (process(message)) {
        done.add(message);
      }
    }
    int deleted = delete(done);
    return new PollResult(messages.size(), done.size(), messages.size() - done.size(), deleted);
  }

  private boolean process(Message message) {
    try {
      processing.start(message.body());
      return true;
    } catch (MalformedMessageException e) {
      LOG.log(Level.WARNING, "message {0} can never be processed, leaving it for the dead-letter queue: {1}",
          message.messageId(), e.getMessage());
      return false;
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "message {0} failed, leaving it for redelivery: {1}", message.messageId(), e.toString());
      return false;
    }
  }

  private int delete(List<Message> done) {
    if (done.isEmpty()) {
      return 0;
    }
    try {
      if (done.size() == 1) {
        client.get().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(done.get(0).receiptHandle()));
        return 1;
      }
      List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(done.size());
      for (int i = 0; i < done.size(); i++) {
        entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
            .receiptHandle(done.get(i).receiptHandle()).build());
      }
      DeleteMessageBatchResponse response = client.get().deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
      if (response.hasFailed() && !response.failed().isEmpty()) {
        LOG.log(Level.WARNING, "{0} processed message(s) could not be deleted and will be redelivered: {1}",
            response.failed().size(), response.failed().get(0).code());
      }
      return response.successful().size();
    } catch (SdkException e) {
      throw AwsErrors.translate("SQS DeleteMessage " + queueUrl, e);
    }
  }

  /**
   * Starts the poll loops on their own threads.
   *
   * @throws IllegalStateException if already started or closed
   */
  public void start() {
    synchronized (lifecycle) {
      if (workers != null || closed) {
        throw new IllegalStateException(closed ? "consumer closed" : "consumer already started");
      }
      running = true;
      stopSignal = new CountDownLatch(1);
      AtomicInteger n = new AtomicInteger();
      workers = Executors.newFixedThreadPool(options.workerThreads(), r -> {
        Thread t = new Thread(r, "sqs-order-consumer-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      for (int i = 0; i < options.workerThreads(); i++) {
        workers.execute(this::loop);
      }
    }
  }

  private void loop() {
    while (running) {
      try {
        pollOnce();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "polling " + queueUrl + " failed, retrying after " + options.errorBackoff(), e);
        try {
          stopSignal.await(options.errorBackoff().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Whether the poll loops are running. */
  public boolean isRunning() {
    return running;
  }

  /**
   * Stops the loops: each finishes its current batch, then this returns. Idempotent; a consumer that was
   * never started just stops being startable.
   */
  @Override
  public void close() {
    ExecutorService toStop;
    synchronized (lifecycle) {
      running = false;
      closed = true;
      toStop = workers;
      if (toStop == null) {
        return;
      }
      stopSignal.countDown();
    }
    toStop.shutdown();
    try {
      long patience = options.waitTimeSeconds() + 60L;
      if (!toStop.awaitTermination(patience, TimeUnit.SECONDS)) {
        LOG.log(Level.WARNING, "SQS consumer loops did not stop within {0} s, interrupting them", patience);
        toStop.shutdownNow();
      }
    } catch (InterruptedException e) {
      toStop.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
