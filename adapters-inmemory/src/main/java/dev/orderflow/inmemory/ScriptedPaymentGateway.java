package dev.orderflow.inmemory;

import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.PaymentDecision;
import dev.orderflow.core.port.PaymentGateway;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A payment gateway that decides as the test says: a default decision, overridden per order id or per
 * item name. {@code ScriptedPaymentGateway.approving().declineName("Caviar", "insufficient funds")}.
 */
public final class ScriptedPaymentGateway implements PaymentGateway {
  private final PaymentDecision byDefault;
  private final Map<OrderId, PaymentDecision> byOrder = new ConcurrentHashMap<>();
  private final Map<String, PaymentDecision> byName = new ConcurrentHashMap<>();
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
  public PaymentDecision decide(Order order) {
    PaymentDecision decision = byOrder.get(order.id());
    return decision != null ? decision : byName.getOrDefault(order.details().name(), byDefault);
  }
}
