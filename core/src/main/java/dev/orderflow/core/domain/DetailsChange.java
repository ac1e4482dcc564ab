package dev.orderflow.core.domain;

/**
 * A partial change of {@link OrderDetails}: {@code null} means "keep". At least one field must be
 * given, and every given field obeys the rules of {@link OrderDetails}.
 */
public record DetailsChange(String name, Integer quantity, String restaurantId) {
  public DetailsChange {
    if (name == null && quantity == null && restaurantId == null) {
      throw new InvalidRequestException("input", "give at least one of name, quantity, restaurantId");
    }
    if (name != null) {
      Validation.requireText("name", name, OrderDetails.MAX_NAME_LENGTH);
    }
    if (quantity != null) {
      Validation.requireRange("quantity", quantity, OrderDetails.MIN_QUANTITY, OrderDetails.MAX_QUANTITY);
    }
    if (restaurantId != null) {
      Validation.requireText("restaurantId", restaurantId, OrderDetails.MAX_RESTAURANT_ID_LENGTH);
    }
  }
}
