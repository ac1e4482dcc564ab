package dev.orderflow.aws;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Collects what arrives in the background, through Awaitility: polls at once, then again until enough
 * arrived or the wait is over. Running out of time is not a failure here: the caller asserts on what it
 * collected (which may be deliberately nothing). Not in the test-jar (only {@code LocalAws*} is).
 */
public final class Polling {
  private static final Duration INTERVAL = Duration.ofMillis(10);

  private Polling() {}

  /** Runs {@code poll} until {@code enough} holds or {@code wait} passed; at least once. */
  public static void collect(Duration wait, Runnable poll, BooleanSupplier enough) {
    poll.run();
    if (enough.getAsBoolean() || wait.compareTo(INTERVAL) <= 0) {
      return;
    }
    try {
      Awaitility.await().atMost(wait).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(INTERVAL)
          .until(() -> {
            poll.run();
            return enough.getAsBoolean();
          });
    } catch (ConditionTimeoutException timedOut) {
      // the caller asserts on what was collected
    }
  }
}
