package dev.orderflow.core.domain;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * An order's id: 1–64 characters of {@code [A-Za-z0-9_-]}, so it is also a valid Step Functions
 * execution name and DynamoDB key.
 */
public record OrderId(String value) {
  private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public OrderId {
    if (value == null || !SHAPE.matcher(value).matches()) {
      throw new InvalidRequestException("id", "must be 1-64 characters of letters, digits, '-' or '_'");
    }
  }

  public static OrderId of(String value) {
    return new OrderId(value);
  }

  /**
   * The id that a retried placement with the same client token yields: a name-based UUID of the
   * customer and the token, so two customers using the same token get different orders.
   */
  public static OrderId fromClientToken(CustomerId customer, String clientToken) {
    byte[] name = (customer.value() + '\u0000' + clientToken).getBytes(StandardCharsets.UTF_8);
    return new OrderId(UUID.nameUUIDFromBytes(name).toString());
  }

  @Override
  public String toString() {
    return value;
  }
}
