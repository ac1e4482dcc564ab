package dev.orderflow.infra.capacity;

import java.util.List;

/**
 * Offered load: phases of orders per second, one after the other; the last one lasts until the pipeline has
 * drained what the burst left behind (then one more minute, then arrivals stop and the rest drains).
 *
 * @param burstPhase the phase whose orders the drain time is measured for (it ends when the next one starts)
 */
record Scenario(String name, List<Phase> phases, int burstPhase) {
  /** {@code seconds} of {@code perSecond} orders; the last phase's seconds are a minimum. */
  record Phase(int seconds, double perSecond) {}

  Scenario {
    phases = List.copyOf(phases);
    if (burstPhase < 0 || burstPhase >= phases.size() - 1) {
      throw new IllegalArgumentException("the burst must be followed by a phase");
    }
  }

  /** 20 orders/s for 5 minutes, 1,000/s for 10 minutes, then 20/s until drained. */
  static Scenario worldPizzaDay() {
    return new Scenario("world pizza day",
        List.of(new Phase(300, 20), new Phase(600, 1_000), new Phase(60, 20)), 1);
  }

  /** The same shape, small: {@code perSecond} for {@code seconds} between two short quiet phases. */
  static Scenario burst(double base, double perSecond, int seconds) {
    return new Scenario("burst", List.of(new Phase(10, base), new Phase(seconds, perSecond), new Phase(10, base)), 1);
  }

  /** Start of phase {@code i}, in seconds. */
  long startSecond(int i) {
    long s = 0;
    for (int p = 0; p < i; p++) {
      s += phases.get(p).seconds();
    }
    return s;
  }
}
