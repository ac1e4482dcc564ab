package dev.orderflow.aws.sns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.StatusChange;
import dev.orderflow.core.fixtures.Orders;
import org.junit.jupiter.api.Test;

class SnsOrderNotifierTest {

  @Test
  void describesTheOutcomeAsEscapedJson() {
    Order order = Orders.aRequest().withId(OrderId.of("o-1")).withDetails("Quote \"x\" \\", 4, "r-9")
        .forCustomer(dev.orderflow.core.domain.CustomerId.of("c-1")).pending()
        .apply(StatusChange.failure("card\nexpired", Orders.T0));

    assertThat(SnsOrderNotifier.message(order)).isEqualTo("{\"orderId\":\"o-1\",\"customer\":\"c-1\","
        + "\"status\":\"FAILED\",\"failureReason\":\"card\\nexpired\",\"name\":\"Quote \\\"x\\\" \\\\\","
        + "\"quantity\":4,\"restaurantId\":\"r-9\",\"updatedAt\":\"2026-01-01T12:00:00Z\"}");
  }

  @Test
  void aSuccessHasANullReason() {
    Order order = Orders.aRequest().pending().apply(StatusChange.success(Orders.T0));

    assertThat(SnsOrderNotifier.message(order)).contains("\"status\":\"SUCCESS\",\"failureReason\":null,");
  }
}
