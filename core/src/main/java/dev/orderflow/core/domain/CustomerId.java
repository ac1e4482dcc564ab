package dev.orderflow.core.domain;

/** The customer who owns an order: every read and write is scoped to one. */
public record CustomerId(String value) {
  public static final int MAX_LENGTH = 128;

  public CustomerId {
    Validation.requireText("customer", value, MAX_LENGTH);
  }

  public static CustomerId of(String value) {
    return new CustomerId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
