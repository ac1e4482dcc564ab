package dev.orderflow.lambda.appsync;

import dev.orderflow.core.application.PlaceOrderCommand;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.EmailAddress;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.port.OrderPage;
import dev.orderflow.lambda.internal.EventFields;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Orders as the GraphQL schema ({@code graphql/schema.graphql}) spells them: {@code Order} and
 * {@code OrderConnection}, and {@code postOrder}'s {@code OrderInput} as a command. Timestamps are {@code AWSDateTime} (ISO-8601, UTC, millisecond precision),
 * the version an {@code Int}. The notification flag is internal and not exposed.
 */
public final class OrderGraphQL {
  private OrderGraphQL() {}

  public static Map<String, Object> order(Order order) {
    Map<String, Object> fields = new LinkedHashMap<>(16);
    fields.put("id", order.id().value());
    fields.put("customer", order.customer().value());
    fields.put("name", order.details().name());
    fields.put("quantity", order.details().quantity());
    fields.put("restaurantId", order.details().restaurantId());
    fields.put("status", order.status().name());
    fields.put("failureReason", order.failureReason());
    fields.put("createdAt", dateTime(order.createdAt()));
    fields.put("updatedAt", dateTime(order.updatedAt()));
    fields.put("version", Math.toIntExact(order.version()));
    return fields;
  }

  /**
   * {@code Mutation.postOrder}'s command: the caller, the input's details and client token, and where the outcome
   * email goes — the caller's verified address ({@link CallerIdentity#verifiedEmailOf}), never one from the input.
   *
   * @param input the {@code input} argument ({@code name}, {@code quantity}, {@code restaurantId}, optional
   *     {@code clientToken})
   * @param email none: the order gets no outcome email
   * @throws dev.orderflow.core.domain.InvalidRequestException naming the field that is missing or invalid
   */
  public static PlaceOrderCommand postOrder(CustomerId customer, Map<String, Object> input,
      Optional<EmailAddress> email) {
    return new PlaceOrderCommand(customer,
        new OrderDetails(EventFields.requiredString(input, "name"), EventFields.requiredInteger(input, "quantity"),
            EventFields.requiredString(input, "restaurantId")),
        EventFields.string(input, "clientToken"), email.orElse(null));
  }

  public static Map<String, Object> connection(OrderPage page) {
    List<Map<String, Object>> items = new ArrayList<>(page.items().size());
    page.items().forEach(order -> items.add(order(order)));
    Map<String, Object> fields = new LinkedHashMap<>(4);
    fields.put("items", items);
    fields.put("nextToken", page.nextToken());
    return fields;
  }

  /** {@code AWSDateTime}: e.g. {@code 2026-01-01T12:00:00.123Z}. */
  public static String dateTime(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
