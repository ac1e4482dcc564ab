package dev.orderflow.aws.ses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SendPacingTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final List<Long> slept = new ArrayList<>();
  private final SendPacing pacing = new SendPacing(4.0, now::get, nanos -> {
    slept.add(nanos);
    now.addAndGet(nanos);
  });

  @Test
  void theFirstCallGoesAtOnceAndBackToBackCallsAreSpacedByTheInterval() {
    for (int i = 0; i < 4; i++) {
      pacing.awaitTurn();
    }

    assertThat(slept).containsExactly(250_000_000L, 250_000_000L, 250_000_000L);
  }

  @Test
  void aSlowCallerWaitsOnlyForWhatIsLeftOfTheIntervalAndAnIdleOneNotAtAll() {
    pacing.awaitTurn();
    now.addAndGet(100_000_000L); // the send took 100 ms
    pacing.awaitTurn();
    now.addAndGet(5_000_000_000L); // idle for 5 s: no burst saved up
    pacing.awaitTurn();
    pacing.awaitTurn();

    assertThat(slept).containsExactly(150_000_000L, 250_000_000L);
  }

  @Test
  void refusesARateThatIsNotPositive() {
    assertThatThrownBy(() -> new SendPacing(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SendPacing(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }
}
