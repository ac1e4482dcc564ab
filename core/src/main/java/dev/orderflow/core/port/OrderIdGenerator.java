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
   * Time-ordered UUIDs (version 7 layout: 48 bits of epoch milliseconds, a 12-bit sequence, then random
   * bits), so a customer's orders list in creation order — also several within one millisecond, since the
   * sequence counts up within a millisecond (RFC 9562, method 1).
   */
  static OrderIdGenerator timeOrdered(Clock clock, Random random) {
    return new OrderIdGenerator() {
      private long lastMillis = -1;
      private int sequence;

      @Override
      public synchronized OrderId next() {
        long millis = clock.millis();
        if (millis > lastMillis) {
          lastMillis = millis;
          sequence = random.nextInt(0x400);
        } else if (++sequence > 0xFFF) {
          lastMillis++;
          sequence = 0;
        }
        long high = (lastMillis << 16) | 0x7000L | sequence;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new OrderId(new UUID(high, low).toString());
      }
    };
  }

  /** Time-ordered ids from the system clock and a secure random source. */
  static OrderIdGenerator timeOrdered() {
    return timeOrdered(Clock.systemUTC(), new SecureRandom());
  }
}
