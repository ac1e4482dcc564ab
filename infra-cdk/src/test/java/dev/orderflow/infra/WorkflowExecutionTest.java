package dev.orderflow.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.core.application.CompleteOrder;
import dev.orderflow.core.application.DecidePayment;
import dev.orderflow.core.application.FailOrder;
import dev.orderflow.core.application.InitializeOrder;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
    world = new World(ScriptedPaymentGateway.approving(), Faults.none());

    AslResult result = world.run("order-approved");

    assertThat(result.status()).isEqualTo("SUCCEEDED");
    assertThat(result.statesEntered()).containsExactly("InitializeOrder", "DecidePayment", "PaymentApproved?", "CompleteOrder");
    assertThat(world.order("order-approved").status()).isEqualTo(OrderStatus.SUCCESS);
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
    assertThat(result.statesEntered()).containsExactly("InitializeOrder", "DecidePayment", "PaymentApproved?", "FailOrder");
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
    PaymentGateway unavailable = order -> {
      throw new TransientFailureException("payment provider unavailable");
    };
    world = new World(unavailable, Faults.none());

    AslResult result = world.run("order-unavailable");

    assertThat(world.calls("DecidePaymentHandler")).isEqualTo(1 + 6); // first try + MaxAttempts retries
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
    PaymentGateway broken = order -> {
      throw new PermanentFailureException("payment provider rejected the request", null);
    };
    world = new World(broken, Faults.none());

    AslResult result = world.run("order-permanent");

    assertThat(world.calls("DecidePaymentHandler")).isEqualTo(1);
    assertThat(result.status()).isEqualTo("SUCCEEDED");
    assertThat(result.statesEntered()).containsExactly("InitializeOrder", "DecidePayment", "FailOrder");
    Order order = world.order("order-permanent");
    assertThat(order.status()).isEqualTo(OrderStatus.FAILED);
    assertThat(order.failureReason()).isEqualTo("processing failed: " + PermanentFailureException.class.getName());
    assertThat(world.notifier.published()).singleElement()
        .satisfies(o -> assertThat(o.failureReason()).contains("PermanentFailureException"));
  }

  @Test
  void an_execution_repeated_for_the_same_order_changes_nothing_and_notifies_no_more() {
    world = new World(ScriptedPaymentGateway.approving(), Faults.none());
    assertThat(world.run("order-twice").status()).isEqualTo("SUCCEEDED");
    Order first = world.order("order-twice");

    AslResult again = world.run("order-twice");

    assertThat(again.status()).isEqualTo("SUCCEEDED");
    assertThat(world.order("order-twice")).isEqualTo(first);
    assertThat(world.notifier.published()).hasSize(1);
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

    World(PaymentGateway gateway, Faults repositoryFaults) {
      this.repository = new InMemoryOrderRepository(repositoryFaults);
      ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:01Z"));
      InitializeOrderHandler initialize = new InitializeOrderHandler(new InitializeOrder(repository));
      DecidePaymentHandler decide = new DecidePaymentHandler(new DecidePayment(repository, gateway));
      CompleteOrderHandler complete = new CompleteOrderHandler(new CompleteOrder(repository, notifier, clock));
      FailOrderHandler fail = new FailOrderHandler(new FailOrder(repository, notifier, clock));
      handlers.put(OrderflowStack.INITIALIZE_ORDER_HANDLER, in -> initialize.handleRequest(in, null));
      handlers.put(OrderflowStack.DECIDE_PAYMENT_HANDLER, in -> decide.handleRequest(in, null));
      handlers.put(OrderflowStack.COMPLETE_ORDER_HANDLER, in -> complete.handleRequest(in, null));
      handlers.put(OrderflowStack.FAIL_ORDER_HANDLER, in -> fail.handleRequest(in, null));
    }

    /** Like the Lambda Java runtime: JSON in, JSON out; a thrown exception's class name is the error type. */
    String invoke(TaskBridge.TaskCall call) throws Exception {
      String handler = HANDLER_BY_RESOURCE.get(call.functionName());
      if (handler == null || !handlers.containsKey(handler)) {
        throw new TaskBridge.TaskFailure("Lambda.ResourceNotFoundException", "no function " + call.functionName());
      }
      String simpleName = handler.substring(handler.lastIndexOf('.') + 1, handler.indexOf("::"));
      calls.computeIfAbsent(simpleName, k -> new AtomicInteger()).incrementAndGet();
      Map<String, Object> input = JSON.readValue(call.payloadJson(), new TypeReference<>() {});
      try {
        RuntimeException failure = failing.getOrDefault(simpleName, new ArrayDeque<>()).poll();
        if (failure != null) {
          throw failure;
        }
        return JSON.writeValueAsString(handlers.get(handler).apply(input));
      } catch (TaskBridge.TaskFailure e) {
        errors.add(simpleName + ": " + e.errorType());
        throw e;
      } catch (RuntimeException e) {
        errors.add(simpleName + ": " + e.getClass().getName());
        throw new TaskBridge.TaskFailure(e.getClass().getName(), String.valueOf(e.getMessage()));
      }
    }

    AslResult run(String orderId) {
      String input = "{\"orderId\":\"" + orderId + "\",\"customer\":\"" + CUSTOMER + "\",\"name\":\"Margherita\","
          + "\"quantity\":2,\"restaurantId\":\"r-1\",\"acceptedAt\":\"2026-01-01T00:00:00Z\"}";
      return AslRunner.run(definitionJson, input, bridge.endpoint(), RUN_TIMEOUT);
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
