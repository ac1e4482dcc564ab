package dev.orderflow.lambda.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that starts at a fixed instant and moves one millisecond per reading. */
public final class TickingClock extends Clock {
  private final AtomicLong millis;

  public TickingClock(Instant start) {
    this.millis = new AtomicLong(start.toEpochMilli());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.getAndIncrement());
  }
}
