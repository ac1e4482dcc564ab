package dev.orderflow.infra.capacity;

import dev.orderflow.infra.PipelineCapacity;
import java.util.function.Consumer;

/**
 * What the simulation knows about the deployed topology: the stack's own settings (read from
 * {@link PipelineCapacity}, the constants the CDK stack uses), AWS's default quotas in us-east-1 (each with the
 * page it comes from, see docs/capacity.md), and latencies and error rates, which AWS does not document and
 * are stated assumptions. Mutable on purpose — a scenario copies {@link #deployed()} and changes what it
 * studies — and used by one simulation at a time.
 */
final class AwsModel {
  // --- the stack's settings (PipelineCapacity) ---
  /** ScalingConfig.MaximumConcurrency of the consumer's event source mapping. */
  int consumerMaxConcurrency = PipelineCapacity.CONSUMER_MAX_CONCURRENCY;
  /** BatchSize of the mapping. */
  int batchSize = PipelineCapacity.CONSUMER_BATCH_SIZE;
  /** MaximumBatchingWindowInSeconds of the mapping. */
  int batchingWindowSeconds = PipelineCapacity.CONSUMER_MAX_BATCHING_WINDOW_SECONDS;
  /** Timeout of the consumer function. */
  int consumerTimeoutSeconds = PipelineCapacity.CONSUMER_TIMEOUT_SECONDS;
  /** VisibilityTimeout of the order queue. */
  int visibilityTimeoutSeconds = PipelineCapacity.visibilityTimeoutSeconds();
  /** RedrivePolicy.maxReceiveCount of the order queue. */
  int maxReceiveCount = PipelineCapacity.MAX_RECEIVE_COUNT;

  // --- Lambda (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html,
  //     https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html) ---
  /** Concurrent batches an SQS event source mapping starts with. */
  int pollersAtStart = 5;
  /** Concurrent invocations the mapping may add per minute while messages are waiting. */
  int pollersAddedPerMinute = 300;
  /** Concurrent executions of the account and region, shared by every function (default quota). */
  int accountConcurrency = 1_000;

  // --- AWS SDK for Java 2.x, legacy retry mode (the adapters' clients do not change it) ---
  /** Attempts of one call: the first and three retries. */
  int sdkAttempts = 4;
  /** Base of the equal-jitter backoff after a throttling error, ms. */
  int sdkThrottleBackoffMillis = 500;
  /** Base of the full-jitter backoff after another retryable error, ms. */
  int sdkBackoffMillis = 100;
  /** Longest SDK backoff, ms. */
  int sdkMaxBackoffMillis = 20_000;

  // --- AppSync (https://docs.aws.amazon.com/general/latest/gr/appsync.html) ---
  /** Request tokens per second of the account and region (a resolver call under 1.5 s costs one). */
  double appSyncTokensPerSecond = 10_000;
  /** Attempts a client makes when the API answers throttled or Unavailable, backing off from 1 s. */
  int clientAttempts = 5;

  // --- Step Functions, Standard, us-east-1 (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html) ---
  double startExecutionBucket = 1_300;
  double startExecutionPerSecond = 300;
  double stateTransitionBucket = 5_000;
  double stateTransitionsPerSecond = 5_000;

  // --- DynamoDB on demand (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/on-demand-capacity-mode.html) ---
  /** Write request units per second a new on-demand table serves at once. */
  double dynamoWritesPerSecond = 4_000;
  /** Read request units per second a new on-demand table serves at once. */
  double dynamoReadsPerSecond = 12_000;

  // --- SNS (https://docs.aws.amazon.com/general/latest/gr/sns.html) ---
  double snsPublishesPerSecond = 30_000;

  // --- SES (https://docs.aws.amazon.com/ses/latest/dg/manage-sending-quotas.html) ---
  /** Maximum send rate of an account out of the sandbox, before any increase (assumed: AWS sets it per account). */
  double sesPerSecond = 14;
  /** Messages per 24 hours, likewise. */
  long sesPerDay = 50_000;

  // --- latencies (assumed; AWS documents none), ms: a fixed part plus an exponential tail of the given mean ---
  double resolverMillis = 40;
  double receiveMillis = 10;
  double invokeMillis = 10;
  double startExecutionMillis = 20;
  double throttledCallMillis = 5;
  double taskOverheadMillis = 20;
  double initializeMillis = 15;
  double decideMillis = 20;
  double finalStepMillis = 25;
  double choiceMillis = 5;
  /** Mean of each latency's exponential tail, as a share of its fixed part. */
  double tailShare = 0.25;
  /** Share of calls that fail with a transient 5xx (assumed; each is retried like any transient error). */
  double transientErrorRate = 1e-4;

  /** The deployed settings and AWS's defaults. */
  static AwsModel deployed() {
    return new AwsModel();
  }

  /** {@link #deployed()} changed by {@code change}. */
  static AwsModel deployed(Consumer<AwsModel> change) {
    AwsModel model = new AwsModel();
    change.accept(model);
    return model;
  }
}
