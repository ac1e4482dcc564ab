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
  private final Faults faults;

  private ScriptedPaymentGateway(PaymentDecision byDefault, Faults faults) {
    this.byDefault = byDefault;
    this.faults = faults;
  }

  public static ScriptedPaymentGateway approving() {
    return new ScriptedPaymentGateway(PaymentDecision.approve(), Faults.none());
  }

  public static ScriptedPaymentGateway declining(String reason) {
    return new ScriptedPaymentGateway(PaymentDecision.decline(reason), Faults.none());
  }

  /** The same script with fault injection on every decision. */
  public ScriptedPaymentGateway withFaults(Faults faults) {
    ScriptedPaymentGateway copy = new ScriptedPaymentGateway(byDefault, faults);
    copy.byOrder.putAll(byOrder);
    copy.byName.putAll(byName);
    return copy;
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
    return faults.call("payment.decide", () -> {
      PaymentDecision decision = byOrder.get(order.id());
      if (decision == null) {
        decision = byName.getOrDefault(order.details().name(), byDefault);
      }
      return decision;
    });
  }
}
