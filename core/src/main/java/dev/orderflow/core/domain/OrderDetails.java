package dev.orderflow.core.domain;

/**
 * What the customer ordered. Validated on construction: name 1–200 characters, restaurant id
 * 1–64 characters (neither blank nor holding control characters), quantity 1–1000.
 */
public record OrderDetails(String name, int quantity, String restaurantId) {
  public static final int MAX_NAME_LENGTH = 200;
  public static final int MAX_RESTAURANT_ID_LENGTH = 64;
  public static final int MIN_QUANTITY = 1;
  public static final int MAX_QUANTITY = 1000;

  public OrderDetails {
    Validation.requireText("name", name, MAX_NAME_LENGTH);
    Validation.requireRange("quantity", quantity, MIN_QUANTITY, MAX_QUANTITY);
    Validation.requireText("restaurantId", restaurantId, MAX_RESTAURANT_ID_LENGTH);
  }

  /** These details with the given changes applied; {@code null} fields of the change keep their value. */
  public OrderDetails with(DetailsChange change) {
    return new OrderDetails(
        change.name() != null ? change.name() : name,
        change.quantity() != null ? change.quantity() : quantity,
        change.restaurantId() != null ? change.restaurantId() : restaurantId);
  }
}
