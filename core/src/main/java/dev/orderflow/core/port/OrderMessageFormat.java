package dev.orderflow.core.port;

import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.EmailAddress;
import dev.orderflow.core.domain.InvalidRequestException;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.domain.OrderStatus;
import dev.orderflow.core.internal.JsonText;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire formats of the pipeline's messages, written here once so every adapter writes the same bytes.
 *
 * <p>The queue's format for an {@link OrderRequest} is one flat JSON object,
 * <pre>{@code {"orderId":"…","customer":"…","name":"…","quantity":2,"restaurantId":"…","acceptedAt":"2026-01-01T00:00:00Z",
 *  "email":"…"}}</pre>
 * where {@code email}, the customer's verified address for the outcome email, is there only when the request has one.
 * Every queue implementation and consumer uses this class, so a message written by one is read by all.
 * Decoding accepts exactly that shape (any key order, unknown keys ignored) and nothing nested.
 */
public final class OrderMessageFormat {
  private OrderMessageFormat() {}

  public static String encode(OrderRequest request) {
    return JsonText.write(fields(request));
  }

  /**
   * The queue message's fields in their order, for a document that carries them among others (the workflow's
   * execution input adds its start id).
   */
  public static Map<String, Object> fields(OrderRequest request) {
    Map<String, Object> fields = new LinkedHashMap<>(8);
    fields.put("orderId", request.id().value());
    fields.put("customer", request.customer().value());
    fields.put("name", request.details().name());
    fields.put("quantity", request.details().quantity());
    fields.put("restaurantId", request.details().restaurantId());
    fields.put("acceptedAt", request.acceptedAt().toString());
    request.email().ifPresent(email -> fields.put("email", email.value()));
    return fields;
  }

  /**
   * The notification body for an order's final outcome (what {@link OrderNotifier} implementations publish):
   * <pre>{@code {"orderId":"…","customer":"…","status":"FAILED","failureReason":"card expired","name":"…",
   *  "quantity":2,"restaurantId":"…","updatedAt":"2026-01-01T00:00:01Z"}}</pre>
   * {@code failureReason} is {@code null} unless the status is {@code FAILED}. It never carries the customer's
   * email address: the outcome goes to every subscriber of the topic.
   */
  public static String encodeOutcome(Order order) {
    Map<String, Object> fields = new LinkedHashMap<>(12);
    fields.put("orderId", order.id().value());
    fields.put("customer", order.customer().value());
    fields.put("status", order.status().name());
    fields.put("failureReason", order.failureReason());
    fields.put("name", order.details().name());
    fields.put("quantity", order.details().quantity());
    fields.put("restaurantId", order.details().restaurantId());
    fields.put("updatedAt", order.updatedAt().toString());
    return JsonText.write(fields);
  }

  /** @throws MalformedMessageException if the body is not a valid order request */
  public static OrderRequest decode(String body) {
    if (body == null) {
      throw new MalformedMessageException("empty message body");
    }
    Map<String, Object> fields = flatObject(body);
    try {
      return new OrderRequest(
          new OrderId(string(fields, "orderId")),
          new CustomerId(string(fields, "customer")),
          new OrderDetails(string(fields, "name"), quantity(fields), string(fields, "restaurantId")),
          Instant.parse(string(fields, "acceptedAt")),
          fields.get("email") == null ? null : EmailAddress.of(string(fields, "email")));
    } catch (InvalidRequestException | DateTimeParseException e) {
      throw new MalformedMessageException("invalid order request: " + e.getMessage(), e);
    }
  }

  /**
   * The order an outcome notification (see {@link #encodeOutcome}) is about.
   *
   * @throws MalformedMessageException if the body is not an outcome notification
   */
  public static OrderRef decodeOutcome(String body) {
    if (body == null) {
      throw new MalformedMessageException("empty message body");
    }
    Map<String, Object> fields = flatObject(body);
    OrderStatus status;
    try {
      status = OrderStatus.valueOf(string(fields, "status"));
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException("outcome notification with an unknown status", e);
    }
    if (!status.isFinal()) {
      throw new MalformedMessageException("outcome notification with a status that is not final: " + status);
    }
    try {
      return new OrderRef(new CustomerId(string(fields, "customer")), new OrderId(string(fields, "orderId")));
    } catch (InvalidRequestException e) {
      throw new MalformedMessageException("invalid outcome notification: " + e.getMessage(), e);
    }
  }

  /** Which order a message is about: the repository's key. */
  public record OrderRef(CustomerId customer, OrderId id) {
    public OrderRef {
      java.util.Objects.requireNonNull(customer, "customer");
      java.util.Objects.requireNonNull(id, "id");
    }
  }

  /** One JSON object whose values are strings, numbers, booleans or null: nothing nested. */
  private static Map<String, Object> flatObject(String body) {
    Object value;
    try {
      value = JsonText.read(body);
    } catch (JsonText.Malformed e) {
      throw new MalformedMessageException("message is not an order request (" + e.getMessage() + ")");
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new MalformedMessageException("message is not an order request (not a JSON object)");
    }
    Map<String, Object> fields = new HashMap<>();
    map.forEach((key, field) -> {
      if (field instanceof Map || field instanceof List) {
        throw new MalformedMessageException("message is not an order request (nested value under '" + key + "')");
      }
      fields.put((String) key, field);
    });
    return fields;
  }

  private static String string(Map<String, Object> fields, String key) {
    if (fields.get(key) instanceof String s) {
      return s;
    }
    throw new MalformedMessageException("message needs a string field '" + key + "'");
  }

  private static int quantity(Map<String, Object> fields) {
    if (fields.get("quantity") instanceof Long n && n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
      return n.intValue();
    }
    throw new MalformedMessageException("message needs an integer field 'quantity'");
  }
}
