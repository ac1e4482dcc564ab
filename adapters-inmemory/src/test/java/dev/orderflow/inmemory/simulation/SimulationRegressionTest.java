package dev.orderflow.inmemory.simulation;

import static dev.orderflow.core.simulation.Action.Input.VALID;
import static dev.orderflow.core.simulation.Action.Invocation.NORMAL;
import static dev.orderflow.core.simulation.Action.Invocation.TIMEOUT_AFTER_EFFECT;
import static dev.orderflow.core.simulation.Action.Invocation.TIMEOUT_BEFORE_EFFECT;
import static dev.orderflow.core.simulation.Action.Token.FRESH;
import static dev.orderflow.core.simulation.Action.Token.NONE;
import static dev.orderflow.core.simulation.Action.Token.REPEAT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.core.simulation.Action;
import dev.orderflow.core.simulation.LifecycleSimulation;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sequences the simulation found and shrank when the lifecycle's old behaviour was put back, one per bug, kept
 * as plain regression tests (each fails on the old behaviour with the invariant named in its comment).
 */
class SimulationRegressionTest {
  private final LifecycleSimulation simulation = LifecycleSimulation.on(InMemoryAdapters.FAMILY);

  /** Seed 13, I2: a client token reused after its order was deleted was accepted, then never processed. */
  @Test
  void aReusedTokenOfADeletedOrder() {
    LifecycleSimulation.Report report = simulation.replay(13, List.of(
        new Action.Post(9, VALID, FRESH, 14995, 5),
        new Action.Delete(2, 20912, true),
        new Action.Post(9, VALID, REPEAT, 63617, 3)));

    assertThat(report.orders()).isEqualTo(1);
  }

  /** Seed 168, I3: an update landed while the payment was being decided, and the order completed with it. */
  @Test
  void anUpdateWhileThePaymentIsDecided() {
    LifecycleSimulation.Report report = simulation.replay(168, List.of(
        new Action.Post(4, VALID, NONE, 18571, 3),
        new Action.Receive(),
        new Action.Process(9720, 1, true),
        new Action.Step(41721, NORMAL),
        new Action.Step(5031, TIMEOUT_AFTER_EFFECT),
        new Action.Update(10, 3500, true, Action.Change.QUANTITY, Action.Expect.NONE, 768)));

    assertThat(report.timeouts()).isEqualTo(1);
  }

  /** Seed 6, I3: CompleteOrder timed out and was not retried, so a charged order ended FAILED. */
  @Test
  void aCompleteOrderThatTimesOut() {
    LifecycleSimulation.Report report = simulation.replay(6, List.of(
        new Action.Post(9, VALID, NONE, 54200, 5),
        new Action.Receive(),
        new Action.Process(3191, 3, true),
        new Action.Step(65030, NORMAL),
        new Action.Step(26138, NORMAL),
        new Action.Step(25304, TIMEOUT_BEFORE_EFFECT)));

    assertThat(report.timeouts()).isEqualTo(1);
    assertThat(report.chargedOrdersFailedAfterRetries()).isZero();
  }
}
