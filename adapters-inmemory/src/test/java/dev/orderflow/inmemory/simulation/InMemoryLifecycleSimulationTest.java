package dev.orderflow.inmemory.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.core.simulation.Invariant;
import dev.orderflow.core.simulation.LifecycleSimulation;
import dev.orderflow.core.simulation.LifecycleSimulation.PlantedBug;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle simulation on the in-memory adapters: {@value #DEFAULT_SEQUENCES} sequences in every build,
 * more with {@code -Dorderflow.simulation.sequences=N} (the {@code simulation} profile runs 100,000), from
 * {@code -Dorderflow.simulation.seed=S} (default 1).
 */
class InMemoryLifecycleSimulationTest {
  static final int DEFAULT_SEQUENCES = 1_000;

  @Test
  void everyInvariantHoldsOverThousandsOfRandomInterleavings() {
    int sequences = Integer.getInteger("orderflow.simulation.sequences", DEFAULT_SEQUENCES);
    long firstSeed = Long.getLong("orderflow.simulation.seed", 1L);
    long started = System.nanoTime();

    LifecycleSimulation.Report report = LifecycleSimulation.on(InMemoryAdapters.FAMILY).explore(sequences, firstSeed);

    System.out.printf("lifecycle simulation (in-memory): %s, %.1f s%n", report.summary(),
        (System.nanoTime() - started) / 1e9);
    assertThat(report.sequences()).isEqualTo(sequences);
    assertThat(report.orders()).as("orders accepted").isGreaterThan(sequences);
    assertThat(report.faults()).as("faults fired").isGreaterThan(sequences / 2);
    assertThat(report.timeouts()).as("step timeouts").isGreaterThan(sequences / 2);
  }

  @Test
  void aGatewayThatChargesAgainUnderTheSameKeyIsFoundAndShrunk() {
    assertFoundAndShrunk(PlantedBug.GATEWAY_IGNORES_IDEMPOTENCY_KEY, Invariant.I3);
  }

  @Test
  void aDeleteThatLeavesTheOrderInPlaceIsFoundAndShrunk() {
    assertFoundAndShrunk(PlantedBug.DELETE_DELETES_NOTHING, Invariant.I2);
  }

  @Test
  void anEmailWhoseSendingIsNotRecordedIsFoundAndShrunk() {
    assertFoundAndShrunk(PlantedBug.EMAIL_RECORDS_NOTHING, Invariant.I8);
  }

  private static void assertFoundAndShrunk(PlantedBug bug, Invariant broken) {
    LifecycleSimulation simulation = LifecycleSimulation.on(InMemoryAdapters.FAMILY).planting(bug);
    Optional<LifecycleSimulation.Failure> failure = Optional.empty();
    for (long seed = 1; seed <= 500 && failure.isEmpty(); seed++) {
      failure = simulation.find(seed);
    }

    assertThat(failure).as("a seed among the first 500 finds %s", bug).isPresent();
    LifecycleSimulation.Failure found = failure.get();
    assertThat(found.invariant()).isEqualTo(broken);
    assertThat(found.shrunk()).hasSizeBetween(1, 15);
    assertThat(found.describe()).startsWith("seed " + found.seed() + ": ").contains(broken.name());
    System.out.println("planted bug " + bug + " found:\n" + found.describe());
  }
}
