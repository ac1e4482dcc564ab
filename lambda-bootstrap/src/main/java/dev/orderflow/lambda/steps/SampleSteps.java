package dev.orderflow.lambda.steps;

import java.util.LinkedHashMap;
import java.util.Map;

/** Step inputs shaped as the state machine passes them (docs/workflow-contract.md); for priming and the probe. */
public final class SampleSteps {
  private SampleSteps() {}

  /** The execution input, which is also {@code InitializeOrder}'s payload. */
  public static Map<String, Object> executionInput(String orderId, String customer) {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("orderId", orderId);
    input.put("customer", customer);
    input.put("name", "Margherita");
    input.put("quantity", 2);
    input.put("restaurantId", "sample-restaurant");
    input.put("acceptedAt", "2026-01-01T00:00:00Z");
    return input;
  }

  /** {@code DecidePayment}'s and {@code CompleteOrder}'s payload. */
  public static Map<String, Object> key(String orderId, String customer) {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("orderId", orderId);
    input.put("customer", customer);
    return input;
  }

  /** {@code FailOrder}'s payload after a declined payment. */
  public static Map<String, Object> declinedState(String orderId, String customer) {
    Map<String, Object> state = executionInput(orderId, customer);
    Map<String, Object> initialized = key(orderId, customer);
    initialized.put("status", "PENDING");
    initialized.put("version", 1);
    state.put("initialized", initialized);
    Map<String, Object> payment = new LinkedHashMap<>();
    payment.put("approved", false);
    payment.put("reason", "payment method declined");
    state.put("payment", payment);
    return state;
  }

  static Map<String, Object> executionInput() {
    return executionInput("sample-order", "sample-customer");
  }

  static Map<String, Object> key() {
    return key("sample-order", "sample-customer");
  }

  static Map<String, Object> declinedState() {
    return declinedState("sample-order", "sample-customer");
  }
}
