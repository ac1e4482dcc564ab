package dev.orderflow.lambda.changes;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB's JSON form of items, as a stream event carries them ({@code {"name":{"S":"Margherita"},
 * "quantity":{"N":"2"},…}}), read from what the Lambda Java runtime makes of the event's JSON, into the SDK's
 * {@link AttributeValue}s: every type ({@code S}, {@code N}, {@code B} in base64, {@code BOOL}, {@code NULL},
 * {@code SS}, {@code NS}, {@code BS}, {@code L}, {@code M}).
 */
final class DynamoDbJson {
  private DynamoDbJson() {}

  /**
   * @param json an image ({@code NewImage}, {@code OldImage}), or {@code null}
   * @return the item; empty for {@code null}
   * @throws IllegalArgumentException naming the attribute that is not a DynamoDB JSON attribute value
   */
  static Map<String, AttributeValue> item(Object json) {
    if (json == null) {
      return Map.of();
    }
    if (!(json instanceof Map<?, ?> fields)) {
      throw new IllegalArgumentException("an image must be an object");
    }
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    fields.forEach((name, value) -> item.put(String.valueOf(name), value(String.valueOf(name), value)));
    return item;
  }

  private static AttributeValue value(String path, Object json) {
    if (!(json instanceof Map<?, ?> typed) || typed.size() != 1) {
      throw new IllegalArgumentException("attribute " + path + " must be an object with one type key");
    }
    Map.Entry<?, ?> entry = typed.entrySet().iterator().next();
    String type = String.valueOf(entry.getKey());
    Object content = entry.getValue();
    return switch (type) {
      case "S" -> AttributeValue.fromS(text(path, content));
      case "N" -> AttributeValue.fromN(text(path, content));
      case "B" -> AttributeValue.fromB(bytes(path, content));
      case "BOOL" -> {
        if (!(content instanceof Boolean bool)) {
          throw new IllegalArgumentException("attribute " + path + ": BOOL must be true or false");
        }
        yield AttributeValue.fromBool(bool);
      }
      case "NULL" -> AttributeValue.fromNul(Boolean.TRUE);
      case "SS" -> AttributeValue.fromSs(list(path, content).stream().map(v -> text(path, v)).toList());
      case "NS" -> AttributeValue.fromNs(list(path, content).stream().map(v -> text(path, v)).toList());
      case "BS" -> AttributeValue.fromBs(list(path, content).stream().map(v -> bytes(path, v)).toList());
      case "L" -> {
        List<AttributeValue> values = new ArrayList<>();
        List<?> items = list(path, content);
        for (int i = 0; i < items.size(); i++) {
          values.add(value(path + "[" + i + "]", items.get(i)));
        }
        yield AttributeValue.fromL(values);
      }
      case "M" -> {
        if (!(content instanceof Map<?, ?> nested)) {
          throw new IllegalArgumentException("attribute " + path + ": M must be an object");
        }
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        nested.forEach((name, value) -> values.put(String.valueOf(name), value(path + "." + name, value)));
        yield AttributeValue.fromM(values);
      }
      default -> throw new IllegalArgumentException("attribute " + path + " has an unknown type " + type);
    };
  }

  private static String text(String path, Object content) {
    if (content instanceof String text) {
      return text;
    }
    throw new IllegalArgumentException("attribute " + path + " must hold a string");
  }

  private static SdkBytes bytes(String path, Object content) {
    try {
      return SdkBytes.fromByteArray(Base64.getDecoder().decode(text(path, content)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("attribute " + path + " must hold base64", e);
    }
  }

  private static List<?> list(String path, Object content) {
    if (content instanceof List<?> list) {
      return list;
    }
    throw new IllegalArgumentException("attribute " + path + " must hold a list");
  }
}
