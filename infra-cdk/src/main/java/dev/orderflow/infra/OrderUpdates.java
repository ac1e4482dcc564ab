package dev.orderflow.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.lambda.DlqDestinationConfig;
import software.amazon.awscdk.services.lambda.EventSourceMappingOptions;
import software.amazon.awscdk.services.lambda.IEventSourceDlq;
import software.amazon.awscdk.services.lambda.IEventSourceMapping;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * How the orders table's stream reaches the publisher function, and where what it could not publish goes:
 * the stream's event source settings ({@link #eventSource}) and the failure queue with an alarm on its depth.
 *
 * <p>The publisher reports item failures (the sequence number of the first record it could not publish);
 * Lambda retries from there, halving a failing batch ({@code bisectBatchOnError}), {@value #RETRY_ATTEMPTS}
 * times at most and for records younger than {@link #MAX_RECORD_AGE}. What still fails is skipped and
 * described (shard, sequence numbers, not the records) in a message on the failure queue, kept 14 days; its
 * alarm fires on the first one. Up to {@value #PARALLELIZATION_FACTOR} batches per shard at a time: Lambda
 * still hands the records of one partition key (one customer, so one order too) to one batch after the other,
 * in the order they were written, so each order's updates are published in order, and a failing record holds
 * up only its customer's updates.
 */
public final class OrderUpdates extends Construct {
  /** Records per publisher invocation: it publishes them one by one, in order. */
  public static final int BATCH_SIZE = 25;
  /** Retries of a failing batch before its records are skipped (and described on the failure queue). */
  public static final int RETRY_ATTEMPTS = 10;
  /** Oldest record the publisher still publishes: an update an hour late is of no use live. */
  public static final Duration MAX_RECORD_AGE = Duration.hours(1);
  /**
   * Concurrent batches per shard, the most Lambda allows. It keeps each partition key's records in order, and
   * it is needed: one batch at a time publishes about 25 updates a second per shard (one signed request each,
   * ≈ 40 ms), where a burst of 300 orders a second makes about 900 (docs/capacity.md).
   */
  public static final int PARALLELIZATION_FACTOR = 10;
  /**
   * Where a new mapping starts reading: the oldest record the stream holds (24 hours), so that no change
   * written before the mapping existed (or while it is replaced) is lost. Subscribers take a repeated update
   * (they keep the highest version per order); records older than {@link #MAX_RECORD_AGE} go to the failure
   * queue instead of being published late. {@code LATEST} would silently drop those changes.
   */
  public static final StartingPosition STARTING_POSITION = StartingPosition.TRIM_HORIZON;

  private final Queue failureQueue;
  private final Alarm failureAlarm;

  public OrderUpdates(Construct scope, String id) {
    super(scope, id);
    this.failureQueue = Queue.Builder.create(this, "FailureQueue")
        .encryption(QueueEncryption.KMS_MANAGED)
        .enforceSsl(true)
        .retentionPeriod(Duration.days(14))
        .build();
    NagSuppressions.addResourceSuppressions(failureQueue, List.of(NagPackSuppression.builder()
        .id("AwsSolutions-SQS3")
        .reason("This queue is itself a dead-letter destination: the on-failure destination of the orders "
            + "table stream's event source mapping, holding descriptions of the updates that could not be "
            + "published. Nothing consumes it; its depth alarm calls an operator.")
        .build()));
    this.failureAlarm = Operations.whenNotEmpty(this, "FailureAlarm", failureQueue,
        "Live order updates were skipped after their retries: subscribers missed them. The "
            + "messages name the stream shard and sequence numbers; the publisher's log says why.",
        "live-updates-skipped");
  }

  /**
   * The publisher's event source mapping on the table's stream. The on-failure destination grants nothing:
   * the stack grants the publisher's role {@code sqs:SendMessage} on {@link #failureQueue()} (CDK's SqsDlq
   * would add GetQueueAttributes and GetQueueUrl, which sending to a destination does not need).
   */
  public EventSourceMappingOptions eventSource(String streamArn) {
    Objects.requireNonNull(streamArn, "streamArn: the table has no stream");
    return EventSourceMappingOptions.builder()
        .eventSourceArn(streamArn)
        .startingPosition(STARTING_POSITION)
        .batchSize(BATCH_SIZE)
        .reportBatchItemFailures(true)
        .bisectBatchOnError(true)
        .retryAttempts(RETRY_ATTEMPTS)
        .maxRecordAge(MAX_RECORD_AGE)
        .parallelizationFactor(PARALLELIZATION_FACTOR)
        .onFailure(new Destination(failureQueue.getQueueArn()))
        .build();
  }

  public IQueue failureQueue() {
    return failureQueue;
  }

  public Alarm failureAlarm() {
    return failureAlarm;
  }

  /** An on-failure destination that only names the queue (grants are the stack's, from its allow-list). */
  private static final class Destination implements IEventSourceDlq {
    private final String queueArn;

    Destination(String queueArn) {
      this.queueArn = queueArn;
    }

    @Override
    public DlqDestinationConfig bind(IEventSourceMapping target, IFunction targetHandler) {
      return DlqDestinationConfig.builder().destination(queueArn).build();
    }
  }
}
