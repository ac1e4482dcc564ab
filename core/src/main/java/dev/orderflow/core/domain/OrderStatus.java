package dev.orderflow.core.domain;

/** Lifecycle: {@code PENDING → SUCCESS | FAILED}, set once. */
public enum OrderStatus {
  PENDING,
  SUCCESS,
  FAILED;

  public boolean isFinal() {
    return this != PENDING;
  }
}
