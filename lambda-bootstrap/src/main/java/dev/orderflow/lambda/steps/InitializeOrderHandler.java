package dev.orderflow.lambda.steps;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.google.inject.Injector;
import dev.orderflow.core.application.InitializeOrder;
import dev.orderflow.core.application.ProcessOrder;
import dev.orderflow.core.domain.EmailAddress;
import dev.orderflow.core.domain.InvalidRequestException;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.lambda.internal.EventFields;
import dev.orderflow.lambda.internal.priming.PrimingEvents;
import dev.orderflow.lambda.wiring.LambdaWiring;
import dev.orderflow.lambda.wiring.OncePerContainer;
import dev.orderflow.lambda.wiring.StartUp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;

/**
 * Workflow state {@code InitializeOrder} (docs/workflow-contract.md): records the order as
 * {@code PENDING} unless it exists or the customer deleted it.
 * <pre>{@code in:  the execution input {"orderId","customer","name","quantity","restaurantId","acceptedAt"[,"email"]}
 * out: {"orderId","customer","status","version"}
 *      or {"orderId","customer","status":"DELETED"} if the customer deleted the order: the run is cancelled}</pre>
 */
public final class InitializeOrderHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  private final InitializeOrder initializeOrder;

  /** For Lambda: collaborators from the container's one injector, built at init. */
  public InitializeOrderHandler() {
    this(Container.INJECTOR.get().getInstance(InitializeOrder.class));
  }

  public InitializeOrderHandler(InitializeOrder initializeOrder) {
    this.initializeOrder = Objects.requireNonNull(initializeOrder, "initializeOrder");
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
    return Steps.run(context, input, telemetry -> {
      OrderRequest request = request(input);
      InitializeOrder.Outcome outcome = initializeOrder.initializeWithOutcome(request);
      if (outcome.order().isEmpty()) {
        Steps.cancelled(telemetry);
        return deleted(request);
      }
      if (outcome.created()) {
        telemetry.info("order.initialized", "order recorded as PENDING");
      } else {
        Steps.repeated(telemetry, "order already recorded by an earlier run");
      }
      return output(outcome.order().get());
    });
  }

  static OrderRequest request(Map<String, Object> input) {
    Instant acceptedAt;
    try {
      acceptedAt = Instant.parse(EventFields.requiredString(input, "acceptedAt"));
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException("acceptedAt", "must be an ISO-8601 instant");
    }
    return new OrderRequest(Steps.orderId(input), Steps.customer(input),
        new OrderDetails(EventFields.requiredString(input, "name"), EventFields.requiredInteger(input, "quantity"),
            EventFields.requiredString(input, "restaurantId")),
        acceptedAt, email(input));
  }

  /**
   * The customer's verified address for the outcome email, which the execution input carries as {@code email} only
   * when the order has one ({@code OrderMessageFormat}); kept on the order until its email is sent.
   *
   * @throws InvalidRequestException naming {@code email} if the field is there but is no address
   */
  private static EmailAddress email(Map<String, Object> input) {
    String email = EventFields.string(input, "email");
    return email == null ? null : EmailAddress.of(email);
  }

  static Map<String, Object> output(Order order) {
    Map<String, Object> output = Steps.key(order.id(), order.customer(), order.status().name());
    output.put("version", order.version());
    return output;
  }

  /** The output for an order the customer deleted: the {@code OrderDeleted?} Choice then cancels the run. */
  static Map<String, Object> deleted(OrderRequest request) {
    return Steps.key(request.id(), request.customer(), ProcessOrder.DELETED);
  }

  static void prime() {
    OrderRequest request = request(PrimingEvents.executionInput());
    output(Order.place(request));
    deleted(request);
  }

  private static final class Container {
    static final OncePerContainer<Injector> INJECTOR =
        OncePerContainer.build(() -> StartUp.primed(LambdaWiring.workflowStep(false), InitializeOrderHandler::prime));
  }
}
