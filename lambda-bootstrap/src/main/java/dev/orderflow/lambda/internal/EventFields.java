package dev.orderflow.lambda.internal;

import dev.orderflow.core.domain.InvalidRequestException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * Not API. Typed reads from the {@code Map<String,Object>} that the Lambda Java runtime makes of a JSON event
 * (objects are maps, numbers are {@code Integer}, {@code Long}, {@code Double} or big numbers). Every
 * problem is an {@link InvalidRequestException} naming the field, so a caller can report it as it
 * likes (a GraphQL {@code ValidationError}, a failed workflow step). Not a JSON codec: the runtime has parsed the
 * event already, and the project's one codec for its own documents is {@code dev.orderflow.core.internal.JsonText}.
 */
public final class EventFields {
  private EventFields() {}

  /** The nested object under {@code key}, or {@code null} if absent or JSON null. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(Map<String, Object> map, String key) {
    Object value = map == null ? null : map.get(key);
    if (value == null) {
      return null;
    }
    if (value instanceof Map<?, ?> nested) {
      return (Map<String, Object>) nested;
    }
    throw new InvalidRequestException(key, "must be an object");
  }

  /** The string under {@code key}, or {@code null} if absent or JSON null. */
  public static String string(Map<String, Object> map, String key) {
    Object value = map == null ? null : map.get(key);
    if (value == null) {
      return null;
    }
    if (value instanceof String text) {
      return text;
    }
    throw new InvalidRequestException(key, "must be a string");
  }

  public static String requiredString(Map<String, Object> map, String key) {
    String value = string(map, key);
    if (value == null) {
      throw new InvalidRequestException(key, "is required");
    }
    return value;
  }

  /** The 32-bit integer under {@code key} (GraphQL {@code Int}), or {@code null} if absent or JSON null. */
  public static Integer integer(Map<String, Object> map, String key) {
    Object value = map == null ? null : map.get(key);
    if (value == null) {
      return null;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).intValue();
    }
    BigDecimal exact;
    if (value instanceof Long n) {
      exact = BigDecimal.valueOf(n);
    } else if (value instanceof BigInteger n) {
      exact = new BigDecimal(n);
    } else if (value instanceof BigDecimal n) {
      exact = n;
    } else if ((value instanceof Double || value instanceof Float) && Double.isFinite(((Number) value).doubleValue())) {
      exact = BigDecimal.valueOf(((Number) value).doubleValue());
    } else {
      throw new InvalidRequestException(key, "must be an integer");
    }
    try {
      return exact.intValueExact();
    } catch (ArithmeticException e) {
      throw new InvalidRequestException(key, "must be a whole number within the 32-bit range");
    }
  }

  public static int requiredInteger(Map<String, Object> map, String key) {
    Integer value = integer(map, key);
    if (value == null) {
      throw new InvalidRequestException(key, "is required");
    }
    return value;
  }

  /** The boolean under {@code key}, or {@code null} if absent or JSON null. */
  public static Boolean bool(Map<String, Object> map, String key) {
    Object value = map == null ? null : map.get(key);
    if (value == null || value instanceof Boolean) {
      return (Boolean) value;
    }
    throw new InvalidRequestException(key, "must be a boolean");
  }
}
