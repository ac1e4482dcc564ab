package dev.orderflow.inmemory;

import dev.orderflow.core.port.TransientFailureException;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Fault injection for the in-memory adapters: a share of calls, or the next N calls, fail with a
 * {@link TransientFailureException}. Like a real network call that times out, a failed call has either
 * not happened or already happened — half of the injected faults strike after the effect — so callers
 * must repeat safely. Seeded, hence reproducible for a single-threaded run.
 */
public final class Faults {
  private static final Faults NONE = new Faults(0.0, 0);

  private final double rate;
  private final SplittableRandom random;
  private final Map<String, AtomicInteger> forcedFailures = new ConcurrentHashMap<>();
  private final AtomicLong injected = new AtomicLong();

  private Faults(double rate, long seed) {
    if (!(rate >= 0.0 && rate < 1.0)) {
      throw new IllegalArgumentException("fault rate must be in [0, 1), was " + rate);
    }
    this.rate = rate;
    this.random = new SplittableRandom(seed);
  }

  /** No faults. Shared: {@link #failNext} is refused on it. */
  public static Faults none() {
    return NONE;
  }

  /** A share {@code rate} (0 ≤ rate &lt; 1) of calls fail, chosen by a generator seeded with {@code seed}. */
  public static Faults failing(double rate, long seed) {
    return new Faults(rate, seed);
  }

  /** A fresh instance that injects nothing until {@link #failNext} is called. */
  public static Faults controllable() {
    return new Faults(0.0, 0);
  }

  /** The next {@code calls} calls of any operation through this instance fail (before their effect). */
  public Faults failNext(int calls) {
    return failNext("", calls);
  }

  /**
   * The next {@code calls} calls of operations whose name starts with {@code operationPrefix} fail
   * (before their effect). Operations are named {@code port.method}: {@code repository.transition},
   * {@code queue.submit}, {@code queue.receive}, {@code workflow.start}, {@code notifier.publish},
   * {@code payment.decide}, …
   */
  public Faults failNext(String operationPrefix, int calls) {
    if (this == NONE) {
      throw new IllegalStateException("Faults.none() is shared; use Faults.controllable()");
    }
    forcedFailures.computeIfAbsent(operationPrefix, p -> new AtomicInteger()).addAndGet(calls);
    return this;
  }

  /** How many faults were injected so far. */
  public long injected() {
    return injected.get();
  }

  /** Runs {@code action} as the port operation {@code operation}, maybe failing before or after it. */
  public <T> T call(String operation, Supplier<T> action) {
    if (this == NONE) {
      return action.get();
    }
    for (Map.Entry<String, AtomicInteger> forced : forcedFailures.entrySet()) {
      if (operation.startsWith(forced.getKey()) && forced.getValue().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw fault(operation, "before");
      }
    }
    if (rate == 0.0) {
      return action.get();
    }
    double draw;
    boolean after;
    synchronized (random) {
      draw = random.nextDouble();
      after = random.nextBoolean();
    }
    if (draw >= rate) {
      return action.get();
    }
    if (after) {
      action.get();
      throw fault(operation, "after");
    }
    throw fault(operation, "before");
  }

  /** {@link #call} for an action without a result. */
  public void run(String operation, Runnable action) {
    call(operation, () -> {
      action.run();
      return null;
    });
  }

  private TransientFailureException fault(String operation, String when) {
    injected.incrementAndGet();
    return new TransientFailureException("injected fault in " + operation + " (" + when + " its effect)");
  }
}
