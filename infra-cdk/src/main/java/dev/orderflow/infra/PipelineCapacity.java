package dev.orderflow.infra;

/**
 * The settings that decide how fast queued orders become workflows, and that nothing is dead-lettered on the
 * way: the order queue's redrive and visibility, and the consumer's event source mapping. {@link OrderQueue}
 * and {@link OrderflowStack} read them from here, and the capacity simulation (infra-cdk test sources,
 * {@code dev.orderflow.infra.capacity}) simulates exactly these values; {@code PipelineCapacityTemplateTest}
 * checks that the synthesized template carries them. The reasoning and the figures: {@code docs/capacity.md}.
 *
 * <p>The stage that limits the pipeline is Step Functions' {@code StartExecution} quota for Standard workflows
 * (us-east-1: a bucket of 1,300 starts refilled at 300 per second, shared by every state machine of the
 * account and region). A burst above it waits in the queue, which holds it for days; the consumer is sized
 * so that it starts workflows at about that rate, and so that a throttled start, should one happen, never
 * costs a message its place: it is retried by the SDK, then by the queue, long before
 * {@link #MAX_RECEIVE_COUNT} receives are used up.
 */
public final class PipelineCapacity {
  /**
   * Messages per consumer invocation. Ten is the most one SQS receive returns: larger batches need a
   * batching window, which adds latency at low traffic and makes an invocation (which starts its messages'
   * workflows one after the other) longer than its timeout could hold under throttling.
   */
  public static final int CONSUMER_BATCH_SIZE = 10;

  /**
   * The event source mapping's batching window, in seconds: none. With ten messages a batch fills itself
   * under load, and at 20 orders a second a window would only delay each order.
   */
  public static final int CONSUMER_MAX_BATCHING_WINDOW_SECONDS = 0;

  /**
   * Most consumer invocations the event source mapping runs at once. One invocation starts its ten workflows
   * one after the other, ≈ 25 ms each (a StartExecution round trip, assumed), so one instance starts ≈ 36 a
   * second and eight start ≈ 290 (simulated: 291/s): just under the StartExecution refill rate (300/s). More
   * concurrency does not drain a burst faster — the quota is the limit — but turns the excess into throttled
   * starts, each a message back in the queue for the visibility timeout (simulated at 20: 57,000 throttled
   * starts, the peak age 6 minutes longer; at 50: 174,000, 9.5 minutes longer). If StartExecution's rate is
   * raised, raise this with it (≈ rate ÷ 36).
   */
  public static final int CONSUMER_MAX_CONCURRENCY = 8;

  /**
   * The consumer function's timeout, in seconds: ten starts take ≈ 0.3 s; the margin covers the SDK's retries
   * (up to three, backing off from 0.5 s) of several throttled starts in one batch. A batch that still outlasts
   * it comes back whole after the visibility timeout, which is safe: a start is idempotent by order id.
   */
  public static final int CONSUMER_TIMEOUT_SECONDS = 30;

  /**
   * Visibility timeout ÷ consumer timeout. AWS's guidance for Lambda event sources is at least 6: a batch
   * whose invocation is throttled and retried by Lambda is not delivered again while it is still processed.
   */
  public static final int VISIBILITY_TIMEOUT_FACTOR = 6;

  /**
   * Receives before a message moves to the dead-letter queue. Every message that fails a receive comes back
   * after the visibility timeout (3 minutes), so five receives give a throttled start at least 12 minutes and
   * 20 attempts (with the SDK's retries). At the settings above the simulated burst needs one receive per
   * message (no start is throttled), so the DLQ is left to messages that can never start (malformed, or a
   * permanent error), which reach it after 12 minutes.
   */
  public static final int MAX_RECEIVE_COUNT = 5;

  /** The visibility timeout of the order queue, in seconds. */
  public static int visibilityTimeoutSeconds() {
    return VISIBILITY_TIMEOUT_FACTOR * CONSUMER_TIMEOUT_SECONDS;
  }

  private PipelineCapacity() {
  }
}
