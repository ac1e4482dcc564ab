package dev.orderflow.core.domain;

/**
 * The customer who owns an order: every read and write is scoped to one. 1–128 characters (code points)
 * under the same text rules as an order's name, so at most 512 UTF-8 bytes: it is the orders table's
 * partition key, which DynamoDB limits to 2048 bytes.
 */
public record CustomerId(String value) {
  /** In code points. */
  public static final int MAX_LENGTH = 128;
  /** The most UTF-8 bytes a valid customer id takes (4 per code point); DynamoDB's partition key limit is 2048. */
  public static final int MAX_UTF8_BYTES = MAX_LENGTH * Validation.MAX_UTF8_BYTES_PER_CODE_POINT;

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
