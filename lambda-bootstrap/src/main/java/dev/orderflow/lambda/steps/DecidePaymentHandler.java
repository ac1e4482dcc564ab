package dev.orderflow.lambda.steps;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.google.inject.Injector;
import dev.orderflow.core.application.DecidePayment;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.PaymentDecision;
import dev.orderflow.lambda.internal.priming.PrimingEvents;
import dev.orderflow.lambda.wiring.LambdaWiring;
import dev.orderflow.lambda.wiring.OncePerContainer;
import dev.orderflow.lambda.wiring.StartUp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Workflow state {@code DecidePayment} (docs/workflow-contract.md).
 * <pre>{@code in:  {"orderId","customer"}
 * out: {"approved":true} or {"approved":false,"reason":"payment method declined"}
 *      or {"approved":false,"deleted":true} if the customer deleted the order: nothing was charged and the
 *      run is cancelled}</pre>
 * The payment is asked for under the order's idempotency key, so a repeat of this step (a retry after a
 * timeout) never charges twice.
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
    return Steps.run(context, input, telemetry -> {
      OrderId id = Steps.orderId(input);
      CustomerId customer = Steps.customer(input);
      DecidePayment.Outcome outcome = decidePayment.decideWithOutcome(customer, id);
      Optional<PaymentDecision> decision = outcome.decision();
      if (decision.isEmpty()) {
        Steps.cancelled(telemetry);
      } else if (outcome.recorded()) {
        Steps.repeated(telemetry, "order already has its final status: its recorded decision is returned");
      } else if (decision.get().approved()) {
        telemetry.info("payment.approved", "payment approved");
      } else {
        telemetry.info("payment.declined", "payment declined", "reason",
            FailOrderHandler.category(decision.get().declineReason()));
      }
      return output(decision);
    });
  }

  /** @param decision empty if the customer deleted the order */
  static Map<String, Object> output(Optional<PaymentDecision> decision) {
    Map<String, Object> output = new LinkedHashMap<>(4);
    if (decision.isEmpty()) {
      output.put("approved", false);
      output.put("deleted", true);
      return output;
    }
    output.put("approved", decision.get().approved());
    if (!decision.get().approved()) {
      output.put("reason", decision.get().declineReason());
    }
    return output;
  }

  static void prime() {
    Map<String, Object> input = PrimingEvents.stepKey();
    Steps.orderId(input);
    Steps.customer(input);
    output(Optional.of(PaymentDecision.approve()));
    output(Optional.of(PaymentDecision.decline("sample")));
    output(Optional.empty());
  }

  private static final class Container {
    static final OncePerContainer<Injector> INJECTOR =
        OncePerContainer.build(() -> StartUp.primed(LambdaWiring.workflowStep(false), DecidePaymentHandler::prime));
  }
}
