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

  @Test
  void approvesAboutTheConfiguredShare() {
    List<PaymentDecision> decisions = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      decisions.add(gateway.decide(Orders.aRequest().withId(OrderId.of("o-" + i)).pending()));
    }

    long approved = decisions.stream().filter(PaymentDecision::approved).count();
    assertThat(approved).isBetween(4_700L, 5_300L);
    assertThat(decisions).filteredOn(d -> !d.approved()).extracting(PaymentDecision::declineReason)
        .containsOnlyElementsOf(SimulatedPaymentGateway.DECLINE_REASONS)
        .contains("payment method declined");
  }

  @Test
  void theRateBoundsMeanAllOrNothing() {
    Order order = Orders.aRequest().pending();

    assertThat(new SimulatedPaymentGateway(1, 1.0).decide(order).approved()).isTrue();
    assertThat(new SimulatedPaymentGateway(1, 0.0).decide(order).approved()).isFalse();
    assertThatThrownBy(() -> new SimulatedPaymentGateway(1, 1.5)).hasMessageContaining("approvalRate");
  }

  @Test
  void anotherSeedDecidesOtherwise() {
    SimulatedPaymentGateway other = new SimulatedPaymentGateway(7, 0.5);
    int differ = 0;
    for (int i = 0; i < 200; i++) {
      Order order = Orders.aRequest().withId(OrderId.of("o-" + i)).pending();
      differ += gateway.decide(order).approved() != other.decide(order).approved() ? 1 : 0;
    }
    assertThat(differ).isGreaterThan(50);
  }
}
