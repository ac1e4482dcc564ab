package dev.orderflow.lambda.steps;

import dev.orderflow.lambda.internal.priming.PrimingEvents;
import java.util.Map;

/** Test fixtures: step inputs shaped as the state machine passes them (docs/workflow-contract.md). */
public final class SampleSteps {
  private SampleSteps() {}

  /** The execution input, which is also {@code InitializeOrder}'s payload. */
  public static Map<String, Object> executionInput(String orderId, String customer) {
    return PrimingEvents.executionInput(orderId, customer);
  }

  /** {@code DecidePayment}'s and {@code CompleteOrder}'s payload. */
  public static Map<String, Object> key(String orderId, String customer) {
    return PrimingEvents.stepKey(orderId, customer);
  }

  /** {@code FailOrder}'s payload after a declined payment. */
  public static Map<String, Object> declinedState(String orderId, String customer) {
    return PrimingEvents.declinedState(orderId, customer);
  }

  static Map<String, Object> executionInput() {
    return PrimingEvents.executionInput();
  }

  static Map<String, Object> declinedState() {
    return PrimingEvents.declinedState();
  }
}
