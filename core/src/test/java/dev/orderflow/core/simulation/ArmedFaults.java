package dev.orderflow.core.simulation;

import dev.orderflow.core.port.TransientFailureException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Faults the sequence armed: each fails the next call of its port operation once, before or after the call's
 * effect — a timeout after the effect is also how a crash between an effect and its acknowledgement looks to
 * the caller.
 */
final class ArmedFaults {
  private final Map<String, Deque<Boolean>> armed = new HashMap<>();
  private final BiConsumer<String, Object> onFired;
  private long fired;

  /** @param onFired told the operation and the call's subject (an order or order id, or null) of each fault fired after its effect */
  ArmedFaults(BiConsumer<String, Object> onFired) {
    this.onFired = onFired;
  }

  void arm(String operation, boolean afterEffect) {
    armed.computeIfAbsent(operation, o -> new ArrayDeque<>()).add(afterEffect);
  }

  void disarmAll() {
    armed.clear();
  }

  long fired() {
    return fired;
  }

  <T> T call(String operation, Object subject, Supplier<T> action) {
    Deque<Boolean> queue = armed.get(operation);
    Boolean afterEffect = queue == null ? null : queue.poll();
    if (afterEffect == null) {
      return action.get();
    }
    fired++;
    if (afterEffect) {
      action.get();
      onFired.accept(operation + ":after", subject);
      throw new TransientFailureException("simulated fault in " + operation + " (after its effect)");
    }
    onFired.accept(operation + ":before", subject);
    throw new TransientFailureException("simulated fault in " + operation + " (before its effect)");
  }

  void run(String operation, Object subject, Runnable action) {
    call(operation, subject, () -> {
      action.run();
      return null;
    });
  }
}
