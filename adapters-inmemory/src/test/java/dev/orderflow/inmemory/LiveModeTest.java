package dev.orderflow.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.core.application.PlaceOrderCommand;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderDetails;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Live mode: background consumer and workflow threads on the system clock, stopped by close(). */
class LiveModeTest {

  @Test
  void ordersReachAFinalStatusInTheBackgroundAndCloseStopsTheThreads() throws Exception {
    List<Order> placed = new ArrayList<>();
    CountDownLatch notified = new CountDownLatch(50);
    InMemoryOrderflow flow = InMemoryOrderflow.builder().live().consumerThreads(2).build();
    try {
      flow.notifier().subscribe(order -> notified.countDown());
      for (int i = 0; i < 50; i++) {
        placed.add(flow.placeOrder().place(new PlaceOrderCommand(CustomerId.of("c" + i % 3),
            new OrderDetails("Dish " + i, 1, "r"))));
      }

      assertThat(notified.await(30, TimeUnit.SECONDS)).isTrue();
      for (Order order : placed) {
        assertThat(flow.getOrder().get(order.customer(), order.id()).status().isFinal()).isTrue();
      }
    } finally {
      flow.close();
    }
    assertThat(Thread.getAllStackTraces().keySet()).noneSatisfy(
        t -> assertThat(t.getName()).startsWith("order-queue-consumer"));
  }
}
