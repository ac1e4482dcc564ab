package dev.orderflow.lambda.steps;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.google.inject.Injector;
import dev.orderflow.core.application.CompleteOrder;
import dev.orderflow.core.application.FinalOutcome;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.lambda.internal.priming.PrimingEvents;
import dev.orderflow.lambda.wiring.LambdaWiring;
import dev.orderflow.lambda.wiring.OncePerContainer;
import dev.orderflow.lambda.wiring.StartUp;
import java.util.Map;
import java.util.Objects;

/**
 * Workflow state {@code CompleteOrder} (docs/workflow-contract.md): {@code PENDING → SUCCESS}, notify once.
 * <pre>{@code in:  {"orderId","customer"}
 * out: {"orderId","customer","status"}   (no "status" if the customer deleted the order)}</pre>
 */
public final class CompleteOrderHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  private final CompleteOrder completeOrder;

  /** For Lambda: collaborators from the container's one injector, built at init. */
  public CompleteOrderHandler() {
    this(Container.INJECTOR.get().getInstance(CompleteOrder.class));
  }

  public CompleteOrderHandler(CompleteOrder completeOrder) {
    this.completeOrder = Objects.requireNonNull(completeOrder, "completeOrder");
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
    return Steps.run(context, input, telemetry -> {
      OrderId id = Steps.orderId(input);
      CustomerId customer = Steps.customer(input);
      FinalOutcome outcome = completeOrder.completeWithOutcome(customer, id);
      if (outcome.order().isEmpty()) {
        Steps.cancelled(telemetry);
      } else {
        Order order = outcome.order().get();
        if (outcome.changed()) {
          telemetry.info("order.completed", "order SUCCESS");
          telemetry.metrics().count(Steps.ORDERS_SUCCEEDED);
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

  static void prime() {
    Map<String, Object> input = PrimingEvents.stepKey();
    Steps.key(Steps.orderId(input), Steps.customer(input), "SUCCESS");
  }

  private static final class Container {
    static final OncePerContainer<Injector> INJECTOR =
        OncePerContainer.build(() -> StartUp.primed(LambdaWiring.workflowStep(true), CompleteOrderHandler::prime));
  }
}
