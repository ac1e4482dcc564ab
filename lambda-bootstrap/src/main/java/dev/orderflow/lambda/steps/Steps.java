package dev.orderflow.lambda.steps;

import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.port.TransientFailureException;
import dev.orderflow.lambda.support.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** What every step handler shares: reading the order's key, and surfacing transient failures. */
final class Steps {
  /**
   * The error name the state machine's {@code Retry} matches. The Java Lambda runtime reports a thrown
   * exception's fully qualified class name as {@code errorType}, so a transient failure must leave the
   * handler as exactly this class, not a subclass an adapter may throw.
   */
  static final String TRANSIENT_ERROR = TransientFailureException.class.getName();

  private Steps() {}

  /** Runs a step; a transient failure of any subclass leaves as a plain {@link TransientFailureException}. */
  static Map<String, Object> run(Supplier<Map<String, Object>> step) {
    try {
      return step.get();
    } catch (TransientFailureException e) {
      if (e.getClass() == TransientFailureException.class) {
        throw e;
      }
      throw new TransientFailureException(e.getMessage(), e);
    }
  }

  static OrderId orderId(Map<String, Object> input) {
    return OrderId.of(Json.requiredString(input, "orderId"));
  }

  static CustomerId customer(Map<String, Object> input) {
    return CustomerId.of(Json.requiredString(input, "customer"));
  }

  /** {@code {"orderId","customer"}} plus {@code status} when there is one. */
  static Map<String, Object> key(OrderId id, CustomerId customer, String status) {
    Map<String, Object> output = new LinkedHashMap<>(6);
    output.put("orderId", id.value());
    output.put("customer", customer.value());
    if (status != null) {
      output.put("status", status);
    }
    return output;
  }
}
