package dev.orderflow.examples.harness;

import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.PaymentDecision;
import dev.orderflow.core.port.PaymentGateway;
import java.util.HashMap;
import java.util.Map;

/**
 * A payment gateway of our own: every customer has a house account with a credit of so many items; an order is
 * approved while it fits in what is left, and its items are charged to the account.
 *
 * <p>The port requires idempotency by key: the workflow retries a step that timed out, and the queue delivers a
 * message more than once, so the same decision is asked for again. The first decision for a key is kept and
 * returned again, and the account is charged once per key — otherwise a retry would spend the credit twice.
 */
public final class HouseAccountGateway implements PaymentGateway {
  private final int creditPerCustomer;
  private final Map<String, PaymentDecision> decisions = new HashMap<>();
  private final Map<CustomerId, Integer> spent = new HashMap<>();
  private final Map<String, Integer> charges = new HashMap<>();

  /** @param creditPerCustomer items each customer may order in total */
  public HouseAccountGateway(int creditPerCustomer) {
    this.creditPerCustomer = creditPerCustomer;
  }

  @Override
  public synchronized PaymentDecision decide(String idempotencyKey, Order order) {
    PaymentDecision earlier = decisions.get(idempotencyKey);
    if (earlier != null) {
      return earlier;
    }
    int used = spent.getOrDefault(order.customer(), 0);
    int quantity = order.details().quantity();
    PaymentDecision decision;
    if (used + quantity > creditPerCustomer) {
      decision = PaymentDecision.decline("house account credit of " + creditPerCustomer + " items exceeded");
    } else {
      spent.put(order.customer(), used + quantity);
      charges.merge(idempotencyKey, 1, Integer::sum);
      decision = PaymentDecision.approve();
    }
    decisions.put(idempotencyKey, decision);
    return decision;
  }

  /** Items charged to the customer's account so far. */
  public synchronized int spentBy(CustomerId customer) {
    return spent.getOrDefault(customer, 0);
  }

  /** How often the account was charged under this key: 0 or 1. */
  public synchronized int chargesFor(String idempotencyKey) {
    return charges.getOrDefault(idempotencyKey, 0);
  }

  /** Charges made, over every key. */
  public synchronized int charges() {
    return charges.values().stream().mapToInt(Integer::intValue).sum();
  }
}
