package dev.orderflow.lambda.steps;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.google.inject.Injector;
import dev.orderflow.core.application.DecidePayment;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.PaymentDecision;
import dev.orderflow.lambda.wiring.LambdaWiring;
import dev.orderflow.lambda.wiring.OncePerContainer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Workflow state {@code DecidePayment} (docs/workflow-contract.md).
 * <pre>{@code in:  {"orderId","customer"}
 * out: {"approved":true} or {"approved":false,"reason":"payment method declined"}}</pre>
 * A deleted order fails the step ({@code OrderNotFoundException}), which the state machine catches into
 * {@code FailOrder}, which then finds nothing to fail.
 */
public final class DecidePaymentHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  private final DecidePayment decidePayment;

  /** For Lambda: collaborators from the container's one injector, built at init. */
  public DecidePaymentHandler() {
    this(Container.INJECTOR.get().getInstance(DecidePayment.class));
  }

  public DecidePaymentHandler(DecidePayment decidePayment) {
    this.decidePayment = Objects.requireNonNull(decidePayment, "decidePayment");
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
    OrderId id = Steps.orderId(input);
    CustomerId customer = Steps.customer(input);
    return Steps.run(() -> output(decidePayment.decide(customer, id)));
  }

  static Map<String, Object> output(PaymentDecision decision) {
    Map<String, Object> output = new LinkedHashMap<>(4);
    output.put("approved", decision.approved());
    if (!decision.approved()) {
      output.put("reason", decision.declineReason());
    }
    return output;
  }

  static void prime() {
    Map<String, Object> input = SampleSteps.key();
    Steps.orderId(input);
    Steps.customer(input);
    output(PaymentDecision.approve());
    output(PaymentDecision.decline("sample"));
  }

  private static final class Container {
    static final OncePerContainer<Injector> INJECTOR =
        OncePerContainer.build(() -> LambdaWiring.primed(LambdaWiring.workflowStep(false), DecidePaymentHandler::prime));
  }
}
