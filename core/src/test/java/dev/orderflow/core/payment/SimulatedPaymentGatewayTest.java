package dev.orderflow.core.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.core.contract.PaymentGatewayContract;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.PaymentDecision;
import dev.orderflow.core.fixtures.Orders;
import dev.orderflow.core.port.PaymentGateway;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedPaymentGatewayTest extends PaymentGatewayContract {
  private final SimulatedPaymentGateway gateway = new SimulatedPaymentGateway(42, 0.5);

  @Override
  protected PaymentGateway gateway() {
    return gateway;
  }

  @Override
  protected int chargesFor(String idempotencyKey) {
    return 0; // keeps no state and charges nothing real
  }

  @Test
  void theDecisionFollowsTheKey() {
    Order order = Orders.aRequest().paying();
    int differ = 0;
    for (int v = 0; v < 200; v++) {
      differ += gateway.decide(order.id().value() + ":" + v, order).approved()
          != gateway.decide(order.id().value() + ":" + (v + 1000), order).approved() ? 1 : 0;
    }
    assertThat(differ).isGreaterThan(50);
  }

  private static PaymentDecision decide(PaymentGateway gateway, Order order) {
    return gateway.decide(order.paymentKey(), order);
  }

  @Test
  void approvesAboutTheConfiguredShare() {
    List<PaymentDecision> decisions = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      decisions.add(decide(gateway, Orders.aRequest().withId(OrderId.of("o-" + i)).paying()));
    }

    long approved = decisions.stream().filter(PaymentDecision::approved).count();
    assertThat(approved).isBetween(4_700L, 5_300L);
    assertThat(decisions).filteredOn(d -> !d.approved()).extracting(PaymentDecision::declineReason)
        .containsOnlyElementsOf(SimulatedPaymentGateway.DECLINE_REASONS)
        .contains("payment method declined");
  }

  @Test
  void theRateBoundsMeanAllOrNothing() {
    Order order = Orders.aRequest().paying();

    assertThat(decide(new SimulatedPaymentGateway(1, 1.0), order).approved()).isTrue();
    assertThat(decide(new SimulatedPaymentGateway(1, 0.0), order).approved()).isFalse();
    assertThatThrownBy(() -> new SimulatedPaymentGateway(1, 1.5)).hasMessageContaining("approvalRate");
  }

  @Test
  void anotherSeedDecidesOtherwise() {
    SimulatedPaymentGateway other = new SimulatedPaymentGateway(7, 0.5);
    int differ = 0;
    for (int i = 0; i < 200; i++) {
      Order order = Orders.aRequest().withId(OrderId.of("o-" + i)).paying();
      differ += decide(gateway, order).approved() != decide(other, order).approved() ? 1 : 0;
    }
    assertThat(differ).isGreaterThan(50);
  }
}
