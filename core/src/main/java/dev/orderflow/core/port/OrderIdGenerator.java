package dev.orderflow.core.port;

import dev.orderflow.core.domain.OrderId;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Random;
import java.util.UUID;

/** Assigns ids to new orders. */
@FunctionalInterface
public interface OrderIdGenerator {

  OrderId next();

  /**
   * Time-ordered UUIDs (version 7 layout: 48 bits of epoch milliseconds, then random bits), so a
   * customer's orders list in creation order.
   */
  static OrderIdGenerator timeOrdered(Clock clock, Random random) {
    return () -> {
      long millis = clock.millis();
      long high = (millis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
      long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
      return new OrderId(new UUID(high, low).toString());
    };
  }

  /** Time-ordered ids from the system clock and a secure random source. */
  static OrderIdGenerator timeOrdered() {
    return timeOrdered(Clock.systemUTC(), new SecureRandom());
  }
}
