package dev.orderflow.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.core.application.CompleteOrder;
import dev.orderflow.core.application.DecidePayment;
import dev.orderflow.core.application.FailOrder;
import dev.orderflow.core.application.InitializeOrder;
import dev.orderflow.core.application.ProcessOrder;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderStatus;
import dev.orderflow.core.port.PaymentGateway;
import dev.orderflow.core.port.PermanentFailureException;
import dev.orderflow.core.port.TransientFailureException;
import dev.orderflow.inmemory.Faults;
import dev.orderflow.inmemory.InMemoryOrderNotifier;
import dev.orderflow.inmemory.InMemoryOrderRepository;
import dev.orderflow.inmemory.ManualClock;
import dev.orderflow.inmemory.ScriptedPaymentGateway;
import dev.orderflow.lambda.steps.CompleteOrderHandler;
import dev.orderflow.lambda.steps.DecidePaymentHandler;
import dev.orderflow.lambda.steps.FailOrderHandler;
import dev.orderflow.lambda.steps.InitializeOrderHandler;
import dev.orderflow.testing.servers.AslResult;
import dev.orderflow.testing.servers.AslRunner;
import dev.orderflow.testing.servers.TaskBridge;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Executes the synthesized state machine (aws-local-stepfunctions) against the real step handlers of
 * lambda-bootstrap on in-memory adapters. Each Lambda task reaches the test through a {@link TaskBridge}
 * and is routed by its Resource — the placeholder ARN of a {@code live} alias — to the handler class
 * named by that alias's function in the template, exactly as Lambda would route it.
 */
class WorkflowExecutionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);
  private static final String CUSTOMER = "customer-1";

  private static String definitionJson;
  /** Task resource (placeholder ARN) → handler name, from the template. */
  private static final Map<String, String> HANDLER_BY_RESOURCE = new HashMap<>();
  private static TaskBridge bridge;
  /** The current test's world; the bridge thread reads it. */
  private static volatile World world;

  @BeforeAll
  static void start() {
    TemplateJson template = new TemplateJson(Synthesized.production().template.toJSON());
    definitionJson = StateMachineDefinition.resolve(template);
    template.ofType("AWS::Lambda::Alias").forEach((aliasId, alias) -> {
      String functionId = TemplateJson.ref(TemplateJson.properties(alias).get("FunctionName"));
      String handler = (String) TemplateJson.properties(template.resource(functionId)).get("Handler");
      HANDLER_BY_RESOURCE.put(StateMachineDefinition.LAMBDA_ARN_PREFIX + aliasId, handler);
    });
    bridge = TaskBridge.start(call -> world.invoke(call));
  }

  @AfterAll
  static void stop() {
    if (bridge != null) {
      bridge.close();
    }
  }

  @Test
  void an_approved_payment_completes_the_order_and_notifies_once() throws Exception {
    ScriptedPaymentGateway payments = ScriptedPaymentGateway.approving();
    world = new World(payments, Faults.none());

    AslResult result = world.run("order-approved");

    assertThat(result.status()).isEqualTo("SUCCEEDED");
    assertThat(result.statesEntered())
        .containsExactly("InitializeOrder", "OrderDeleted?", "DecidePayment", "PaymentApproved?", "CompleteOrder");
    assertThat(world.order("order-approved").status()).isEqualTo(OrderStatus.SUCCESS);
    assertThat(payments.charges()).singleElement()
        .satisfies(c -> assertThat(c.idempotencyKey()).isEqualTo(world.order("order-approved").paymentKey()));
    assertThat(world.notifier.published()).singleElement()
        .satisfies(o -> assertThat(o.id()).isEqualTo(OrderId.of("order-approved")))
        .satisfies(o -> assertThat(o.status()).isEqualTo(OrderStatus.SUCCESS));
    Map<String, Object> output = JSON.readValue(result.outputJson(), new TypeReference<>() {});
    assertThat(TemplateJson.<Object>map(output.get("result"))).containsEntry("status", "SUCCESS");
    assertThat(TemplateJson.<Object>map(output.get("initialized"))).containsEntry("status", "PENDING");
  }

  @Test
  void a_declined_payment_fails_the_order_with_the_reason_and_notifies_once() {
    world = new World(ScriptedPaymentGateway.declining("payment method declined"), Faults.none());

    AslResult result = world.run("order-declined");

    assertThat(result.status()).isEqualTo("SUCCEEDED");
    assertThat(result.statesEntered())
        .containsExactly("InitializeOrder", "OrderDeleted?", "DecidePayment", "PaymentApproved?", "FailOrder");
    Order order = world.order("order-declined");
    assertThat(order.status()).isEqualTo(OrderStatus.FAILED);
    assertThat(order.failureReason()).isEqualTo("payment method declined");
    assertThat(world.notifier.published()).singleElement()
        .satisfies(o -> assertThat(o.status()).isEqualTo(OrderStatus.FAILED))
        .satisfies(o -> assertThat(o.failureReason()).isEqualTo("payment method declined"));
  }

  @Test
  void a_transient_repository_failure_is_retried_and_the_order_then_completes() {
    Faults faults = Faults.controllable();
    world = new World(ScriptedPaymentGateway.approving(), faults);
    faults.failNext(1); // InitializeOrder's first write: the real handler throws TransientFailureException

    AslResult result = world.run("order-transient");

    assertThat(faults.injected()).isEqualTo(1);
    assertThat(world.calls("InitializeOrderHandler")).isEqualTo(2);
    assertThat(world.errors).containsExactly("InitializeOrderHandler: " + TransientFailureException.class.getName());
    assertThat(result.status()).isEqualTo("SUCCEEDED");
    assertThat(result.statesEntered()).doesNotContain("FailOrder").contains("CompleteOrder");
    assertThat(world.order("order-transient").status()).isEqualTo(OrderStatus.SUCCESS);
    assertThat(world.notifier.published()).hasSize(1);
  }

  @Test
  void a_throttled_lambda_invocation_is_retried_and_the_order_then_completes() {
    world = new World(ScriptedPaymentGateway.approving(), Faults.none());
    // as the Lambda service reports throttling to Step Functions; thrown by the bridge, so the handler never ran
    world.failing.put("CompleteOrderHandler", new ArrayDeque<>(List.of(
        new TaskBridge.TaskFailure("Lambda.TooManyRequestsException", "Rate exceeded"))));

    AslResult result = world.run("order-throttled");

    assertThat(world.calls("CompleteOrderHandler")).isEqualTo(2);
    assertThat(result.status()).isEqualTo("SUCCEEDED");
    assertThat(result.statesEntered()).doesNotContain("FailOrder");
    assertThat(world.order("order-throttled").status()).isEqualTo(OrderStatus.SUCCESS);
    assertThat(world.notifier.published()).hasSize(1);
  }

  @Test
  void a_transient_failure_that_outlasts_its_retries_is_caught_and_fails_the_order() {
    PaymentGateway unavailable = (key, order) -> {
      throw new TransientFailureException("payment provider unavailable");
    };
    world = new World(unavailable, Faults.none());

    AslResult result = world.run("order-unavailable");

    assertThat(world.calls("DecidePaymentHandler")).isEqualTo(ProcessOrder.TASK_RETRY.attempts());
    assertThat(result.status()).isEqualTo("SUCCEEDED");
    assertThat(result.statesEntered()).contains("FailOrder").doesNotContain("CompleteOrder");
    Order order = world.order("order-unavailable");
    assertThat(order.status()).isEqualTo(OrderStatus.FAILED);
    assertThat(order.failureReason()).isEqualTo("processing failed: " + TransientFailureException.class.getName());
    assertThat(world.notifier.published()).singleElement()
        .satisfies(o -> assertThat(o.status()).isEqualTo(OrderStatus.FAILED));
  }

  @Test
  void a_permanent_step_error_is_not_retried_but_caught_and_the_order_fails_never_staying_pending() {
    PaymentGateway broken = (key, order) -> {
      throw new PermanentFailureException("payment provider rejected the request", null);
    };
    world = new World(broken, Faults.none());

    AslResult result = world.run("order-permanent");

    assertThat(world.calls("DecidePaymentHandler")).isEqualTo(1);
    assertThat(result.status()).isEqualTo("SUCCEEDED");
    assertThat(result.statesEntered()).containsExactly("InitializeOrder", "OrderDeleted?", "DecidePayment", "FailOrder");
    Order order = world.order("order-permanent");
    assertThat(order.status()).isEqualTo(OrderStatus.FAILED);
    assertThat(order.failureReason()).isEqualTo("processing failed: " + PermanentFailureException.class.getName());
    assertThat(world.notifier.published()).singleElement()
        .satisfies(o -> assertThat(o.failureReason()).contains("PermanentFailureException"));
  }

  @Test
  void an_execution_repeated_for_the_same_order_changes_nothing_and_notifies_no_more() {
    ScriptedPaymentGateway payments = ScriptedPaymentGateway.approving();
    world = new World(payments, Faults.none());
    assertThat(world.run("order-twice").status()).isEqualTo("SUCCEEDED");
    Order first = world.order("order-twice");

    AslResult again = world.run("order-twice");

    assertThat(again.status()).isEqualTo("SUCCEEDED");
    assertThat(world.order("order-twice")).isEqualTo(first);
    assertThat(world.notifier.published()).hasSize(1);
    assertThat(payments.charges()).hasSize(1);
  }

  @Test
  void an_order_deleted_before_it_was_initialised_is_cancelled_never_created_charged_or_notified() {
    ScriptedPaymentGateway payments = ScriptedPaymentGateway.approving();
    world = new World(payments, Faults.none());
    world.repository.delete(CustomerId.of(CUSTOMER), OrderId.of("order-deleted-early")); // still queued when deleted

    AslResult result = world.run("order-deleted-early");

    assertThat(result.status()).isEqualTo("SUCCEEDED");
    assertThat(result.statesEntered()).containsExactly("InitializeOrder", "OrderDeleted?", ProcessOrder.CANCELLED);
    assertThat(world.repository.find(CustomerId.of(CUSTOMER), OrderId.of("order-deleted-early"))).isEmpty();
    assertThat(world.repository.all()).isEmpty();
    assertThat(world.calls("DecidePaymentHandler")).isZero();
    assertThat(payments.charges()).isEmpty();
    assertThat(world.notifier.published()).isEmpty();
  }

  @Test
  void an_order_deleted_before_its_payment_is_cancelled_without_charging_or_notifying() {
    ScriptedPaymentGateway payments = ScriptedPaymentGateway.approving();
    world = new World(payments, Faults.none());
    world.beforeFirstCall.put("DecidePaymentHandler",
        () -> world.repository.delete(CustomerId.of(CUSTOMER), OrderId.of("order-deleted-late")));

    AslResult result = world.run("order-deleted-late");

    assertThat(result.status()).isEqualTo("SUCCEEDED");
    assertThat(result.statesEntered())
        .containsExactly("InitializeOrder", "OrderDeleted?", "DecidePayment", "PaymentApproved?", ProcessOrder.CANCELLED);
    assertThat(world.repository.find(CustomerId.of(CUSTOMER), OrderId.of("order-deleted-late"))).isEmpty();
    assertThat(payments.charges()).isEmpty();
    assertThat(world.notifier.published()).isEmpty();
  }

  static Stream<Arguments> stepsTimingOutAfterTheirEffect() {
    return Stream.of(
        Arguments.of("DecidePaymentHandler", ProcessOrder.LAMBDA_TIMEOUT),
        Arguments.of("DecidePaymentHandler", ProcessOrder.STATES_TIMEOUT),
        Arguments.of("CompleteOrderHandler", ProcessOrder.LAMBDA_TIMEOUT),
        Arguments.of("CompleteOrderHandler", ProcessOrder.STATES_TIMEOUT));
  }

  @ParameterizedTest(name = "{0} reports {1}")
  @MethodSource("stepsTimingOutAfterTheirEffect")
  void a_step_that_times_out_after_its_effect_is_retried_and_the_order_completes_charged_and_notified_once(
      String handler, String timeout) {
    ScriptedPaymentGateway payments = ScriptedPaymentGateway.approving();
    world = new World(payments, Faults.none());
    world.timingOut.put(handler, new ArrayDeque<>(List.of(timeout)));

    AslResult result = world.run("order-timeout");

    assertThat(world.errors).containsExactly(handler + ": " + timeout);
    assertThat(world.calls(handler)).isEqualTo(2);
    assertThat(result.status()).isEqualTo("SUCCEEDED");
    assertThat(result.statesEntered()).contains("CompleteOrder").doesNotContain("FailOrder");
    assertThat(world.order("order-timeout").status()).isEqualTo(OrderStatus.SUCCESS);
    assertThat(payments.charges()).hasSize(1);
    assertThat(world.notifier.published()).singleElement()
        .satisfies(o -> assertThat(o.status()).isEqualTo(OrderStatus.SUCCESS));
  }

  @Test
  void without_timeouts_in_its_retry_the_same_timeout_would_fail_an_order_already_charged() {
    // the test above can fail: on a machine that does not retry timeouts the order ends FAILED
    String noTimeoutRetry = definitionJson.replace(
        ",\"" + ProcessOrder.STATES_TIMEOUT + "\",\"" + ProcessOrder.LAMBDA_TIMEOUT + "\"", "");
    assertThat(noTimeoutRetry).isNotEqualTo(definitionJson);
    ScriptedPaymentGateway payments = ScriptedPaymentGateway.approving();
    world = new World(payments, Faults.none());
    world.timingOut.put("DecidePaymentHandler", new ArrayDeque<>(List.of(ProcessOrder.LAMBDA_TIMEOUT)));

    AslResult result = world.run("order-timeout", noTimeoutRetry);

    assertThat(result.statesEntered()).contains("FailOrder").doesNotContain("CompleteOrder");
    assertThat(world.order("order-timeout").status()).isEqualTo(OrderStatus.FAILED);
    assertThat(payments.charges()).hasSize(1);
  }

  /** One test's adapters, the real handlers on them, and what the bridge saw. */
  private static final class World {
    final InMemoryOrderRepository repository;
    final InMemoryOrderNotifier notifier = new InMemoryOrderNotifier();
    final Map<String, UnaryOperator<Map<String, Object>>> handlers = new HashMap<>();
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Handler simple name → failures to raise instead of running it (the Lambda service or an adapter failing). */
    final Map<String, Deque<RuntimeException>> failing = new ConcurrentHashMap<>();
    /** Handler simple name → errors to report after running it (an invocation that timed out after its effect). */
    final Map<String, Deque<String>> timingOut = new ConcurrentHashMap<>();
    /** Handler simple name → what happens just before its first call (the customer acting meanwhile). */
    final Map<String, Runnable> beforeFirstCall = new ConcurrentHashMap<>();

    World(PaymentGateway gateway, Faults repositoryFaults) {
      this.repository = new InMemoryOrderRepository(repositoryFaults);
      ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:01Z"));
      InitializeOrderHandler initialize = new InitializeOrderHandler(new InitializeOrder(repository));
      DecidePaymentHandler decide = new DecidePaymentHandler(new DecidePayment(repository, gateway, clock));
      CompleteOrderHandler complete = new CompleteOrderHandler(new CompleteOrder(repository, notifier, clock));
      FailOrderHandler fail = new FailOrderHandler(new FailOrder(repository, notifier, clock));
      handlers.put(OrderflowStack.INITIALIZE_ORDER_HANDLER, in -> initialize.handleRequest(in, null));
      handlers.put(OrderflowStack.DECIDE_PAYMENT_HANDLER, in -> decide.handleRequest(in, null));
      handlers.put(OrderflowStack.COMPLETE_ORDER_HANDLER, in -> complete.handleRequest(in, null));
      handlers.put(OrderflowStack.FAIL_ORDER_HANDLER, in -> fail.handleRequest(in, null));
    }

    /**
     * Like the Lambda Java runtime: JSON in, JSON out; a thrown exception's class name is the error type. A
     * timeout is reported by its error name after the handler ran, as Step Functions reports a late answer.
     */
    String invoke(TaskBridge.TaskCall call) throws Exception {
      String handler = HANDLER_BY_RESOURCE.get(call.functionName());
      if (handler == null || !handlers.containsKey(handler)) {
        throw new TaskBridge.TaskFailure("Lambda.ResourceNotFoundException", "no function " + call.functionName());
      }
      String simpleName = handler.substring(handler.lastIndexOf('.') + 1, handler.indexOf("::"));
      calls.computeIfAbsent(simpleName, k -> new AtomicInteger()).incrementAndGet();
      Map<String, Object> input = JSON.readValue(call.payloadJson(), new TypeReference<>() {});
      try {
        Runnable meanwhile = beforeFirstCall.remove(simpleName);
        if (meanwhile != null) {
          meanwhile.run();
        }
        RuntimeException failure = failing.getOrDefault(simpleName, new ArrayDeque<>()).poll();
        if (failure != null) {
          throw failure;
        }
        Map<String, Object> output = handlers.get(handler).apply(input);
        String timeout = timingOut.getOrDefault(simpleName, new ArrayDeque<>()).poll();
        if (timeout != null) {
          throw new TaskBridge.TaskFailure(timeout, simpleName + " timed out after its effect");
        }
        return JSON.writeValueAsString(output);
      } catch (TaskBridge.TaskFailure e) {
        errors.add(simpleName + ": " + e.errorType());
        throw e;
      } catch (RuntimeException e) {
        errors.add(simpleName + ": " + e.getClass().getName());
        throw new TaskBridge.TaskFailure(e.getClass().getName(), String.valueOf(e.getMessage()));
      }
    }

    AslResult run(String orderId) {
      return run(orderId, definitionJson);
    }

    AslResult run(String orderId, String definition) {
      String input = "{\"orderId\":\"" + orderId + "\",\"customer\":\"" + CUSTOMER + "\",\"name\":\"Margherita\","
          + "\"quantity\":2,\"restaurantId\":\"r-1\",\"acceptedAt\":\"2026-01-01T00:00:00Z\"}";
      return AslRunner.run(definition, input, bridge.endpoint(), RUN_TIMEOUT);
    }

    int calls(String handlerSimpleName) {
      AtomicInteger n = calls.get(handlerSimpleName);
      return n == null ? 0 : n.get();
    }

    Order order(String orderId) {
      return repository.find(CustomerId.of(CUSTOMER), OrderId.of(orderId))
          .orElseThrow(() -> new AssertionError("no order " + orderId));
    }
  }

  @Test
  void an_order_whose_initialisation_fails_for_good_is_still_recorded_as_failed_and_notified() {
    world = new World(ScriptedPaymentGateway.approving(), Faults.none());
    world.failing.put("InitializeOrderHandler", new ArrayDeque<>(List.of(
        new PermanentFailureException("orders table unavailable", null))));

    AslResult result = world.run("order-uninitialised");

    assertThat(result.status()).isEqualTo("SUCCEEDED");
    assertThat(result.statesEntered()).containsExactly("InitializeOrder", "FailOrder");
    Order order = world.order("order-uninitialised");
    assertThat(order.status()).isEqualTo(OrderStatus.FAILED);
    assertThat(order.failureReason()).isEqualTo("processing failed: " + PermanentFailureException.class.getName());
    assertThat(world.notifier.published()).singleElement()
        .satisfies(o -> assertThat(o.status()).isEqualTo(OrderStatus.FAILED));
  }
}
