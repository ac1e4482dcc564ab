package dev.orderflow.core.domain;

/** Shared field rules; every failure is an {@link InvalidRequestException} naming the field. */
final class Validation {
  private Validation() {}

  static String requireText(String field, String value, int maxLength) {
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException(field, "must not be blank");
    }
    if (value.length() > maxLength) {
      throw new InvalidRequestException(field, "must be at most " + maxLength + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new InvalidRequestException(field, "must not contain control characters");
      }
    }
    return value;
  }

  static int requireRange(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new InvalidRequestException(field, "must be between " + min + " and " + max);
    }
    return value;
  }
}
