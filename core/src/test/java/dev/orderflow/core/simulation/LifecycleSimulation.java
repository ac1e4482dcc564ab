package dev.orderflow.core.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A deterministic simulation of the order lifecycle on one adapter family: seeded random sequences of client
 * calls ({@code postOrder} valid and invalid with fresh, repeated and reused client tokens, {@code updateOrder}
 * with and without {@code expectedVersion}, {@code deleteOrder}, {@code order}, {@code orders}), queue events
 * (deliveries held and processed out of order, 1–3 times, crashes before the acknowledgement, visibility
 * timeouts expiring), outcome notifications handed to the mailer 1–3 times (and three times each when draining), single workflow steps (some timing out before or after their effect) and transient
 * faults on every port before or after their effect. After every action it checks the {@link Invariant}s over
 * what the action touched, and after draining the pipeline it checks them all.
 *
 * <p>A failing sequence is shrunk (chunks of actions removed while the same invariant still fails) and reported
 * with its seed, so it can be replayed with {@link #run(long)} and kept as a plain regression test.
 * <pre>{@code
 * LifecycleSimulation.on(family).explore(1_000, 1L);   // throws AssertionError naming seed, invariant, actions
 * }</pre>
 */
public final class LifecycleSimulation {
  /** Customers per sequence. */
  public static final int CUSTOMERS = 20;
  /** Actions per sequence: between these, drawn from the seed. */
  public static final int MIN_ACTIONS = 20;
  public static final int MAX_ACTIONS = 120;

  /** A bug planted on purpose, to show that the simulation finds it. */
  public enum PlantedBug {
    NONE(World.Bugs.NONE),
    /** The payment gateway charges again when asked again with the same idempotency key. */
    GATEWAY_IGNORES_IDEMPOTENCY_KEY(new World.Bugs(true, false, false)),
    /** {@code delete} tells the client the order is gone but leaves it in place. */
    DELETE_DELETES_NOTHING(new World.Bugs(false, true, false)),
    /** Recording that an outcome email was sent records nothing: the address stays, a redelivery sends again. */
    EMAIL_RECORDS_NOTHING(new World.Bugs(false, false, true));

    private final World.Bugs bugs;

    PlantedBug(World.Bugs bugs) {
      this.bugs = bugs;
    }
  }

  /** What a sequence of runs did. */
  public record Report(long sequences, long actions, long orders, long faults, long timeouts,
      long duplicateNotificationsInWindow, long chargedOrdersFailedAfterRetries, long emails,
      long duplicateEmailsInWindow) {
    /** One line with every count, for a test's output and the benchmarks page. */
    public String summary() {
      return String.format("%d sequences, %d actions, %d orders, %d faults, %d timeouts, %d duplicate notifications "
              + "in the publish window, %d charged orders failed after their retries, %d emails, %d duplicate emails "
              + "in the send window", sequences, actions, orders, faults, timeouts, duplicateNotificationsInWindow,
          chargedOrdersFailedAfterRetries, emails, duplicateEmailsInWindow);
    }
  }

  /** A failing sequence, shrunk. */
  public record Failure(long seed, Invariant invariant, String message, int originalLength, List<Action> shrunk) {
    /** The seed, the broken invariant and the shrunk sequence, one action per line. */
    public String describe() {
      StringBuilder text = new StringBuilder()
          .append("seed ").append(seed).append(": ").append(message).append('\n')
          .append("shrunk from ").append(originalLength).append(" to ").append(shrunk.size()).append(" actions:\n");
      for (int i = 0; i < shrunk.size(); i++) {
        text.append(String.format("  %3d. %s%n", i + 1, shrunk.get(i)));
      }
      return text.toString();
    }
  }

  private final SimulatedAdapters.Family family;
  private final PlantedBug bug;
  private final AtomicLong runs = new AtomicLong();

  private LifecycleSimulation(SimulatedAdapters.Family family, PlantedBug bug) {
    this.family = Objects.requireNonNull(family, "family");
    this.bug = bug;
  }

  public static LifecycleSimulation on(SimulatedAdapters.Family family) {
    return new LifecycleSimulation(family, PlantedBug.NONE);
  }

  /** The same simulation with a bug planted. */
  public LifecycleSimulation planting(PlantedBug planted) {
    return new LifecycleSimulation(family, planted);
  }

  /** The sequence a seed generates. */
  public static List<Action> sequence(long seed) {
    int length = MIN_ACTIONS + new SplittableRandom(seed ^ 0x5DEECE66DL).nextInt(MAX_ACTIONS - MIN_ACTIONS + 1);
    return Action.generate(seed, length, CUSTOMERS);
  }

  /**
   * Runs the sequences of seeds {@code firstSeed, firstSeed + 1, …}.
   *
   * @throws AssertionError at the first failing sequence, with its seed, invariant and shrunk actions
   */
  public Report explore(int sequences, long firstSeed) {
    Report total = new Report(0, 0, 0, 0, 0, 0, 0, 0, 0);
    for (long seed = firstSeed; seed < firstSeed + sequences; seed++) {
      Optional<Failure> failure = find(seed);
      if (failure.isPresent()) {
        throw new AssertionError(failure.get().describe());
      }
      total = add(total, lastReport);
    }
    return total;
  }

  /** Runs one seed's sequence; the failure, shrunk, if an invariant broke. */
  public Optional<Failure> find(long seed) {
    List<Action> actions = sequence(seed);
    Optional<Outcome> failed = run(seed, actions).filter(o -> o.failed());
    if (failed.isEmpty()) {
      return Optional.empty();
    }
    List<Action> shrunk = shrink(seed, actions, failed.get());
    Outcome last = run(seed, shrunk).orElseThrow();
    return Optional.of(new Failure(seed, last.invariant, last.message, actions.size(), shrunk));
  }

  /** Runs one seed's sequence and rethrows a broken invariant as an {@link AssertionError} (for regression tests). */
  public Report run(long seed) {
    find(seed).ifPresent(f -> {
      throw new AssertionError(f.describe());
    });
    return lastReport;
  }

  /**
   * Replays a given sequence (a shrunk one, kept as a regression test) under {@code seed}'s payment decisions.
   *
   * @throws AssertionError naming the broken invariant
   */
  public Report replay(long seed, List<Action> actions) {
    Outcome outcome = run(seed, actions).orElseThrow();
    if (outcome.failed()) {
      throw new AssertionError("seed " + seed + ": " + outcome.message);
    }
    return outcome.report;
  }

  private Report lastReport;

  private record Outcome(Invariant invariant, String message, Report report) {
    boolean failed() {
      return message != null;
    }

    boolean sameAs(Outcome other) {
      return failed() && invariant == other.invariant;
    }
  }

  private Optional<Outcome> run(long seed, List<Action> actions) {
    String namespace = "s" + seed + "r" + runs.incrementAndGet();
    World world = null;
    try (SimulatedAdapters adapters = family.open(namespace)) {
      world = new World(adapters, namespace, CUSTOMERS, seed, bug.bugs);
      for (int i = 0; i < actions.size(); i++) {
        try {
          world.perform(actions.get(i), i);
        } catch (Invariant.Violation v) {
          return Optional.of(new Outcome(v.invariant(), "after action " + (i + 1) + " " + actions.get(i) + ": "
              + v.getMessage(), null));
        }
      }
      try {
        world.settle();
      } catch (Invariant.Violation v) {
        return Optional.of(new Outcome(v.invariant(), "after the pipeline settled: " + v.getMessage(), null));
      }
      lastReport = new Report(1, actions.size(), world.orders(), world.faultsFired(), world.timeouts,
          world.duplicateNotificationsInWindow, world.chargedOrdersFailedAfterRetries(), world.emailsSent,
          world.duplicateEmailsInWindow);
      return Optional.of(new Outcome(null, null, lastReport));
    } catch (RuntimeException unexpected) {
      return Optional.of(new Outcome(null, "unexpected " + unexpected, null));
    } catch (Exception closing) {
      throw new IllegalStateException("closing the adapters failed", closing);
    }
  }

  /** Removes chunks of actions, halving the chunk size, while the same invariant still fails. */
  private List<Action> shrink(long seed, List<Action> actions, Outcome failure) {
    List<Action> current = actions;
    int budget = 3_000;
    for (int chunk = Math.max(1, current.size() / 2); chunk >= 1 && budget > 0; ) {
      boolean removedAny = false;
      for (int start = 0; start < current.size() && budget > 0; ) {
        List<Action> candidate = new ArrayList<>(current.subList(0, start));
        candidate.addAll(current.subList(Math.min(current.size(), start + chunk), current.size()));
        budget--;
        if (!candidate.isEmpty() && run(seed, candidate).filter(o -> o.sameAs(failure)).isPresent()) {
          current = candidate;
          removedAny = true;
        } else {
          start += chunk;
        }
      }
      if (!removedAny) {
        chunk /= 2;
      }
    }
    return current;
  }

  private static Report add(Report a, Report b) {
    return new Report(a.sequences + b.sequences, a.actions + b.actions, a.orders + b.orders, a.faults + b.faults,
        a.timeouts + b.timeouts, a.duplicateNotificationsInWindow + b.duplicateNotificationsInWindow,
        a.chargedOrdersFailedAfterRetries + b.chargedOrdersFailedAfterRetries, a.emails + b.emails,
        a.duplicateEmailsInWindow + b.duplicateEmailsInWindow);
  }
}
