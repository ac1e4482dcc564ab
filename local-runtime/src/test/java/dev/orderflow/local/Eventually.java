package dev.orderflow.local;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Polls for an eventual state until a deadline, through Awaitility: how the tests wait for what the pipeline
 * does in the background. The deadline only bounds a broken run; nothing is asserted about how fast the
 * state is reached.
 */
final class Eventually {
  private static final Duration POLL_INTERVAL = Duration.ofMillis(10);

  private Eventually() {}

  /**
   * The first value {@code probe} yields, asking at once and then every few milliseconds.
   *
   * @param what what is awaited, for the failure message
   */
  static <T> T await(String what, Duration deadline, Supplier<Optional<T>> probe) {
    try {
      return Awaitility.await(what).atMost(deadline).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(POLL_INTERVAL)
          .until(probe::get, Optional::isPresent).orElseThrow();
    } catch (ConditionTimeoutException e) {
      return fail("%s did not happen within %s", what, deadline);
    }
  }
}
