package dev.orderflow.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.PaymentDecision;
import dev.orderflow.core.fixtures.Orders;
import dev.orderflow.core.port.PaymentGateway;
import org.junit.jupiter.api.Test;

/** The {@link dev.orderflow.core.port.PaymentGateway} contract: a decision, repeatable for the same order. */
public abstract class PaymentGatewayContract {

  /** The gateway under test. */
  protected abstract PaymentGateway gateway();

  @Test
  void decidesTheSameWayWhenAskedAgain() {
    for (int i = 0; i < 50; i++) {
      Order order = Orders.aRequest().pending();
      PaymentDecision first = gateway().decide(order);

      assertThat(gateway().decide(order)).isEqualTo(first);
    }
  }

  @Test
  void aDeclineAlwaysHasAReason() {
    for (int i = 0; i < 50; i++) {
      PaymentDecision decision = gateway().decide(Orders.aRequest().pending());

      assertThat(decision.approved() || !decision.declineReason().isBlank()).isTrue();
    }
  }
}
