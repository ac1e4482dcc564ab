package dev.orderflow.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.PaymentDecision;
import dev.orderflow.core.fixtures.Orders;
import dev.orderflow.core.port.PaymentGateway;
import org.junit.jupiter.api.Test;

/**
 * The {@link PaymentGateway} contract: a decision, idempotent by key — asked again with the same key, the
 * gateway gives the first decision and charges no more. Gateways that record charges expose them through
 * {@link #chargesFor(String)}.
 */
public abstract class PaymentGatewayContract {

  /** The gateway under test. */
  protected abstract PaymentGateway gateway();

  /** How often the gateway charged under this key; a gateway that charges nothing real returns 0. */
  protected abstract int chargesFor(String idempotencyKey);

  @Test
  void decidesTheSameWayWhenAskedAgainWithTheSameKey() {
    for (int i = 0; i < 50; i++) {
      Order order = Orders.aRequest().paying();
      PaymentDecision first = gateway().decide(order.paymentKey(), order);

      assertThat(gateway().decide(order.paymentKey(), order)).isEqualTo(first);
      assertThat(gateway().decide(order.paymentKey(), order)).isEqualTo(first);
      assertThat(chargesFor(order.paymentKey())).isLessThanOrEqualTo(first.approved() ? 1 : 0);
    }
  }

  @Test
  void aDeclineAlwaysHasAReason() {
    for (int i = 0; i < 50; i++) {
      Order order = Orders.aRequest().paying();
      PaymentDecision decision = gateway().decide(order.paymentKey(), order);

      assertThat(decision.approved() || !decision.declineReason().isBlank()).isTrue();
    }
  }
}
