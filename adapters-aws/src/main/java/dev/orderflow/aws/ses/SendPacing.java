package dev.orderflow.aws.ses;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Spaces calls evenly so that one sender never goes faster than its share of the account's SES sending rate: a
 * throttled send would come back through the queue minutes later and count towards its dead-letter limit, while a
 * paced one simply waits a fraction of a second. Each call waits until {@code 1 / perSecond} after the previous
 * call's turn (no burst is saved up while idle).
 */
final class SendPacing {
  /** Waits; for tests, a recorder. */
  interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private long nextTurn = Long.MIN_VALUE;

  SendPacing(double perSecond) {
    this(perSecond, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
  }

  SendPacing(double perSecond, LongSupplier nanoTime, Sleeper sleeper) {
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException("a sending rate is a positive number per second, was " + perSecond);
    }
    this.intervalNanos = Math.max(1L, Math.round(1e9 / perSecond));
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
  }

  /** Returns when it is this call's turn. */
  synchronized void awaitTurn() {
    long now = nanoTime.getAsLong();
    if (nextTurn != Long.MIN_VALUE && now - nextTurn < 0) {
      try {
        sleeper.sleepNanos(nextTurn - now);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while pacing an email", e);
      }
      now = nextTurn;
    }
    nextTurn = now + intervalNanos;
  }
}
