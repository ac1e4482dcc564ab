package dev.orderflow.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.core.application.PlaceOrderCommand;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.EmailAddress;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.domain.OrderStatus;
import org.junit.jupiter.api.Test;

/** The example of docs/guides/testing-with-the-harness.md, kept compiling and passing by the build. */
class HarnessExampleTest {

  @Test
  void aDeclinedOrderIsFailedAndTheCustomerIsTold() {
    // start:example
    ScriptedPaymentGateway payments = ScriptedPaymentGateway.approving()
        .declineName("Caviar", "insufficient funds");
    try (InMemoryOrderflow flow = InMemoryOrderflow.builder()
        .payments(payments)
        .deliveriesPerMessage(2)            // at-least-once delivery, at its worst
        .faults(Faults.failing(0.1, 42))    // 10% transient faults on every port, reproducible
        .build()) {
      CustomerId alice = CustomerId.of("alice");
      EmailAddress aliceMail = EmailAddress.of("alice@example.com"); // her verified address, if she gave one
      Order placed = retrying(() -> flow.placeOrder().place(new PlaceOrderCommand(
          alice, new OrderDetails("Caviar", 1, "petrossian"), "alice-caviar-1", aliceMail)));

      flow.runUntilQuiescent();             // queue → consumer → workflow → repository → notifier → mailer

      Order order = retrying(() -> flow.repository().find(alice, placed.id())).orElseThrow();
      assertThat(order.status()).isEqualTo(OrderStatus.FAILED);
      assertThat(order.failureReason()).isEqualTo("insufficient funds");
      assertThat(flow.notifier().publishedFor(placed.id())).isNotEmpty()
          .allSatisfy(n -> assertThat(n.status()).isEqualTo(OrderStatus.FAILED));
      assertThat(flow.mailer().sentTo(aliceMail)).isNotEmpty()
          .allSatisfy(email -> assertThat(email.text()).contains("Reason: insufficient funds"));
      assertThat(flow.queue().deadLetters()).isEmpty();
    }
    // end:example
  }

  private static <T> T retrying(java.util.function.Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (dev.orderflow.core.port.TransientFailureException e) {
        if (attempt == 20) {
          throw e;
        }
      }
    }
  }
}
