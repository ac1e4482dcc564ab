package dev.orderflow.lambda.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.EmailAddress;
import dev.orderflow.core.domain.InvalidRequestException;
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.port.OrderMessageFormat;
import dev.orderflow.lambda.testing.LambdaJson;
import dev.orderflow.lambda.testing.Pipeline;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The customer's address for the outcome email travels in the execution input and stays on the order. */
class InitializeOrderEmailTest {
  private final Pipeline pipeline = new Pipeline();

  /** The execution input as the queue consumer starts it: the order message, plus its start id. */
  private static Map<String, Object> executionInput(EmailAddress email) {
    OrderRequest request = new OrderRequest(OrderId.of("order-1"), CustomerId.of("alice"),
        new OrderDetails("Margherita", 2, "r-1"), Instant.parse("2026-01-01T00:00:00Z"), email);
    Map<String, Object> input = LambdaJson.map(OrderMessageFormat.encode(request));
    input.put("startId", "4f6c1d2e-0000-4000-8000-000000000001");
    return input;
  }

  @Test
  void anExecutionInputWithAnEmailRecordsTheOrderWithIt() {
    Map<String, Object> input = executionInput(EmailAddress.of("alice@example.com"));
    assertThat(input).containsEntry("email", "alice@example.com");

    pipeline.initializeOrder.handleRequest(input, null);

    assertThat(pipeline.repository.find(CustomerId.of("alice"), OrderId.of("order-1")))
        .hasValueSatisfying(order -> assertThat(order.email()).contains(EmailAddress.of("alice@example.com")));
  }

  @Test
  void anExecutionInputWithoutOneRecordsTheOrderWithout() {
    Map<String, Object> input = executionInput(null);
    assertThat(input).doesNotContainKey("email");

    pipeline.initializeOrder.handleRequest(input, null);

    assertThat(pipeline.repository.find(CustomerId.of("alice"), OrderId.of("order-1")))
        .hasValueSatisfying(order -> assertThat(order.email()).isEmpty());
  }

  @Test
  void anOrderFailOrderRecordsAfterItsInitialisationKeptFailingKeepsTheAddressToo() {
    Map<String, Object> state = executionInput(EmailAddress.of("alice@example.com"));
    state.put("error", Map.of("Error", "Lambda.Unknown", "Cause", "boom"));

    pipeline.failOrder.handleRequest(LambdaJson.roundTrip(state), null);

    assertThat(pipeline.repository.find(CustomerId.of("alice"), OrderId.of("order-1")))
        .hasValueSatisfying(order -> assertThat(order.email()).contains(EmailAddress.of("alice@example.com")));
  }

  @Test
  void anInvalidAddressIsRefusedNamingTheField() {
    Map<String, Object> input = executionInput(null);
    input.put("email", "not an address");

    assertThatThrownBy(() -> pipeline.initializeOrder.handleRequest(input, null))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("email");
    assertThat(pipeline.repository.size()).isZero();
  }
}
