package dev.orderflow.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.domain.StatusChange;
import dev.orderflow.core.fixtures.Orders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class OrderMessageFormatTest {

  @Test
  void roundTripsEveryField() {
    OrderRequest request = Orders.aRequest().withDetails("Tom \"Yum\" \\ soup 🍜", 12, "thai-1").build();

    assertThat(OrderMessageFormat.decode(OrderMessageFormat.encode(request))).isEqualTo(request);
  }

  @Test
  void carriesTheEmailAddressOnlyWhenThereIsOne() {
    OrderRequest with = Orders.aRequest().emailTo("Ada+1@Example.com").build();
    OrderRequest without = Orders.aRequest().build();

    assertThat(OrderMessageFormat.encode(with)).contains("\"email\":\"Ada+1@example.com\"");
    assertThat(OrderMessageFormat.decode(OrderMessageFormat.encode(with))).isEqualTo(with);
    assertThat(OrderMessageFormat.encode(without)).doesNotContain("email");
    assertThat(OrderMessageFormat.decode(OrderMessageFormat.encode(without)).email()).isEmpty();
  }

  @Test
  void anInvalidEmailAddressMakesTheMessageMalformed() {
    String body = OrderMessageFormat.encode(Orders.aRequest().build()).replace("}", ",\"email\":\"a@b\\r\\nBcc: x\"}");

    assertThatThrownBy(() -> OrderMessageFormat.decode(body)).isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("email");
  }

  @Test
  void theOutcomeNeverCarriesTheAddressAndNamesItsOrder() {
    Order order = Orders.aRequest().emailTo("ada@example.com").pending()
        .apply(StatusChange.failure("card expired", Orders.T0));

    String outcome = OrderMessageFormat.encodeOutcome(order);

    assertThat(outcome).doesNotContain("ada@example.com").doesNotContain("email");
    assertThat(OrderMessageFormat.decodeOutcome(outcome))
        .isEqualTo(new OrderMessageFormat.OrderRef(order.customer(), order.id()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "[]", "{\"orderId\":\"o\",\"customer\":\"c\"}",
      "{\"orderId\":\"o\",\"customer\":\"c\",\"status\":\"PENDING\"}",
      "{\"orderId\":\"o\",\"customer\":\"c\",\"status\":\"LOST\"}",
      "{\"orderId\":\"o/x\",\"customer\":\"c\",\"status\":\"SUCCESS\"}",
      "{\"customer\":\"c\",\"status\":\"SUCCESS\"}"})
  void anUnreadableOutcomeIsMalformed(String body) {
    assertThatThrownBy(() -> OrderMessageFormat.decodeOutcome(body)).isInstanceOf(MalformedMessageException.class);
  }

  @Test
  void readsAnyKeyOrderAndIgnoresUnknownKeys() {
    String body = " { \"quantity\" : 3, \"extra\": [1], \"restaurantId\":\"r\", \"name\":\"caf\\u00e9\","
        + " \"customer\":\"c\", \"orderId\":\"o-1\", \"acceptedAt\":\"2026-01-01T00:00:00Z\" } ";

    assertThatThrownBy(() -> OrderMessageFormat.decode(body)).isInstanceOf(MalformedMessageException.class);

    OrderRequest request = OrderMessageFormat.decode(body.replace("\"extra\": [1],", "\"extra\": null,"));
    assertThat(request.details().name()).isEqualTo("café");
    assertThat(request.details().quantity()).isEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "not json", "{", "[]", "{\"orderId\":\"o\"}",
      "{\"orderId\":\"o\",\"customer\":\"c\",\"name\":\"n\",\"quantity\":\"2\",\"restaurantId\":\"r\",\"acceptedAt\":\"2026-01-01T00:00:00Z\"}",
      "{\"orderId\":\"o\",\"customer\":\"c\",\"name\":\"n\",\"quantity\":2.5,\"restaurantId\":\"r\",\"acceptedAt\":\"2026-01-01T00:00:00Z\"}",
      "{\"orderId\":\"o\",\"customer\":\"c\",\"name\":\"n\",\"quantity\":0,\"restaurantId\":\"r\",\"acceptedAt\":\"2026-01-01T00:00:00Z\"}",
      "{\"orderId\":\"o/x\",\"customer\":\"c\",\"name\":\"n\",\"quantity\":1,\"restaurantId\":\"r\",\"acceptedAt\":\"2026-01-01T00:00:00Z\"}",
      "{\"orderId\":\"o\",\"customer\":\"c\",\"name\":\"n\",\"quantity\":1,\"restaurantId\":\"r\",\"acceptedAt\":\"yesterday\"}",
      "{\"orderId\":\"o\",\"customer\":\"c\",\"name\":\"n\",\"quantity\":1,\"restaurantId\":\"r\",\"acceptedAt\":\"2026-01-01T00:00:00Z\"} x"
  })
  void rejectsAnythingElseAsMalformed(String body) {
    assertThatThrownBy(() -> OrderMessageFormat.decode(body)).isInstanceOf(MalformedMessageException.class);
  }

  @Test
  void encodesAnOutcomeWithItsReasonOrANullReason() {
    var failed = Orders.aRequest().withId(dev.orderflow.core.domain.OrderId.of("o-1"))
        .forCustomer(dev.orderflow.core.domain.CustomerId.of("c-1")).withDetails("Soup \"hot\"", 2, "r-1").pending()
        .apply(dev.orderflow.core.domain.StatusChange.failure("card expired", Orders.T0));

    assertThat(OrderMessageFormat.encodeOutcome(failed)).isEqualTo("{\"orderId\":\"o-1\",\"customer\":\"c-1\","
        + "\"status\":\"FAILED\",\"failureReason\":\"card expired\",\"name\":\"Soup \\\"hot\\\"\",\"quantity\":2,"
        + "\"restaurantId\":\"r-1\",\"updatedAt\":\"2026-01-01T12:00:00Z\"}");
    assertThat(OrderMessageFormat.encodeOutcome(Orders.aRequest().pending()
        .apply(dev.orderflow.core.domain.StatusChange.success(Orders.T0)))).contains("\"failureReason\":null,");
  }
}
