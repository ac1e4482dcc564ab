package dev.orderflow.core.domain;

/**
 * What the customer ordered. Validated on construction: name 1–200 characters, restaurant id
 * 1–64 characters, quantity 1–1000. "Characters" are Unicode code points (an emoji counts once); neither
 * text may be blank or hold control characters, unpaired surrogates, noncharacters or invisible /
 * bidirectional formatting characters (the rules of {@code Validation.requireText}), so whatever passes
 * here is accepted by SQS and DynamoDB. At most 4 UTF-8 bytes per code point: a name is at most 800 bytes,
 * a restaurant id at most 256 (within DynamoDB's 1024-byte sort key limit, should it ever become a key).
 */
public record OrderDetails(String name, int quantity, String restaurantId) {
  /** In code points. */
  public static final int MAX_NAME_LENGTH = 200;
  /** In code points. */
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
