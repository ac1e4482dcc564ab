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
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderflowException;
import dev.orderflow.lambda.support.Json;
import dev.orderflow.lambda.wiring.LambdaWiring;
import dev.orderflow.lambda.wiring.OncePerContainer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The AppSync direct Lambda resolver for every field of {@code graphql/schema.graphql}: routes by
 * {@code info.parentTypeName} and {@code info.fieldName}, takes the customer from {@code identity}
 * (see {@link CallerIdentity}) and calls the matching use case.
 *
 * <p>A direct Lambda resolver cannot give an error a type from a thrown Java exception, so the handler
 * returns an envelope that the response mapping template {@code graphql/response.vtl} unwraps:
 * <pre>{@code {"data": <the field's value>}                                   on success
 * {"error": {"errorType": "NotFound", "message": "order … not found"}}   for an expected outcome}</pre>
 * Error types: those of {@link OrderflowException#errorType()} ({@code ValidationError}, {@code NotFound},
 * {@code ConflictError}, {@code InvalidStateError}, {@code OrderDeleted}), {@code ValidationError} for bad
 * arguments, and {@code Unauthorized} for a caller without a usable identity. Anything else — bugs, transient and
 * permanent infrastructure failures — is thrown, and AppSync reports a Lambda error.
 */
public final class GraphQLResolverHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
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
    try {
      return success(prepare(event).get());
    } catch (OrderflowException e) {
      return failure(e.errorType(), e.getMessage());
    } catch (UnauthorizedException e) {
      return failure(UnauthorizedException.ERROR_TYPE, e.getMessage());
    }
  }

  /**
   * Everything up to the use case call: route, identify the caller, build the command. Runs no port.
   *
   * @throws IllegalArgumentException if the event is no resolver event for a field of this API (a deployment bug)
   */
  private Supplier<Object> prepare(Map<String, Object> event) {
    Field field = Field.of(event);
    CustomerId customer = callers.customerOf(identity(event));
    Map<String, Object> arguments = Json.object(event, "arguments");
    return switch (field) {
      case ORDER -> {
        OrderId id = orderId(arguments);
        yield () -> OrderGraphQL.order(getOrder.get(customer, id));
      }
      case ORDERS -> {
        ListOrdersQuery query = ListOrdersQuery.of(customer, Json.integer(arguments, "limit"),
            Json.string(arguments, "nextToken"));
        yield () -> OrderGraphQL.connection(listOrders.list(query));
      }
      case POST_ORDER -> {
        Map<String, Object> input = input(arguments);
        PlaceOrderCommand command = new PlaceOrderCommand(customer,
            new OrderDetails(Json.requiredString(input, "name"), Json.requiredInteger(input, "quantity"),
                Json.requiredString(input, "restaurantId")),
            Json.string(input, "clientToken"));
        yield () -> OrderGraphQL.order(placeOrder.place(command));
      }
      case UPDATE_ORDER -> {
        Map<String, Object> input = input(arguments);
        Integer expectedVersion = Json.integer(input, "expectedVersion");
        UpdateOrderCommand command = new UpdateOrderCommand(customer, orderId(input),
            new DetailsChange(Json.string(input, "name"), Json.integer(input, "quantity"),
                Json.string(input, "restaurantId")),
            expectedVersion == null ? null : expectedVersion.longValue());
        yield () -> OrderGraphQL.order(updateOrder.update(command));
      }
      case DELETE_ORDER -> {
        OrderId id = orderId(arguments);
        yield () -> deleteOrder.delete(customer, id).map(OrderGraphQL::order).orElse(null);
      }
    };
  }

  /** Runs the handler's own code on a sample event without calling any use case (SnapStart priming). */
  void prime() {
    prepare(SampleEvents.postOrder());
    success(OrderGraphQL.order(SampleEvents.order()));
    failure("NotFound", "order sample not found");
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
    Map<String, Object> input = Json.object(arguments, "input");
    if (input == null) {
      throw new InvalidRequestException("input", "is required");
    }
    return input;
  }

  private static OrderId orderId(Map<String, Object> arguments) {
    return OrderId.of(Json.requiredString(arguments, "id"));
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
      LambdaWiring.primed(injector, prototype::prime);
      return prototype;
    });
  }
}
