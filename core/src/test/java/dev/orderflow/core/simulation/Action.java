package dev.orderflow.core.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One step of a simulated sequence: a client call, a queue or workflow event, or an armed fault. Actions hold
 * only choices (indices taken modulo what exists when they run), so any subsequence still runs: that is what
 * lets a failing sequence shrink.
 */
public sealed interface Action {

  /** {@code postOrder} by customer {@code actor}. */
  record Post(int actor, Input input, Token token, int pick, int quantity) implements Action {}

  /** {@code updateOrder} on a known order, by its owner or by {@code actor}. */
  record Update(int actor, int pick, boolean byOwner, Change change, Expect expect, int quantity) implements Action {}

  /** {@code deleteOrder} on a known order, by its owner or by {@code actor}. */
  record Delete(int actor, int pick, boolean byOwner) implements Action {}

  /** {@code order(id)} on a known order, by its owner or by {@code actor}. */
  record Get(int actor, int pick, boolean byOwner) implements Action {}

  /** {@code orders(limit, nextToken)} by {@code actor}. */
  record ListOrders(int actor, int limit, Paging paging) implements Action {}

  /** The consumer receives one message and holds it (processing may come later, out of order). */
  record Receive() implements Action {}

  /** The consumer processes a held message {@code copies} times, then deletes it unless it crashes first. */
  record Process(int pick, int copies, boolean acknowledge) implements Action {}

  /**
   * The mail consumer handles one waiting outcome notification {@code copies} times, then deletes it unless it
   * crashes first or a delivery failed.
   */
  record Mail(int pick, int copies, boolean acknowledge) implements Action {}

  /** Every held, unacknowledged message's visibility timeout expires. */
  record ExpireVisibility() implements Action {}

  /** One attempt of the current task of a running workflow execution. */
  record Step(int pick, Invocation invocation) implements Action {}

  /** The next call of a port operation fails transiently, before or after its effect. */
  record Fault(String operation, boolean afterEffect) implements Action {}

  enum Input { VALID, BLANK_NAME, LONG_NAME, CONTROL_CHARACTER, ZERO_QUANTITY, HUGE_QUANTITY, LONG_RESTAURANT, BAD_TOKEN }

  enum Token { NONE, FRESH, REPEAT }

  enum Change { QUANTITY, NAME, INVALID_QUANTITY, NOTHING }

  enum Expect { NONE, CURRENT, STALE, INVALID }

  enum Paging { ALL_PAGES, OTHER_CUSTOMERS_TOKEN, GARBAGE_TOKEN, BAD_LIMIT }

  /** How the task's invocation goes: normally, or timing out before or after the task's effect. */
  enum Invocation { NORMAL, TIMEOUT_BEFORE_EFFECT, TIMEOUT_AFTER_EFFECT }

  /** Port operations a fault can hit. */
  List<String> FAULTY_OPERATIONS = List.of(
      "repository.createIfAbsent", "repository.find", "repository.isDeleted", "repository.countPending", "repository.startPayment",
      "repository.transition", "repository.updateDetails", "repository.markNotified", "repository.delete",
      "repository.list", "queue.submit", "workflow.start", "notifier.publish", "payment.decide",
      "repository.claimEmail", "repository.markEmailed", "mailer.send");

  /** A random sequence of {@code length} actions over {@code customers} customers, the same for the same seed. */
  static List<Action> generate(long seed, int length, int customers) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Action> actions = new ArrayList<>(length);
    for (int i = 0; i < length; i++) {
      actions.add(next(random, customers));
    }
    return actions;
  }

  private static Action next(SplittableRandom r, int customers) {
    int actor = r.nextInt(customers);
    int pick = r.nextInt(1 << 16);
    int roll = r.nextInt(100);
    if (roll < 20) {
      Input input = r.nextInt(100) < 85 ? Input.VALID : pickOf(r, Input.values());
      return new Post(actor, input, pickOf(r, Token.values()), pick, 1 + r.nextInt(5));
    }
    if (roll < 28) {
      return new Update(actor, pick, r.nextInt(100) < 80, pickOf(r, Change.values()), pickOf(r, Expect.values()),
          1 + r.nextInt(1000));
    }
    if (roll < 34) {
      return new Delete(actor, pick, r.nextInt(100) < 85);
    }
    if (roll < 38) {
      return new Get(actor, pick, r.nextInt(100) < 70);
    }
    if (roll < 41) {
      return new ListOrders(actor, 1 + r.nextInt(4), r.nextInt(100) < 70 ? Paging.ALL_PAGES : pickOf(r, Paging.values()));
    }
    if (roll < 51) {
      return new Receive();
    }
    if (roll < 60) {
      return new Process(pick, 1 + r.nextInt(3), r.nextInt(100) < 85);
    }
    if (roll < 67) {
      return new Mail(pick, 1 + r.nextInt(3), r.nextInt(100) < 85);
    }
    if (roll < 70) {
      return new ExpireVisibility();
    }
    if (roll < 93) {
      int mode = r.nextInt(100);
      return new Step(pick, mode < 80 ? Invocation.NORMAL
          : mode < 90 ? Invocation.TIMEOUT_BEFORE_EFFECT : Invocation.TIMEOUT_AFTER_EFFECT);
    }
    return new Fault(FAULTY_OPERATIONS.get(r.nextInt(FAULTY_OPERATIONS.size())), r.nextBoolean());
  }

  private static <T> T pickOf(SplittableRandom r, T[] values) {
    return values[r.nextInt(values.length)];
  }
}
