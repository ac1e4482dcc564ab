package dev.orderflow.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.core.application.PlaceOrder;
import dev.orderflow.core.application.PlaceOrderCommand;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.LimitExceededException;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.domain.StatusChange;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A customer may have at most {@link PlaceOrder#MAX_PENDING_ORDERS} recorded orders waiting for their outcome. */
class PendingOrdersLimitTest {
  private final CustomerId alice = CustomerId.of("alice");
  private final OrderDetails pizza = new OrderDetails("Pizza", 1, "luigis");

  @Test
  void aNewOrderBeyondTheLimitIsRefusedWithNothingEnqueuedUntilOneIsFinal() {
    try (InMemoryOrderflow flow = InMemoryOrderflow.builder().build()) {
      for (int i = 0; i < PlaceOrder.MAX_PENDING_ORDERS; i++) {
        flow.repository().createIfAbsent(Order.place(
            new OrderRequest(OrderId.of("waiting-" + i), alice, pizza, InMemoryOrderflow.START)));
      }

      assertThatThrownBy(() -> flow.placeOrder().place(new PlaceOrderCommand(alice, pizza)))
          .isInstanceOfSatisfying(LimitExceededException.class, e -> {
            assertThat(e.errorType()).isEqualTo("LimitExceeded");
            assertThat(e.getMessage()).contains(String.valueOf(PlaceOrder.MAX_PENDING_ORDERS));
          });
      assertThatThrownBy(() -> flow.placeOrder().placeAll(List.of(new PlaceOrderCommand(CustomerId.of("bob"), pizza),
          new PlaceOrderCommand(alice, pizza)))).isInstanceOf(LimitExceededException.class);
      assertThat(flow.queue().pending()).isZero();
      assertThat(flow.placeOrder().place(new PlaceOrderCommand(CustomerId.of("bob"), pizza)).status().isFinal())
          .as("another customer is not limited").isFalse();

      flow.repository().transition(alice, OrderId.of("waiting-0"), StatusChange.success(InMemoryOrderflow.START));

      assertThat(flow.placeOrder().place(new PlaceOrderCommand(alice, pizza)).customer()).isEqualTo(alice);
      assertThat(flow.queue().pending()).isEqualTo(2);
    }
  }

  @Test
  void repeatingAnExistingOrdersClientTokenIsNotLimited() {
    try (InMemoryOrderflow flow = InMemoryOrderflow.builder().build()) {
      PlaceOrderCommand repeated = new PlaceOrderCommand(alice, pizza, "mine");
      Order placed = flow.placeOrder().place(repeated);
      flow.initializeOrder().initialize(new OrderRequest(placed.id(), alice, pizza, placed.createdAt()));
      for (int i = 1; i < PlaceOrder.MAX_PENDING_ORDERS; i++) {
        flow.repository().createIfAbsent(Order.place(
            new OrderRequest(OrderId.of("waiting-" + i), alice, pizza, InMemoryOrderflow.START)));
      }

      assertThat(flow.placeOrder().place(repeated).id()).isEqualTo(placed.id());
    }
  }
}
