package dev.orderflow.lambda.steps;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.google.inject.Injector;
import dev.orderflow.core.application.FailOrder;
import dev.orderflow.core.application.FinalOutcome;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.InvalidRequestException;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.payment.SimulatedPaymentGateway;
import dev.orderflow.lambda.internal.EventFields;
import dev.orderflow.lambda.internal.priming.PrimingEvents;
import dev.orderflow.lambda.wiring.LambdaWiring;
import dev.orderflow.lambda.wiring.OncePerContainer;
import dev.orderflow.lambda.wiring.StartUp;
import java.util.Map;
import java.util.Objects;

/**
 * Workflow state {@code FailOrder} (docs/workflow-contract.md): {@code PENDING → FAILED} with a reason,
 * notify once. Reached when payment was declined, and from the catch of every other step.
 * <pre>{@code in:  the whole state: {"orderId","customer",…, "payment":{"approved":false,"reason":…}}
 *      or {…, "error":{"Error":…,"Cause":…}}
 * out: {"orderId","customer","status"}   (no "status" if the customer deleted the order)}</pre>
 * Without {@code $.initialized} (InitializeOrder never succeeded) the order is recorded from the request
 * in the state before it is failed.
 * The reason is {@code $.payment.reason} for a declined payment, else {@code processing failed: <Error>}
 * for a caught error, else the core's default.
 */
public final class FailOrderHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  private final FailOrder failOrder;

  /** For Lambda: collaborators from the container's one injector, built at init. */
  public FailOrderHandler() {
    this(Container.INJECTOR.get().getInstance(FailOrder.class));
  }

  public FailOrderHandler(FailOrder failOrder) {
    this.failOrder = Objects.requireNonNull(failOrder, "failOrder");
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
    return Steps.run(context, input, telemetry -> {
      OrderId id = Steps.orderId(input);
      CustomerId customer = Steps.customer(input);
      String reason = reason(input);
      OrderRequest uninitialized = input.get("initialized") == null ? requestIn(input) : null;
      FinalOutcome outcome = uninitialized != null ? failOrder.failUninitializedWithOutcome(uninitialized, reason)
          : failOrder.failWithOutcome(customer, id, reason);
      if (outcome.order().isEmpty()) {
        Steps.cancelled(telemetry);
      } else {
        Order order = outcome.order().get();
        if (outcome.changed()) {
          String category = category(reason);
          telemetry.info("order.failed", "order FAILED", "reason", category);
          telemetry.metrics().count(Steps.ORDERS_FAILED, "Reason", category);
          Steps.timeToFinal(telemetry, order);
        }
        if (outcome.published()) {
          telemetry.info("outcome.published", "outcome published to the customer", "status", order.status().name());
        }
        if (!outcome.changed() && !outcome.published()) {
          Steps.repeated(telemetry, "order already " + order.status() + " and its outcome published");
        }
      }
      return Steps.key(id, customer, outcome.order().map(order -> order.status().name()).orElse(null));
    });
  }

  /** The reason for metrics and logs (a low-cardinality category): a simulated gateway's decline reason, else this. */
  static final String PROCESSING_FAILED = "ProcessingFailed";

  /** {@code reason} if it is one of the payment gateway's fixed decline reasons, else {@value #PROCESSING_FAILED}. */
  static String category(String reason) {
    return reason != null && SimulatedPaymentGateway.declineReasons().contains(reason) ? reason : PROCESSING_FAILED;
  }

  /**
   * The order request carried by the state when InitializeOrder never succeeded, so FailOrder can record the
   * order before failing it (an accepted order is never lost); null if the state holds no valid request —
   * then there is nothing that could be recorded.
   */
  private static OrderRequest requestIn(Map<String, Object> state) {
    try {
      return InitializeOrderHandler.request(state);
    } catch (InvalidRequestException notARequest) {
      return null;
    }
  }

  static String reason(Map<String, Object> state) {
    Map<String, Object> payment = EventFields.object(state, "payment");
    if (payment != null && Boolean.FALSE.equals(EventFields.bool(payment, "approved"))) {
      String reason = EventFields.string(payment, "reason");
      if (reason != null && !reason.isBlank()) {
        return reason;
      }
    }
    Map<String, Object> error = EventFields.object(state, "error");
    if (error != null) {
      String name = EventFields.string(error, "Error");
      if (name != null && !name.isBlank()) {
        return "processing failed: " + name;
      }
    }
    return null;
  }

  static void prime() {
    Map<String, Object> state = PrimingEvents.declinedState();
    Steps.key(Steps.orderId(state), Steps.customer(state), "FAILED");
    reason(state);
  }

  private static final class Container {
    static final OncePerContainer<Injector> INJECTOR =
        OncePerContainer.build(() -> StartUp.primed(LambdaWiring.workflowStep(true), FailOrderHandler::prime));
  }
}
