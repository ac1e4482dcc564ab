package dev.orderflow.core.domain;

/**
 * Lifecycle: {@code PENDING → SUCCESS | FAILED}, set once. Deleting an order removes it whatever its status
 * (see {@code OrderRepository#delete}); a deleted order has no status a client can read.
 */
public enum OrderStatus {
  PENDING,
  SUCCESS,
  FAILED;

  public boolean isFinal() {
    return this != PENDING;
  }
}
