package dev.orderflow.lambda.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.orderflow.lambda.appsync.GraphQLResolverHandler;
import dev.orderflow.lambda.appsync.SampleEvents;
import dev.orderflow.lambda.sqs.OrderQueueHandler;
import dev.orderflow.lambda.sqs.SampleMessages;
import dev.orderflow.lambda.steps.CompleteOrderHandler;
import dev.orderflow.lambda.steps.DecidePaymentHandler;
import dev.orderflow.lambda.steps.FailOrderHandler;
import dev.orderflow.lambda.steps.InitializeOrderHandler;
import dev.orderflow.lambda.steps.SampleSteps;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The functions a cold-start probe can run: each deployed handler with one real event of its kind, plus the
 * trivial baseline. {@code decide}, {@code complete} and {@code fail} act on an order that must already exist.
 */
public enum ProbeFunction {
  /** The baseline: builds nothing, echoes {@code {"orderId": …}}. */
  TRIVIAL(TrivialHandler.class, (orderId, customer) -> Map.of("orderId", orderId)),
  /** AppSync {@code Mutation.postOrder} with a Cognito identity and {@code orderId} as the client token. */
  RESOLVER(GraphQLResolverHandler.class, (orderId, customer) -> SampleEvents.postOrder(orderId)),
  /** An SQS event with one order message. */
  CONSUMER(OrderQueueHandler.class,
      (orderId, customer) -> SampleMessages.event("probe-" + orderId, SampleMessages.body(orderId, customer))),
  INITIALIZE(InitializeOrderHandler.class, SampleSteps::executionInput),
  DECIDE(DecidePaymentHandler.class, SampleSteps::key),
  COMPLETE(CompleteOrderHandler.class, SampleSteps::key),
  FAIL(FailOrderHandler.class, SampleSteps::declinedState),
  /** A reference: the resolver's two SDK calls alone ({@link SdkFloorHandler}). */
  SDK_FLOOR(SdkFloorHandler.class, (orderId, customer) -> Map.of("orderId", orderId));

  private final Class<? extends RequestHandler<?, ?>> handlerClass;
  private final BiFunction<String, String, Object> event;

  @SuppressWarnings("unchecked")
  ProbeFunction(Class<?> handlerClass, BiFunction<String, String, Object> event) {
    this.handlerClass = (Class<? extends RequestHandler<?, ?>>) handlerClass;
    this.event = event;
  }

  /** By the name the probe and the harness use, e.g. {@code resolver}, {@code sdk-floor}. */
  public static ProbeFunction named(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public Class<? extends RequestHandler<?, ?>> handlerClass() {
    return handlerClass;
  }

  /** The Lambda handler string, as the stack deploys it: {@code <class>::handleRequest}. */
  public String handler() {
    return handlerClass.getName() + "::handleRequest";
  }

  /** The event for {@code orderId} of {@code customer}: a {@code Map} (JSON object), or an {@code SQSEvent}. */
  public Object event(String orderId, String customer) {
    return event.apply(orderId, customer);
  }

  /** Whether the function needs a PENDING order to exist before it runs. */
  public boolean needsOrder() {
    return this == DECIDE || this == COMPLETE || this == FAIL;
  }
}
