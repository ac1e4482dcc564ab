package dev.orderflow.lambda.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.orderflow.lambda.appsync.SampleEvents;
import dev.orderflow.lambda.changes.SampleStreamEvents;
import dev.orderflow.lambda.sqs.SampleMessages;
import dev.orderflow.lambda.steps.SampleSteps;
import java.util.Locale;
import java.util.Map;

/**
 * The functions a cold-start probe can run: each deployed handler with one real event of its kind, plus the
 * trivial baseline and the {@code sdk-floor} reference. {@code decide}, {@code complete} and {@code fail} act on an order that must already exist.
 */
public enum ProbeFunction {
  /** The baseline: builds nothing, echoes {@code {"orderId": …}}. */
  TRIVIAL("dev.orderflow.lambda.bench.TrivialHandler"),
  /** AppSync {@code Mutation.postOrder} with a Cognito identity and {@code orderId} as the client token. */
  RESOLVER("dev.orderflow.lambda.appsync.GraphQLResolverHandler"),
  /** An SQS event with one order message. */
  CONSUMER("dev.orderflow.lambda.sqs.OrderQueueHandler"),
  INITIALIZE("dev.orderflow.lambda.steps.InitializeOrderHandler"),
  DECIDE("dev.orderflow.lambda.steps.DecidePaymentHandler"),
  COMPLETE("dev.orderflow.lambda.steps.CompleteOrderHandler"),
  FAIL("dev.orderflow.lambda.steps.FailOrderHandler"),
  /**
   * The order changes publisher: a stream event of one INSERT record, published to the GraphQL endpoint at
   * {@code ORDER_UPDATES_URL} (a local stand-in for AppSync).
   */
  CHANGES("dev.orderflow.lambda.changes.OrderChangesHandler"),
  /** A reference: the resolver's two SDK calls alone ({@link SdkFloorHandler}). */
  SDK_FLOOR("dev.orderflow.lambda.bench.SdkFloorHandler");

  // names, not class literals or lambdas: a probe loads only its own function's classes (the trivial one none)
  private final String handlerClass;

  ProbeFunction(String handlerClass) {
    this.handlerClass = handlerClass;
  }

  /** By the name the probe and the harness use, e.g. {@code resolver}, {@code sdk-floor}. */
  public static ProbeFunction named(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The handler, created as Lambda creates it: by name, with its no-arg constructor. */
  @SuppressWarnings("unchecked")
  public RequestHandler<Object, Object> newHandler() throws ReflectiveOperationException {
    return (RequestHandler<Object, Object>) Class.forName(handlerClass).getConstructor().newInstance();
  }

  /** The Lambda handler string, as the stack deploys it: {@code <class>::handleRequest}. */
  public String handler() {
    return handlerClass + "::handleRequest";
  }

  /** The event for {@code orderId} of {@code customer}: a {@code Map} (JSON object), or an {@code SQSEvent}. */
  public Object event(String orderId, String customer) {
    return switch (this) {
      case TRIVIAL, SDK_FLOOR -> Map.of("orderId", orderId);
      case RESOLVER -> SampleEvents.postOrder(orderId);
      case CONSUMER -> SampleMessages.event("probe-" + orderId, SampleMessages.body(orderId, customer));
      case INITIALIZE -> SampleSteps.executionInput(orderId, customer);
      case DECIDE, COMPLETE -> SampleSteps.key(orderId, customer);
      case FAIL -> SampleSteps.declinedState(orderId, customer);
      case CHANGES -> SampleStreamEvents.created(orderId, customer);
    };
  }

  /** Whether the function needs a PENDING order to exist before it runs. */
  public boolean needsOrder() {
    return this == DECIDE || this == COMPLETE || this == FAIL;
  }
}
