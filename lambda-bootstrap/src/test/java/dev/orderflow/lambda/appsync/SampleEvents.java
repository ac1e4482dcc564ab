package dev.orderflow.lambda.appsync;

import dev.orderflow.core.domain.Order;
import dev.orderflow.lambda.internal.priming.PrimingEvents;
import java.util.Map;

/**
 * Test fixtures: resolver events shaped as AppSync sends them to a direct Lambda resolver, from the sample Cognito
 * user — the shapes SnapStart priming uses ({@link PrimingEvents}), for tests and the cold-start probes.
 */
public final class SampleEvents {
  static final String SAMPLE_SUB = PrimingEvents.COGNITO_SUB;

  private SampleEvents() {}

  /** {@code Mutation.postOrder} from a Cognito user pool user. */
  public static Map<String, Object> postOrder() {
    return PrimingEvents.postOrder();
  }

  /** {@code Mutation.postOrder} with a client token (which makes the resolver read the table first). */
  public static Map<String, Object> postOrder(String clientToken) {
    return PrimingEvents.postOrder(clientToken);
  }

  static Order order() {
    return PrimingEvents.order();
  }
}
