package dev.orderflow.inmemory;

import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.PaymentDecision;
import dev.orderflow.core.port.PaymentGateway;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A payment gateway that decides as the test says: a default decision, overridden per order id or per
 * item name. {@code ScriptedPaymentGateway.approving().declineName("Caviar", "insufficient funds")}.
 * Idempotent by key, as the port requires: the first decision for a key is kept and returned again, and
 * an approval is charged once per key — {@link #charges()} records each charge with what was paid for.
 */
public final class ScriptedPaymentGateway implements PaymentGateway {
  /** An approved decision: the order as it was paid for, under its idempotency key. */
  public record Charge(String idempotencyKey, Order order) {}

  private final PaymentDecision byDefault;
  private final Map<OrderId, PaymentDecision> byOrder = new ConcurrentHashMap<>();
  private final Map<String, PaymentDecision> byName = new ConcurrentHashMap<>();
  private final Map<String, PaymentDecision> byKey = new ConcurrentHashMap<>();
  private final List<Charge> charges = new CopyOnWriteArrayList<>();

  private ScriptedPaymentGateway(PaymentDecision byDefault) {
    this.byDefault = byDefault;
  }

  public static ScriptedPaymentGateway approving() {
    return new ScriptedPaymentGateway(PaymentDecision.approve());
  }

  public static ScriptedPaymentGateway declining(String reason) {
    return new ScriptedPaymentGateway(PaymentDecision.decline(reason));
  }

  public ScriptedPaymentGateway decide(OrderId id, PaymentDecision decision) {
    byOrder.put(id, decision);
    return this;
  }

  public ScriptedPaymentGateway declineName(String itemName, String reason) {
    byName.put(itemName, PaymentDecision.decline(reason));
    return this;
  }

  public ScriptedPaymentGateway approveName(String itemName) {
    byName.put(itemName, PaymentDecision.approve());
    return this;
  }

  @Override
  public PaymentDecision decide(String idempotencyKey, Order order) {
    return byKey.computeIfAbsent(idempotencyKey, key -> {
      PaymentDecision scripted = byOrder.get(order.id());
      PaymentDecision decision = scripted != null ? scripted : byName.getOrDefault(order.details().name(), byDefault);
      if (decision.approved()) {
        charges.add(new Charge(key, order));
      }
      return decision;
    });
  }

  /** Every charge made, in order: one per approved key. */
  public List<Charge> charges() {
    return List.copyOf(charges);
  }
}
