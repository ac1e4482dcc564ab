package dev.orderflow.lambda.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.core.application.CompleteOrder;
import dev.orderflow.core.application.DecidePayment;
import dev.orderflow.core.application.InitializeOrder;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.InvalidRequestException;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderStatus;
import dev.orderflow.core.port.OrderRepository;
import dev.orderflow.core.port.TransientFailureException;
import dev.orderflow.inmemory.InMemoryOrderNotifier;
import dev.orderflow.inmemory.ScriptedPaymentGateway;
import dev.orderflow.lambda.testing.LambdaJson;
import dev.orderflow.lambda.testing.Pipeline;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Step handlers against docs/workflow-contract.md: payloads and results in the runtime's JSON. */
class StepHandlersTest {
  private final Pipeline pipeline = new Pipeline();

  private static final String EXECUTION_INPUT = "{\"orderId\":\"order-1\",\"customer\":\"alice\",\"name\":\"Margherita\","
      + "\"quantity\":2,\"restaurantId\":\"r-1\",\"acceptedAt\":\"2026-01-01T00:00:00Z\"}";
  private static final String KEY = "{\"orderId\":\"order-1\",\"customer\":\"alice\"}";

  private static String json(Map<String, Object> output) {
    return LambdaJson.json(output);
  }

  @Test
  void initializeOrderCreatesThePendingOrderOnceAndAnswersTheSameWhenRepeated() {
    String first = json(pipeline.initializeOrder.handleRequest(LambdaJson.map(EXECUTION_INPUT), null));
    String again = json(pipeline.initializeOrder.handleRequest(LambdaJson.map(EXECUTION_INPUT), null));

    assertThat(first).isEqualTo("{\"orderId\":\"order-1\",\"customer\":\"alice\",\"status\":\"PENDING\",\"version\":1}");
    assertThat(again).isEqualTo(first);
    assertThat(pipeline.repository.find(CustomerId.of("alice"), OrderId.of("order-1")))
        .hasValueSatisfying(order -> assertThat(order.details().quantity()).isEqualTo(2));
  }

  @Test
  void initializeOrderRejectsAnInvalidRequest() {
    assertThatThrownBy(() -> pipeline.initializeOrder.handleRequest(
        LambdaJson.map(EXECUTION_INPUT.replace("\"quantity\":2", "\"quantity\":0")), null))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> pipeline.initializeOrder.handleRequest(
        LambdaJson.map(EXECUTION_INPUT.replace("2026-01-01T00:00:00Z", "yesterday")), null))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("acceptedAt");
  }

  @Test
  void decidePaymentApprovesOrDeclinesWithAReason() {
    pipeline.initializeOrder.handleRequest(LambdaJson.map(EXECUTION_INPUT), null);
    pipeline.initializeOrder.handleRequest(LambdaJson.map(EXECUTION_INPUT.replace("order-1", "order-2")), null);
    pipeline.decline("order-2", "payment method declined");

    assertThat(json(pipeline.decidePayment.handleRequest(LambdaJson.map(KEY), null))).isEqualTo("{\"approved\":true}");
    assertThat(json(pipeline.decidePayment.handleRequest(LambdaJson.map(KEY.replace("order-1", "order-2")), null)))
        .isEqualTo("{\"approved\":false,\"reason\":\"payment method declined\"}");
  }

  @Test
  void decidePaymentAsksTheGatewayOnceUnderTheOrdersKeyHoweverOftenItIsRepeated() {
    pipeline.initializeOrder.handleRequest(LambdaJson.map(EXECUTION_INPUT), null);

    String first = json(pipeline.decidePayment.handleRequest(LambdaJson.map(KEY), null));
    String again = json(pipeline.decidePayment.handleRequest(LambdaJson.map(KEY), null));

    assertThat(first).isEqualTo("{\"approved\":true}");
    assertThat(again).isEqualTo(first);
    assertThat(pipeline.payments.charges()).singleElement()
        .satisfies(charge -> assertThat(charge.idempotencyKey()).isEqualTo("order-1:2"))
        .satisfies(charge -> assertThat(charge.order().version()).isEqualTo(2));
  }

  @Test
  void initializeOrderForADeletedOrderNeverCreatesItAndReportsItDeleted() {
    pipeline.repository.delete(CustomerId.of("alice"), OrderId.of("order-1"));

    String output = json(pipeline.initializeOrder.handleRequest(LambdaJson.map(EXECUTION_INPUT), null));

    assertThat(output).isEqualTo("{\"orderId\":\"order-1\",\"customer\":\"alice\",\"status\":\"DELETED\"}");
    assertThat(pipeline.repository.find(CustomerId.of("alice"), OrderId.of("order-1"))).isEmpty();
  }

  @Test
  void decidePaymentForADeletedOrderChargesNothingAndReportsItDeleted() {
    pipeline.initializeOrder.handleRequest(LambdaJson.map(EXECUTION_INPUT), null);
    pipeline.repository.delete(CustomerId.of("alice"), OrderId.of("order-1"));

    assertThat(json(pipeline.decidePayment.handleRequest(LambdaJson.map(KEY), null)))
        .isEqualTo("{\"approved\":false,\"deleted\":true}");
    assertThat(pipeline.payments.charges()).isEmpty();
  }

  @Test
  void completeOrderSetsSuccessAndNotifiesOnceWhenRepeated() {
    pipeline.initializeOrder.handleRequest(LambdaJson.map(EXECUTION_INPUT), null);

    String first = json(pipeline.completeOrder.handleRequest(LambdaJson.map(KEY), null));
    String again = json(pipeline.completeOrder.handleRequest(LambdaJson.map(KEY), null));

    assertThat(first).isEqualTo("{\"orderId\":\"order-1\",\"customer\":\"alice\",\"status\":\"SUCCESS\"}");
    assertThat(again).isEqualTo(first);
    assertThat(pipeline.notifier.published()).hasSize(1);
  }

  @Test
  void completeOrFailADeletedOrderAnswersWithoutStatus() {
    assertThat(json(pipeline.completeOrder.handleRequest(LambdaJson.map(KEY), null)))
        .isEqualTo("{\"orderId\":\"order-1\",\"customer\":\"alice\"}");
    assertThat(json(pipeline.failOrder.handleRequest(LambdaJson.map(KEY), null)))
        .isEqualTo("{\"orderId\":\"order-1\",\"customer\":\"alice\"}");
    assertThat(pipeline.notifier.published()).isEmpty();
  }

  @Test
  void failOrderTakesTheDeclineReason() {
    pipeline.initializeOrder.handleRequest(LambdaJson.map(EXECUTION_INPUT), null);
    String state = EXECUTION_INPUT.replace("}", ",\"initialized\":{\"orderId\":\"order-1\",\"customer\":\"alice\","
        + "\"status\":\"PENDING\",\"version\":1},\"payment\":{\"approved\":false,\"reason\":\"card expired\"}}");

    assertThat(json(pipeline.failOrder.handleRequest(LambdaJson.map(state), null)))
        .isEqualTo("{\"orderId\":\"order-1\",\"customer\":\"alice\",\"status\":\"FAILED\"}");
    assertThat(pipeline.repository.find(CustomerId.of("alice"), OrderId.of("order-1")))
        .hasValueSatisfying(order -> assertThat(order.failureReason()).isEqualTo("card expired"));
    assertThat(pipeline.notifier.published()).singleElement()
        .satisfies(order -> assertThat(order.status()).isEqualTo(OrderStatus.FAILED));
  }

  @Test
  void failOrderNamesACaughtError() {
    pipeline.initializeOrder.handleRequest(LambdaJson.map(EXECUTION_INPUT), null);
    String state = EXECUTION_INPUT.replace("}", ",\"payment\":{\"approved\":true},"
        + "\"error\":{\"Error\":\"Lambda.Unknown\",\"Cause\":\"The function timed out\"}}");

    pipeline.failOrder.handleRequest(LambdaJson.map(state), null);

    assertThat(pipeline.repository.find(CustomerId.of("alice"), OrderId.of("order-1")))
        .hasValueSatisfying(order -> assertThat(order.failureReason()).isEqualTo("processing failed: Lambda.Unknown"));
  }

  @Test
  void failOrderRecordsAnOrderWhoseInitialisationNeverSucceeded() {
    String state = EXECUTION_INPUT.replace("}", ",\"error\":{\"Error\":\"Lambda.Unknown\",\"Cause\":\"boom\"}}");

    String output = json(pipeline.failOrder.handleRequest(LambdaJson.map(state), null));

    assertThat(output).contains("\"status\":\"FAILED\"");
    assertThat(pipeline.repository.find(CustomerId.of("alice"), OrderId.of("order-1")))
        .hasValueSatisfying(order -> {
          assertThat(order.status()).isEqualTo(OrderStatus.FAILED);
          assertThat(order.failureReason()).isEqualTo("processing failed: Lambda.Unknown");
          assertThat(order.details().name()).isEqualTo("Margherita");
        });
  }

  @Test
  void failOrderDoesNotRecreateAnInitialisedOrderTheCustomerDeleted() {
    pipeline.initializeOrder.handleRequest(LambdaJson.map(EXECUTION_INPUT), null);
    pipeline.repository.delete(CustomerId.of("alice"), OrderId.of("order-1"));
    String state = EXECUTION_INPUT.replace("}", ",\"initialized\":{\"status\":\"PENDING\"},"
        + "\"error\":{\"Error\":\"dev.orderflow.core.domain.OrderNotFoundException\",\"Cause\":\"gone\"}}");

    String output = json(pipeline.failOrder.handleRequest(LambdaJson.map(state), null));

    assertThat(output).doesNotContain("status");
    assertThat(pipeline.repository.find(CustomerId.of("alice"), OrderId.of("order-1"))).isEmpty();
  }

  @Test
  void failOrderWithoutAReasonUsesTheDefault() {
    assertThat(FailOrderHandler.reason(LambdaJson.map(KEY))).isNull();
    pipeline.initializeOrder.handleRequest(LambdaJson.map(EXECUTION_INPUT), null);

    pipeline.failOrder.handleRequest(LambdaJson.map(KEY), null);

    assertThat(pipeline.repository.find(CustomerId.of("alice"), OrderId.of("order-1")))
        .hasValueSatisfying(order -> assertThat(order.failureReason()).isEqualTo("order processing failed"));
  }

  /** A subclass of the core's transient failure, as an adapter might throw. */
  static final class ThrottledException extends TransientFailureException {
    ThrottledException() {
      super("DynamoDB throttled");
    }
  }

  @Test
  void aTransientFailureLeavesEveryStepAsExactlyTheErrorNameTheRetryMatches() {
    OrderRepository throttled = (OrderRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {OrderRepository.class}, (proxy, method, args) -> {
          throw new ThrottledException();
        });
    InitializeOrderHandler initialize = new InitializeOrderHandler(new InitializeOrder(throttled));
    DecidePaymentHandler decide = new DecidePaymentHandler(new DecidePayment(throttled, ScriptedPaymentGateway.approving(), pipeline.clock));
    CompleteOrderHandler complete = new CompleteOrderHandler(
        new CompleteOrder(throttled, new InMemoryOrderNotifier(), pipeline.clock));

    for (Runnable step : new Runnable[] {
        () -> initialize.handleRequest(LambdaJson.map(EXECUTION_INPUT), null),
        () -> decide.handleRequest(LambdaJson.map(KEY), null),
        () -> complete.handleRequest(LambdaJson.map(KEY), null)}) {
      assertThatThrownBy(step::run)
          .satisfies(e -> assertThat(e.getClass().getName()).isEqualTo("dev.orderflow.core.port.TransientFailureException"))
          .hasMessage("DynamoDB throttled")
          .hasCauseInstanceOf(ThrottledException.class);
    }
    assertThat(Steps.TRANSIENT_ERROR).isEqualTo("dev.orderflow.core.port.TransientFailureException");
  }

  @Test
  void theWholeWorkflowRunsOnTheContractAndEndsInOneFinalStatus() {
    Map<String, Object> approved = pipeline.runStateMachine(
        dev.orderflow.core.port.OrderMessageFormat.decode(EXECUTION_INPUT));
    assertThat(approved).containsEntry("result", Map.of("orderId", "order-1", "customer", "alice", "status", "SUCCESS"))
        .containsEntry("payment", Map.of("approved", true));

    pipeline.decline("order-2", "insufficient funds");
    Map<String, Object> declined = pipeline.runStateMachine(
        dev.orderflow.core.port.OrderMessageFormat.decode(EXECUTION_INPUT.replace("order-1", "order-2")));
    assertThat(declined).containsEntry("result", Map.of("orderId", "order-2", "customer", "alice", "status", "FAILED"));
    assertThat(pipeline.notifier.published()).extracting(o -> o.id().value()).containsExactly("order-1", "order-2");
  }

  @Test
  void aRunForAnOrderDeletedBeforeItStartedEndsCancelledWithoutChargingOrNotifying() {
    pipeline.repository.delete(CustomerId.of("alice"), OrderId.of("order-1"));

    Map<String, Object> cancelled = pipeline.runStateMachine(
        dev.orderflow.core.port.OrderMessageFormat.decode(EXECUTION_INPUT));

    assertThat(cancelled).containsEntry("initialized", Map.of("orderId", "order-1", "customer", "alice", "status", "DELETED"))
        .doesNotContainKeys("payment", "result");
    assertThat(pipeline.repository.find(CustomerId.of("alice"), OrderId.of("order-1"))).isEmpty();
    assertThat(pipeline.payments.charges()).isEmpty();
    assertThat(pipeline.notifier.published()).isEmpty();
  }

  @Test
  void primingRunsEveryStepsMappingCode() {
    InitializeOrderHandler.prime();
    DecidePaymentHandler.prime();
    CompleteOrderHandler.prime();
    FailOrderHandler.prime();

    assertThat(FailOrderHandler.reason(SampleSteps.declinedState())).isEqualTo("payment method declined");
    assertThat(InitializeOrderHandler.request(SampleSteps.executionInput()).id()).isEqualTo(OrderId.of("sample-order"));
  }
}
