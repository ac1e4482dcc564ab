package dev.orderflow.infra.capacity;

/**
 * A token bucket on simulated time, as AWS meters API calls: {@code capacity} tokens at most, refilled
 * continuously at {@code refillPerSecond}; a call that finds too few tokens is throttled and takes none.
 */
final class TokenBucket {
  private final double capacity;
  private final double refillPerMicro;
  private double tokens;
  private long last;
  private long granted;
  private long throttled;

  TokenBucket(double capacity, double refillPerSecond) {
    if (capacity <= 0 || refillPerSecond <= 0) {
      throw new IllegalArgumentException("capacity and refill must be positive");
    }
    this.capacity = capacity;
    this.refillPerMicro = refillPerSecond / 1_000_000.0;
    this.tokens = capacity;
  }

  /** Takes {@code n} tokens at {@code nowMicros} if there are enough; otherwise counts a throttle. */
  boolean tryTake(long nowMicros, double n) {
    refill(nowMicros);
    if (tokens + 1e-9 >= n) {
      tokens -= n;
      granted++;
      return true;
    }
    throttled++;
    return false;
  }

  /** Microseconds from {@code nowMicros} until {@code n} tokens are there (0 if they are). */
  long microsUntil(long nowMicros, double n) {
    refill(nowMicros);
    return tokens >= n ? 0 : (long) Math.ceil((n - tokens) / refillPerMicro);
  }

  private void refill(long nowMicros) {
    if (nowMicros > last) {
      tokens = Math.min(capacity, tokens + (nowMicros - last) * refillPerMicro);
      last = nowMicros;
    }
  }

  long granted() {
    return granted;
  }

  long throttled() {
    return throttled;
  }
}
