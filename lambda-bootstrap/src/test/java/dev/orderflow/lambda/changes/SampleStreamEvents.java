package dev.orderflow.lambda.changes;

import dev.orderflow.lambda.internal.priming.PrimingEvents;
import java.util.Map;

/** Test fixtures: orders table stream events shaped as Lambda delivers them (DynamoDB JSON images). */
public final class SampleStreamEvents {
  private SampleStreamEvents() {}

  /** An event of one INSERT record: the order {@code orderId} of {@code customer} recorded, {@code PENDING}. */
  public static Map<String, Object> created(String orderId, String customer) {
    return PrimingEvents.orderCreated(orderId, customer);
  }
}
