package dev.orderflow.local;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Polls for an eventual state until a deadline: how the tests wait for what the pipeline does in the background.
 * The deadline only bounds a broken run; nothing is asserted about how fast the state is reached.
 */
final class Eventually {
  private Eventually() {}

  /**
   * The first value {@code probe} yields, asking again every few milliseconds.
   *
   * @param what what is awaited, for the failure message
   */
  static <T> T await(String what, Duration deadline, Supplier<Optional<T>> probe) {
    long end = System.nanoTime() + deadline.toNanos();
    do {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      pause();
    } while (System.nanoTime() < end);
    return fail("%s did not happen within %s", what, deadline);
  }

  private static void pause() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
