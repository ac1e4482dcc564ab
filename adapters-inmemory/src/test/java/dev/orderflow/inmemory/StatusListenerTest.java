package dev.orderflow.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.core.application.PlaceOrderCommand;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.domain.OrderStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusListenerTest {

  @Test
  void seesEachStatusOnceEvenWhenMessagesAreDelivered3Times() {
    try (InMemoryOrderflow flow = InMemoryOrderflow.builder().deliveriesPerMessage(3)
        .payments(ScriptedPaymentGateway.approving()).build()) {
      List<Order> changes = new ArrayList<>();
      flow.repository().onStatusChange(changes::add);
      Order placed = flow.placeOrder().place(new PlaceOrderCommand(CustomerId.of("dana"),
          new OrderDetails("Gyoza", 6, "tokyo-3")));

      flow.runUntilQuiescent();

      assertThat(changes).extracting(Order::id).containsOnly(placed.id());
      assertThat(changes).extracting(Order::status).containsExactly(OrderStatus.PENDING, OrderStatus.SUCCESS);
    }
  }
}
