package dev.orderflow.lambda.steps;

import com.amazonaws.services.lambda.runtime.Context;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.port.TransientFailureException;
import dev.orderflow.lambda.internal.EventFields;
import dev.orderflow.lambda.telemetry.Telemetry;
import java.time.Duration;
import java.util.function.Function;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** What every step handler shares: reading the order's key, and surfacing transient failures. */
public final class Steps {
  /** Metric: a redelivered message or a repeated step that found its work done. */
  public static final String DUPLICATES_SUPPRESSED = "DuplicateDeliveriesSuppressed";
  /** Metric: the workflow found the order deleted (the run is cancelled, or its last step has nothing to do). */
  public static final String ORDERS_CANCELLED = "OrdersCancelled";
  /** Metric: CompleteOrder set {@code SUCCESS}. */
  public static final String ORDERS_SUCCEEDED = "OrdersSucceeded";
  /** Metric: FailOrder set {@code FAILED}; dimension {@code Reason}. */
  public static final String ORDERS_FAILED = "OrdersFailed";
  /** Metric: milliseconds from the order's acceptance to its final status. */
  public static final String TIME_TO_FINAL = "TimeToFinal";

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

  /**
   * Runs a step with its telemetry: reads the order's key from {@code input} for the log, logs a failure before it
   * leaves the handler ({@code WARN step.retry} for a transient one, which the state machine retries, else
   * {@code ERROR step.failed}) and writes the metrics at the end, also on failure.
   */
  static Map<String, Object> run(Context context, Map<String, Object> input, Function<Telemetry, Map<String, Object>> step) {
    try (Telemetry telemetry = Telemetry.start(context)) {
      telemetry.order(input == null ? null : text(input.get("orderId")), input == null ? null : text(input.get("customer")));
      try {
        return run(() -> step.apply(telemetry));
      } catch (TransientFailureException e) {
        telemetry.warn("step.retry", "step failed transiently, the state machine retries it: " + e.getMessage(),
            "errorType", e.getClass().getName());
        throw e;
      } catch (RuntimeException e) {
        telemetry.error("step.failed", "step failed", e);
        throw e;
      }
    }
  }

  private static String text(Object value) {
    return value instanceof String text ? text : null;
  }

  /** Logs and counts a repeated step that found its work done. */
  static void repeated(Telemetry telemetry, String message) {
    telemetry.info("step.repeated", message);
    telemetry.metrics().count(DUPLICATES_SUPPRESSED);
  }

  /** Logs and counts an order the workflow found deleted. */
  static void cancelled(Telemetry telemetry) {
    telemetry.info("order.cancelled", "the customer deleted the order: nothing more to do");
    telemetry.metrics().count(ORDERS_CANCELLED);
  }

  /** Records the time from the order's acceptance to its final status. */
  static void timeToFinal(Telemetry telemetry, Order order) {
    telemetry.metrics().milliseconds(TIME_TO_FINAL, Duration.between(order.createdAt(), order.updatedAt()).toMillis());
  }

  static OrderId orderId(Map<String, Object> input) {
    return OrderId.of(EventFields.requiredString(input, "orderId"));
  }

  static CustomerId customer(Map<String, Object> input) {
    return CustomerId.of(EventFields.requiredString(input, "customer"));
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
