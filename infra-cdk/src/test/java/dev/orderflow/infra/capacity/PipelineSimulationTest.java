package dev.orderflow.infra.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.core.application.ProcessOrder.Outcome;
import dev.orderflow.infra.PipelineCapacity;
import dev.orderflow.infra.capacity.PipelineSimulation.Minute;
import dev.orderflow.infra.capacity.PipelineSimulation.Report;
import org.junit.jupiter.api.Test;

/** Pins the capacity model's behaviour on small scenarios (the full one is {@link WorldPizzaDay}). */
class PipelineSimulationTest {
  private static final long SECOND = 1_000_000L;

  /** The quotas scaled down 20×, so that a burst of a few thousand orders meets them like the real one. */
  private static AwsModel scaledDown(AwsModel model) {
    model.startExecutionBucket = 65;
    model.startExecutionPerSecond = 15;
    return model;
  }

  @Test
  void a_token_bucket_grants_its_capacity_at_once_then_exactly_its_refill_rate() {
    TokenBucket bucket = new TokenBucket(10, 5);
    int granted = 0;
    for (int i = 0; i < 12; i++) {
      granted += bucket.tryTake(0, 1) ? 1 : 0;
    }
    assertThat(granted).isEqualTo(10);
    assertThat(bucket.throttled()).isEqualTo(2);
    assertThat(bucket.tryTake(SECOND / 5 - 1, 1)).as("0.999… tokens after 199,999 µs").isFalse();
    assertThat(bucket.tryTake(SECOND / 5, 1)).as("one token after 200 ms").isTrue();
    assertThat(bucket.microsUntil(SECOND / 5, 2)).isEqualTo(2 * SECOND / 5);
    for (int i = 0; i < 100; i++) {
      bucket.tryTake(SECOND, 1);
    }
    assertThat(bucket.granted()).as("10 + 1 + 4 refilled by 1 s").isEqualTo(15);
    assertThat(bucket.tryTake(100 * SECOND, 11)).as("never more than the capacity").isFalse();
  }

  @Test
  void the_stack_settings_are_what_the_model_simulates() {
    AwsModel deployed = AwsModel.deployed();
    assertThat(deployed.consumerMaxConcurrency).isEqualTo(PipelineCapacity.CONSUMER_MAX_CONCURRENCY);
    assertThat(deployed.batchSize).isEqualTo(PipelineCapacity.CONSUMER_BATCH_SIZE);
    assertThat(deployed.batchingWindowSeconds).isEqualTo(PipelineCapacity.CONSUMER_MAX_BATCHING_WINDOW_SECONDS);
    assertThat(deployed.consumerTimeoutSeconds).isEqualTo(PipelineCapacity.CONSUMER_TIMEOUT_SECONDS);
    assertThat(deployed.visibilityTimeoutSeconds).isEqualTo(PipelineCapacity.visibilityTimeoutSeconds());
    assertThat(deployed.maxReceiveCount).isEqualTo(PipelineCapacity.MAX_RECEIVE_COUNT);
  }

  @Test
  void a_small_burst_drains_through_the_real_use_cases_with_nothing_dead_lettered() {
    Report report = new PipelineSimulation(AwsModel.deployed(), Scenario.burst(20, 400, 10), 7).run();

    assertThat(report.acceptedByBurstEnd()).as("10 s of 20/s, 10 s of 400/s").isBetween(3_900L, 4_500L);
    assertThat(report.dlqArrivals()).isZero();
    assertThat(report.finished()).isEqualTo(report.accepted());
    assertThat(report.outcome(Outcome.COMPLETED) + report.outcome(Outcome.FAILED)).isEqualTo(report.accepted());
    assertThat(report.outcome(Outcome.COMPLETED)).as("the simulated gateway approves about half")
        .isBetween(report.accepted() * 4 / 10, report.accepted() * 6 / 10);
    assertThat(report.total(m -> m.startThrottles)).as("the consumer stays under StartExecution's rate").isZero();
    assertThat(report.drainSeconds()).isPositive();
    assertThat(report.stateTransitions()).as("five transitions per order, one more per retry")
        .isBetween(5 * report.finished(), 5 * report.finished() + report.total(m -> m.stepRetries));
  }

  @Test
  void the_same_seed_gives_the_same_run() {
    Report one = new PipelineSimulation(AwsModel.deployed(), Scenario.burst(20, 300, 5), 3).run();
    Report two = new PipelineSimulation(AwsModel.deployed(), Scenario.burst(20, 300, 5), 3).run();
    assertThat(two.accepted()).isEqualTo(one.accepted());
    assertThat(two.simulatedSeconds()).isEqualTo(one.simulatedSeconds());
    assertThat(two.maxOldestAgeSeconds()).isEqualTo(one.maxOldestAgeSeconds());
    assertThat(two.total(m -> m.finished)).isEqualTo(one.total(m -> m.finished));
  }

  @Test
  void the_consumer_metered_to_the_start_rate_loses_nothing_where_unmetered_and_one_receive_dead_letters() {
    Scenario burst = Scenario.burst(1, 200, 20);
    Report metered = new PipelineSimulation(scaledDown(AwsModel.deployed(m -> m.consumerMaxConcurrency = 2)),
        burst, 11).run();
    assertThat(metered.dlqArrivals()).isZero();
    assertThat(metered.finished()).isEqualTo(metered.accepted());

    Report unmetered = new PipelineSimulation(scaledDown(AwsModel.deployed(m -> {
      m.consumerMaxConcurrency = 40;
      m.maxReceiveCount = 1;
    })), burst, 11).run();
    assertThat(unmetered.total(m -> m.startThrottles)).isPositive();
    assertThat(unmetered.total(m -> m.itemFailures)).isPositive();
    assertThat(unmetered.dlqArrivals()).as("a throttled start spent the message's only receive").isPositive();
    assertThat(unmetered.finished() + unmetered.dlqArrivals()).isEqualTo(unmetered.accepted());
  }

  @Test
  void lambda_scales_the_pollers_from_five_by_at_most_three_hundred_a_minute() {
    Report report = new PipelineSimulation(AwsModel.deployed(m -> m.consumerMaxConcurrency = 1_000),
        Scenario.burst(1, 2_000, 30), 5).run();
    Minute first = report.minutes().get(0);
    assertThat(first.maxConsumers).as("5 at first, then at most 300 more a minute").isBetween(100, 5 + 300);
    assertThat(report.minutes()).allSatisfy(m -> assertThat(m.maxConsumers).isLessThanOrEqualTo(1_000));
  }
}
