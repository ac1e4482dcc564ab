package dev.orderflow.examples.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.core.simulation.LifecycleSimulation;
import org.junit.jupiter.api.Test;

/**
 * The core's lifecycle simulation (from {@code orderflow-core}'s test-jar) on our adapter family: seeded random
 * interleavings of client calls, duplicate and out-of-order deliveries, step timeouts and faults, with the seven
 * invariants of docs/guarantees.md checked after every action. A broken invariant fails with the seed and a
 * shrunk sequence of actions.
 */
class LifecycleSimulationTest {

  @Test
  void everyInvariantHoldsOverRandomInterleavings() {
    LifecycleSimulation.Report report = LifecycleSimulation.on(HarnessAdapters.FAMILY).explore(200, 1L);

    assertThat(report.sequences()).isEqualTo(200);
    assertThat(report.orders()).as("orders accepted").isGreaterThan(200);
    assertThat(report.faults()).as("faults fired").isPositive();
    assertThat(report.timeouts()).as("step timeouts").isPositive();
  }
}
