package dev.orderflow.inmemory;

import dev.orderflow.core.port.TransientFailureException;
import java.util.ArrayList;
import java.util.List;
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
  private static final Faults NONE = new Faults(0.0, 0, true);

  private final double rate;
  private final boolean afterEffectToo;
  private final List<String> spared;
  private final SplittableRandom random;
  private final long seed;
  private final Map<String, AtomicInteger> forcedFailures = new ConcurrentHashMap<>();
  private final AtomicLong injected = new AtomicLong();

  private Faults(double rate, long seed, boolean afterEffectToo) {
    this(rate, seed, afterEffectToo, List.of());
  }

  private Faults(double rate, long seed, boolean afterEffectToo, List<String> spared) {
    this.afterEffectToo = afterEffectToo;
    this.spared = spared;
    if (!(rate >= 0.0 && rate < 1.0)) {
      throw new IllegalArgumentException("fault rate must be in [0, 1), was " + rate);
    }
    this.rate = rate;
    this.random = new SplittableRandom(seed);
    this.seed = seed;
  }

  /** No faults. Shared: {@link #failNext} is refused on it. */
  public static Faults none() {
    return NONE;
  }

  /** A share {@code rate} (0 ≤ rate &lt; 1) of calls fail, chosen by a generator seeded with {@code seed}. */
  public static Faults failing(double rate, long seed) {
    return new Faults(rate, seed, true);
  }

  /**
   * Like {@link #failing}, but every fault strikes before the effect: a failed call did not happen. With it a test
   * can demand exactly-once effects that no mechanism could promise when a call may fail after its effect (an
   * email sent whose sending could not be recorded).
   */
  public static Faults failingBeforeEffect(double rate, long seed) {
    return new Faults(rate, seed, false);
  }

  /**
   * The same random faults, except on operations whose name starts with one of {@code operationPrefixes} (a fresh
   * instance with the same rate and seed).
   */
  public Faults sparing(String... operationPrefixes) {
    if (this == NONE) {
      return NONE;
    }
    List<String> all = new ArrayList<>(spared);
    all.addAll(List.of(operationPrefixes));
    return new Faults(rate, seed, afterEffectToo, List.copyOf(all));
  }

  /** A fresh instance that injects nothing until {@link #failNext} is called. */
  public static Faults controllable() {
    return new Faults(0.0, 0, true);
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
    if (rate == 0.0 || spared.stream().anyMatch(operation::startsWith)) {
      return action.get();
    }
    double draw;
    boolean after;
    synchronized (random) {
      draw = random.nextDouble();
      after = random.nextBoolean() && afterEffectToo;
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
