package dev.orderflow.core.port;

import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.PaymentDecision;

/**
 * Decides whether an order is paid. Implementations should decide the same way when asked again for
 * the same order; the workflow applies only the first decision either way (the status is set once).
 */
public interface PaymentGateway {

  /** @throws TransientFailureException if no decision could be had now */
  PaymentDecision decide(Order order);
}
