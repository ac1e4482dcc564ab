package dev.orderflow.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.core.fixtures.Orders;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OrderTest {
  private static final Instant T1 = Orders.T0.plusSeconds(1);

  @Test
  void aPlacedOrderIsPendingAtVersionOne() {
    OrderRequest request = Orders.aRequest().build();

    Order order = Order.place(request);

    assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
    assertThat(order.version()).isEqualTo(1);
    assertThat(order.createdAt()).isEqualTo(request.acceptedAt());
    assertThat(order.failure()).isEmpty();
    assertThat(order.notified()).isFalse();
  }

  @Test
  void completesOnceFromPending() {
    Order done = Orders.aRequest().pending().apply(StatusChange.success(T1));

    assertThat(done.status()).isEqualTo(OrderStatus.SUCCESS);
    assertThat(done.version()).isEqualTo(2);
    assertThat(done.updatedAt()).isEqualTo(T1);
    assertThatThrownBy(() -> done.apply(StatusChange.failure("late", T1))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void failsWithAReason() {
    Order failed = Orders.aRequest().pending().apply(StatusChange.failure("insufficient funds", T1));

    assertThat(failed.status()).isEqualTo(OrderStatus.FAILED);
    assertThat(failed.failure()).contains("insufficient funds");
  }

  @Test
  void revisesPendingAndFailedButNotSucceededOrders() {
    Order pending = Orders.aRequest().pending();
    DetailsChange change = new DetailsChange(null, 4, "other");

    Order revised = pending.revise(change, T1);
    Order failedRevised = pending.apply(StatusChange.failure("declined", T1)).revise(change, T1);

    assertThat(revised.details()).isEqualTo(new OrderDetails(pending.details().name(), 4, "other"));
    assertThat(revised.version()).isEqualTo(2);
    assertThat(failedRevised.version()).isEqualTo(3);
    Order succeeded = pending.apply(StatusChange.success(T1));
    assertThatThrownBy(() -> succeeded.revise(change, T1))
        .isInstanceOfSatisfying(OrderNotModifiableException.class,
            e -> assertThat(e.errorType()).isEqualTo("InvalidStateError"));
  }

  @Test
  void startingPaymentBumpsTheVersionAndFreezesTheDetailsUntilTheOutcome() {
    Order paying = Orders.aRequest().pending().startPayment(T1);

    assertThat(paying.version()).isEqualTo(2);
    assertThat(paying.paymentVersion()).isEqualTo(2);
    assertThat(paying.paymentKey()).endsWith(":2");
    assertThatThrownBy(() -> paying.revise(new DetailsChange(null, 1000, null), T1))
        .isInstanceOfSatisfying(OrderNotModifiableException.class, e -> {
          assertThat(e.errorType()).isEqualTo("InvalidStateError");
          assertThat(e.getMessage()).contains("being paid for");
        });
    assertThatThrownBy(() -> paying.startPayment(T1)).isInstanceOf(IllegalStateException.class);
    Order failed = paying.apply(StatusChange.failure("declined", T1));
    assertThat(failed.paymentVersion()).isEqualTo(2);
    assertThat(failed.revise(new DetailsChange(null, 3, null), T1).details().quantity()).isEqualTo(3);
    assertThatThrownBy(() -> Orders.aRequest().pending().paymentKey()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void onlyAFinalOutcomeIsNotified() {
    Order pending = Orders.aRequest().pending();

    assertThatThrownBy(pending::markNotified).isInstanceOf(IllegalStateException.class);
    assertThat(pending.apply(StatusChange.success(T1)).markNotified().notified()).isTrue();
  }

  @Test
  void aClientTokenYieldsOneIdPerCustomer() {
    CustomerId alice = CustomerId.of("alice");
    CustomerId bob = CustomerId.of("bob");

    assertThat(OrderId.fromClientToken(alice, "t1")).isEqualTo(OrderId.fromClientToken(alice, "t1"));
    assertThat(OrderId.fromClientToken(alice, "t1")).isNotEqualTo(OrderId.fromClientToken(bob, "t1"));
    assertThat(OrderId.fromClientToken(alice, "t1")).isNotEqualTo(OrderId.fromClientToken(alice, "t2"));
  }
}
