package dev.orderflow.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.core.fixtures.Orders;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OrderChangeTest {
  private static final Instant LATER = Orders.T0.plusSeconds(5);

  @Test
  void aNewOrderIsCreated() {
    Order pending = Orders.aRequest().pending();

    OrderChange change = OrderChange.between(Optional.empty(), pending).orElseThrow();

    assertThat(change.kind()).isEqualTo(OrderChange.Kind.CREATED);
    assertThat(change.orderAfter()).contains(pending);
    assertThat(change.customer()).isEqualTo(pending.customer());
    assertThat(change.isDeletion()).isFalse();
  }

  @Test
  void eachVersionStepIsNamedByWhatMoved() {
    Order pending = Orders.aRequest().pending();
    Order revised = pending.revise(new DetailsChange("Calzone", null, null), LATER);
    Order paying = revised.startPayment(LATER);
    Order failed = paying.apply(StatusChange.failure("payment method declined", LATER));

    assertThat(OrderChange.between(Optional.of(pending), revised).orElseThrow().kind())
        .isEqualTo(OrderChange.Kind.DETAILS_CHANGED);
    assertThat(OrderChange.between(Optional.of(revised), paying).orElseThrow().kind())
        .isEqualTo(OrderChange.Kind.PAYMENT_STARTED);
    OrderChange outcome = OrderChange.between(Optional.of(paying), failed).orElseThrow();
    assertThat(outcome.kind()).isEqualTo(OrderChange.Kind.STATUS_CHANGED);
    assertThat(outcome.order().failureReason()).isEqualTo("payment method declined");
  }

  @Test
  void aWriteThatKeepsTheVersionIsNoChange() {
    Order done = Orders.aRequest().paying().apply(StatusChange.success(LATER));

    assertThat(OrderChange.between(Optional.of(done), done.markNotified())).isEmpty();
  }

  @Test
  void aDeletionCarriesOnlyIdAndOwner() {
    Order pending = Orders.aRequest().pending();

    OrderChange deletion = OrderChange.deleted(pending.customer(), pending.id());

    assertThat(deletion.isDeletion()).isTrue();
    assertThat(deletion.orderAfter()).isEmpty();
    assertThatThrownBy(() -> new OrderChange(OrderChange.Kind.DELETED, pending.id(), pending.customer(), pending))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new OrderChange(OrderChange.Kind.CREATED, pending.id(), pending.customer(), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aChangeBelongsToItsOrdersOwner() {
    Order pending = Orders.aRequest().pending();

    assertThatThrownBy(() -> new OrderChange(OrderChange.Kind.CREATED, pending.id(), Orders.aCustomer(), pending))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("customer");
  }
}
