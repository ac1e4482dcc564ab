package dev.orderflow.core.payment;

import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.PaymentDecision;
import dev.orderflow.core.port.PaymentGateway;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A stand-in payment provider: approves a configurable share of orders and declines the rest with a
 * reason. The decision is a pure function of the seed and the idempotency key, so asking again with the
 * same key (a retried step) gets the same answer and charges nothing more — this gateway keeps no state
 * and charges nothing real — and a run with the same seed is reproducible.
 */
public final class SimulatedPaymentGateway implements PaymentGateway {
  /** The default share of approvals: about half of the orders are declined, as in the original demo system. */
  public static final double DEFAULT_APPROVAL_RATE = 0.5;

  static final List<String> DECLINE_REASONS = List.of(
      "payment method declined", "insufficient funds", "card expired", "suspected fraud");

  /** The reasons this gateway declines with: a fixed set (e.g. for a low-cardinality metric dimension). */
  public static List<String> declineReasons() {
    return DECLINE_REASONS;
  }

  private final long seed;
  private final double approvalRate;

  /**
   * @param seed any number; the same seed decides the same way
   * @param approvalRate share of approvals, 0.0 (decline all) to 1.0 (approve all)
   */
  public SimulatedPaymentGateway(long seed, double approvalRate) {
    if (!(approvalRate >= 0.0 && approvalRate <= 1.0)) {
      throw new IllegalArgumentException("approvalRate must be between 0.0 and 1.0, was " + approvalRate);
    }
    this.seed = seed;
    this.approvalRate = approvalRate;
  }

  @Override
  public PaymentDecision decide(String idempotencyKey, Order order) {
    long h = mix(seed ^ fnv1a(idempotencyKey));
    double draw = (h >>> 11) * 0x1.0p-53;
    if (draw < approvalRate) {
      return PaymentDecision.approve();
    }
    return PaymentDecision.decline(DECLINE_REASONS.get((int) Long.remainderUnsigned(mix(h), DECLINE_REASONS.size())));
  }

  private static long fnv1a(String text) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
    }
    return hash;
  }

  /** SplitMix64's finaliser: spreads every input bit over the output. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
