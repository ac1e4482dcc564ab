package dev.orderflow.infra;

import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The order queue between {@code postOrder} and the workflow, with its dead-letter queue and an alarm
 * on the DLQ's depth. Both queues refuse non-TLS requests and are encrypted with KMS.
 *
 * <p>The visibility timeout is {@value #VISIBILITY_FACTOR}× the consumer function's timeout (AWS's
 * guidance for Lambda event sources), so a batch whose function is throttled and retried is not
 * delivered twice while still being processed. A message received {@link Props#maxReceiveCount()} times
 * without being deleted moves to the DLQ; redrive it from the console or with
 * {@code aws sqs start-message-move-task --source-arn <dlq arn>}. Both defaults are the stack's
 * {@link PipelineCapacity} settings, which the capacity simulation checks (docs/capacity.md).
 */
public final class OrderQueue extends Construct {
  /** Visibility timeout ÷ consumer timeout. */
  public static final int VISIBILITY_FACTOR = PipelineCapacity.VISIBILITY_TIMEOUT_FACTOR;

  private final Queue queue;
  private final Queue deadLetterQueue;
  private final Alarm deadLetterAlarm;

  public OrderQueue(Construct scope, String id, Props props) {
    super(scope, id);
    Objects.requireNonNull(props, "props");
    this.deadLetterQueue = Queue.Builder.create(this, "DeadLetterQueue")
        .encryption(QueueEncryption.KMS_MANAGED)
        .enforceSsl(true)
        .retentionPeriod(Duration.days(14))
        .build();
    this.queue = Queue.Builder.create(this, "Queue")
        .encryption(QueueEncryption.KMS_MANAGED)
        .enforceSsl(true)
        .visibilityTimeout(Duration.seconds(VISIBILITY_FACTOR * props.consumerTimeout().toSeconds().longValue()))
        .retentionPeriod(Duration.days(4))
        .deadLetterQueue(DeadLetterQueue.builder()
            .queue(deadLetterQueue)
            .maxReceiveCount(props.maxReceiveCount())
            .build())
        .build();
    this.deadLetterAlarm = Operations.whenNotEmpty(this, "DeadLetterAlarm", deadLetterQueue,
        "Order messages reached the dead-letter queue: they were never turned into a "
            + "workflow, their orders are stuck PENDING. Inspect them, fix the cause, then redrive.",
        "dead-letter-queue-not-empty");
  }

  public IQueue queue() {
    return queue;
  }

  public IQueue deadLetterQueue() {
    return deadLetterQueue;
  }

  public Alarm deadLetterAlarm() {
    return deadLetterAlarm;
  }

  /**
   * Properties of {@link OrderQueue}.
   *
   * @param consumerTimeout the timeout of the function consuming the queue; the visibility timeout is
   *                        {@link OrderQueue#VISIBILITY_FACTOR}× this
   * @param maxReceiveCount receives before a message moves to the dead-letter queue (1–1000); default
   *                        {@link PipelineCapacity#MAX_RECEIVE_COUNT} (see {@link #of})
   */
  public record Props(Duration consumerTimeout, int maxReceiveCount) {
    public Props {
      Objects.requireNonNull(consumerTimeout, "consumerTimeout is required");
      if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
        throw new IllegalArgumentException("maxReceiveCount must be 1–1000, was " + maxReceiveCount);
      }
    }

    /** {@link PipelineCapacity#MAX_RECEIVE_COUNT} receives before the dead-letter queue. */
    public static Props of(Duration consumerTimeout) {
      return new Props(consumerTimeout, PipelineCapacity.MAX_RECEIVE_COUNT);
    }
  }
}
