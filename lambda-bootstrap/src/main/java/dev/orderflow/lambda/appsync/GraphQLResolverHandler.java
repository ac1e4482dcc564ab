package dev.orderflow.lambda.appsync;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.google.inject.Injector;
import dev.orderflow.core.application.DeleteOrder;
import dev.orderflow.core.application.GetOrder;
import dev.orderflow.core.application.ListOrders;
import dev.orderflow.core.application.ListOrdersQuery;
import dev.orderflow.core.application.PlaceOrder;
import dev.orderflow.core.application.PlaceOrderCommand;
import dev.orderflow.core.application.UpdateOrder;
import dev.orderflow.core.application.UpdateOrderCommand;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.DetailsChange;
import dev.orderflow.core.domain.InvalidRequestException;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderflowException;
import dev.orderflow.core.port.TransientFailureException;
import dev.orderflow.lambda.internal.EventFields;
import dev.orderflow.lambda.internal.priming.PrimingEvents;
import dev.orderflow.lambda.telemetry.Telemetry;
import dev.orderflow.lambda.wiring.LambdaWiring;
import dev.orderflow.lambda.wiring.OncePerContainer;
import dev.orderflow.lambda.wiring.StartUp;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The AppSync direct Lambda resolver for every field of {@code graphql/schema.graphql}: routes by
 * {@code info.parentTypeName} and {@code info.fieldName}, takes the customer from {@code identity}
 * (see {@link CallerIdentity}) and calls the matching use case.
 *
 * <p>A direct Lambda resolver cannot give an error a type from a thrown Java exception, so the handler
 * returns an envelope that the response mapping template {@code graphql/response.vtl} unwraps:
 * <pre>{@code {"data": <the field's value>}                                   on success
 * {"error": {"errorType": "NotFound", "message": "order … not found"}}   for any error}</pre>
 *
 * <p>Error types, and what their messages may say:
 * <ul>
 *   <li>Expected outcomes keep their own message, which speaks only of the caller's request and the caller's
 *       own orders: those of {@link OrderflowException#errorType()} ({@code ValidationError}, {@code NotFound},
 *       {@code ConflictError}, {@code InvalidStateError}, {@code OrderDeleted}), {@code ValidationError} for bad
 *       arguments, and {@code Unauthorized} for a caller without a usable identity. {@code NotFound} reads the
 *       same whether the order does not exist or is another customer's.</li>
 *   <li>{@value #UNAVAILABLE} for a {@link TransientFailureException} (throttling, a 5xx, a timeout): the
 *       request may succeed if repeated, and the client should retry with backoff — a {@code postOrder} with
 *       the same {@code clientToken}, so that a retry cannot place a second order.</li>
 *   <li>{@value #INTERNAL_ERROR} for everything else — a {@code PermanentFailureException} (missing table or
 *       queue, access denied), a bug, an event this resolver does not serve: retrying will not help.</li>
 * </ul>
 * The message of the last two is generic, {@code "internal error; reference <id>"} or
 * {@code "temporarily unavailable, try again; reference <id>"}: the cause's message (which may name a table,
 * a queue URL with the account id, an ARN or a class) never reaches the client. The reference is the Lambda
 * request id (a random UUID without a context), and the function logs one {@code ERROR} entry with that
 * reference next to the full cause and its stack trace, so an operator can find what the client saw.
 * Only a {@link Throwable} that is no {@link RuntimeException} (an {@link Error}) is still thrown; AppSync
 * reports it as a Lambda error, which {@code response.vtl} also turns into a generic {@value #INTERNAL_ERROR}.
 * See docs/adr/0015-internal-errors-with-a-correlation-id.md.
 */
public final class GraphQLResolverHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  /** The error type of a failure that may go away if the request is repeated. */
  public static final String UNAVAILABLE = "Unavailable";
  /** The error type of any other failure that is not the caller's doing. */
  public static final String INTERNAL_ERROR = "InternalError";
  /** Metric: a new order was submitted to the queue (not a repeated client token). */
  public static final String ORDERS_ACCEPTED = "OrdersAccepted";
  /** Metric: {@code deleteOrder} deleted an order. */
  public static final String ORDERS_DELETED = "OrdersDeleted";
  /** Metric: a request refused with a {@code ValidationError}; dimension {@code Field}. */
  public static final String VALIDATION_ERRORS = "ValidationErrors";

  private final PlaceOrder placeOrder;
  private final GetOrder getOrder;
  private final ListOrders listOrders;
  private final UpdateOrder updateOrder;
  private final DeleteOrder deleteOrder;
  private final CallerIdentity callers;

  /** For Lambda: collaborators from the container's one injector, built at init. */
  public GraphQLResolverHandler() {
    this(Container.PROTOTYPE.get());
  }

  private GraphQLResolverHandler(GraphQLResolverHandler prototype) {
    this(prototype.placeOrder, prototype.getOrder, prototype.listOrders, prototype.updateOrder, prototype.deleteOrder,
        prototype.callers);
  }

  private GraphQLResolverHandler(Injector injector, CallerIdentity callers) {
    this(injector.getInstance(PlaceOrder.class), injector.getInstance(GetOrder.class),
        injector.getInstance(ListOrders.class), injector.getInstance(UpdateOrder.class),
        injector.getInstance(DeleteOrder.class), callers);
  }

  public GraphQLResolverHandler(PlaceOrder placeOrder, GetOrder getOrder, ListOrders listOrders,
      UpdateOrder updateOrder, DeleteOrder deleteOrder, CallerIdentity callers) {
    this.placeOrder = Objects.requireNonNull(placeOrder, "placeOrder");
    this.getOrder = Objects.requireNonNull(getOrder, "getOrder");
    this.listOrders = Objects.requireNonNull(listOrders, "listOrders");
    this.updateOrder = Objects.requireNonNull(updateOrder, "updateOrder");
    this.deleteOrder = Objects.requireNonNull(deleteOrder, "deleteOrder");
    this.callers = Objects.requireNonNull(callers, "callers");
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    try (Telemetry telemetry = Telemetry.start(context)) {
      String field = fieldOf(event);
      try {
        return success(prepare(event, telemetry).get());
      } catch (InvalidRequestException e) {
        telemetry.info("validation.refused", "request refused: invalid " + e.field(), "operation", field,
            "field", e.field());
        telemetry.metrics().count(VALIDATION_ERRORS, "Field", e.field());
        return failure(e.errorType(), e.getMessage());
      } catch (OrderflowException e) {
        telemetry.info("request.refused", "request refused: " + e.errorType(), "operation", field,
            "errorType", e.errorType());
        return failure(e.errorType(), e.getMessage());
      } catch (UnauthorizedException e) {
        telemetry.warn("request.unauthorized", "no usable caller identity", "operation", field);
        return failure(UnauthorizedException.ERROR_TYPE, e.getMessage());
      } catch (RuntimeException e) {
        String reference = reference(context);
        Map<String, Object> answer = concealed(e, reference);
        @SuppressWarnings("unchecked")
        String errorType = (String) ((Map<String, Object>) answer.get("error")).get("errorType");
        telemetry.error("request.failed", "resolver " + field + " failed; reference " + reference, e,
            "operation", field, "reference", reference, "answer", errorType);
        return answer;
      }
    }
  }

  /** The envelope for a failure that is not the caller's doing: its type and a generic message, nothing of the cause. */
  static Map<String, Object> concealed(RuntimeException e, String reference) {
    return e instanceof TransientFailureException
        ? failure(UNAVAILABLE, "temporarily unavailable, try again; reference " + reference)
        : failure(INTERNAL_ERROR, "internal error; reference " + reference);
  }

  /** The correlation id shown to the client and logged with the cause: the Lambda request id, else a random UUID. */
  private static String reference(Context context) {
    String requestId = context == null ? null : context.getAwsRequestId();
    return requestId == null || requestId.isBlank() ? UUID.randomUUID().toString() : requestId;
  }

  /** The field an event asks for, for the log; never throws. */
  private static String fieldOf(Map<String, Object> event) {
    try {
      Field field = Field.of(event);
      return field.parentTypeName + "." + field.fieldName;
    } catch (RuntimeException e) {
      return "an event for no field of this API";
    }
  }

  /**
   * Everything up to the use case call: route, identify the caller, build the command. Runs no port.
   *
   * @throws IllegalArgumentException if the event is no resolver event for a field of this API (a deployment bug)
   */
  private Supplier<Object> prepare(Map<String, Object> event, Telemetry telemetry) {
    Field field = Field.of(event);
    String operation = field.parentTypeName + "." + field.fieldName;
    CustomerId customer = callers.customerOf(identity(event));
    telemetry.order(null, customer.value());
    Map<String, Object> arguments = EventFields.object(event, "arguments");
    return switch (field) {
      case ORDER -> {
        OrderId id = orderId(arguments);
        telemetry.order(id.value(), customer.value());
        yield () -> {
          Object order = OrderGraphQL.order(getOrder.get(customer, id));
          telemetry.debug("order.read", "order read", "operation", operation);
          return order;
        };
      }
      case ORDERS -> {
        ListOrdersQuery query = ListOrdersQuery.of(customer, EventFields.integer(arguments, "limit"),
            EventFields.string(arguments, "nextToken"));
        yield () -> {
          Object page = OrderGraphQL.connection(listOrders.list(query));
          telemetry.debug("orders.listed", "orders listed", "operation", operation);
          return page;
        };
      }
      case POST_ORDER -> {
        PlaceOrderCommand command = OrderGraphQL.postOrder(customer, input(arguments),
            CallerIdentity.verifiedEmailOf(identity(event)));
        yield () -> {
          PlaceOrder.Outcome outcome = placeOrder.placeWithOutcome(command);
          telemetry.order(outcome.order().id().value(), customer.value());
          if (outcome.submitted()) {
            telemetry.info("order.accepted", "order accepted and queued", "operation", operation);
            telemetry.metrics().count(ORDERS_ACCEPTED);
          } else {
            telemetry.info("order.duplicate", "repeated client token: the stored order is returned",
                "operation", operation);
          }
          return OrderGraphQL.order(outcome.order());
        };
      }
      case UPDATE_ORDER -> {
        Map<String, Object> input = input(arguments);
        Integer expectedVersion = EventFields.integer(input, "expectedVersion");
        UpdateOrderCommand command = new UpdateOrderCommand(customer, orderId(input),
            new DetailsChange(EventFields.string(input, "name"), EventFields.integer(input, "quantity"),
                EventFields.string(input, "restaurantId")),
            expectedVersion == null ? null : expectedVersion.longValue());
        telemetry.order(command.id().value(), customer.value());
        yield () -> {
          Order order = updateOrder.update(command);
          telemetry.info("order.updated", "order details changed", "operation", operation,
              "version", Long.toString(order.version()));
          return OrderGraphQL.order(order);
        };
      }
      case DELETE_ORDER -> {
        OrderId id = orderId(arguments);
        telemetry.order(id.value(), customer.value());
        yield () -> {
          Optional<Order> deleted = deleteOrder.delete(customer, id);
          if (deleted.isPresent()) {
            telemetry.info("order.deleted", "order deleted", "operation", operation);
            telemetry.metrics().count(ORDERS_DELETED);
          } else {
            telemetry.debug("order.delete.none", "no such order to delete", "operation", operation);
          }
          return deleted.map(OrderGraphQL::order).orElse(null);
        };
      }
    };
  }

  /** Runs the handler's own code on a sample event without calling any use case (SnapStart priming). */
  void prime() {
    prepare(PrimingEvents.postOrder(), Telemetry.discarding());
    success(OrderGraphQL.order(PrimingEvents.order()));
    failure("NotFound", "order sample not found");
    concealed(new IllegalStateException("sample"), "sample");
  }

  private static Map<String, Object> identity(Map<String, Object> event) {
    Object identity = event.get("identity");
    if (identity == null || identity instanceof Map<?, ?>) {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) identity;
      return map;
    }
    throw new IllegalArgumentException("identity of an AppSync event must be an object or null");
  }

  private static Map<String, Object> input(Map<String, Object> arguments) {
    Map<String, Object> input = EventFields.object(arguments, "input");
    if (input == null) {
      throw new InvalidRequestException("input", "is required");
    }
    return input;
  }

  private static OrderId orderId(Map<String, Object> arguments) {
    return OrderId.of(EventFields.requiredString(arguments, "id"));
  }

  static Map<String, Object> success(Object data) {
    Map<String, Object> result = new HashMap<>(2);
    result.put("data", data);
    return result;
  }

  static Map<String, Object> failure(String errorType, String message) {
    Map<String, Object> error = new LinkedHashMap<>(4);
    error.put("errorType", errorType);
    error.put("message", message);
    Map<String, Object> result = new HashMap<>(2);
    result.put("error", error);
    return result;
  }

  /** The fields this resolver serves. */
  enum Field {
    ORDER("Query", "order"),
    ORDERS("Query", "orders"),
    POST_ORDER("Mutation", "postOrder"),
    UPDATE_ORDER("Mutation", "updateOrder"),
    DELETE_ORDER("Mutation", "deleteOrder");

    final String parentTypeName;
    final String fieldName;

    Field(String parentTypeName, String fieldName) {
      this.parentTypeName = parentTypeName;
      this.fieldName = fieldName;
    }

    static Field of(Map<String, Object> event) {
      if (event == null || !(event.get("info") instanceof Map<?, ?> info)) {
        throw new IllegalArgumentException("not an AppSync resolver event: no info");
      }
      Object parent = info.get("parentTypeName");
      Object name = info.get("fieldName");
      for (Field field : values()) {
        if (field.parentTypeName.equals(parent) && field.fieldName.equals(name)) {
          return field;
        }
      }
      throw new IllegalArgumentException("this resolver does not serve " + parent + "." + name);
    }
  }

  /** The Lambda container's one wiring, built when the runtime first creates the handler (init phase). */
  private static final class Container {
    static final OncePerContainer<GraphQLResolverHandler> PROTOTYPE = OncePerContainer.build(() -> {
      Injector injector = LambdaWiring.graphQLResolver();
      CallerIdentity callers = CallerIdentity.fromEnvironment(System.getenv());
      GraphQLResolverHandler prototype = new GraphQLResolverHandler(injector, callers);
      StartUp.primed(injector, prototype::prime);
      return prototype;
    });
  }
}
