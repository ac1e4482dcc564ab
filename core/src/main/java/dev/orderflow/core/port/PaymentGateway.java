package dev.orderflow.core.port;

import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.PaymentDecision;

/**
 * Decides whether an order is paid, and charges it when approved. Idempotent by key: asked again with the
 * same {@code idempotencyKey} (a retried or timed-out step), an implementation returns the first decision and
 * charges nothing more. The workflow passes {@link Order#paymentKey()} — the order id and the version the
 * decision is made for — so one order version is charged at most once.
 */
public interface PaymentGateway {

  /**
   * @param idempotencyKey the same for every repeat of one decision; see {@link Order#paymentKey()}
   * @param order the order as it is paid for
   * @throws TransientFailureException if no decision could be had now; asking again with the same key is safe
   */
  PaymentDecision decide(String idempotencyKey, Order order);
}
