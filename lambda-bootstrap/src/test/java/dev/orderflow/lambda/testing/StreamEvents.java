package dev.orderflow.lambda.testing;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Orders table stream events as the event source mapping delivers them to a function (view type
 * NEW_AND_OLD_IMAGES, images in DynamoDB JSON), parsed as the Lambda runtime parses them.
 */
public final class StreamEvents {
  private static final String ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/orders/stream/2026-01-01T00:00:00.000";

  private StreamEvents() {}

  /** One record: {@code oldImage} / {@code newImage} empty or {@code null} when the event has none. */
  public record Record(String sequenceNumber, String eventName, Map<String, AttributeValue> oldImage,
      Map<String, AttributeValue> newImage) {
    String json() {
      Map<String, AttributeValue> any = newImage == null || newImage.isEmpty() ? oldImage : newImage;
      StringBuilder dynamodb = new StringBuilder("{\"ApproximateCreationDateTime\":1767225600,");
      dynamodb.append("\"Keys\":").append(item(Map.of("customer", any.get("customer"), "orderId", any.get("orderId"))));
      if (newImage != null && !newImage.isEmpty()) {
        dynamodb.append(",\"NewImage\":").append(item(newImage));
      }
      if (oldImage != null && !oldImage.isEmpty()) {
        dynamodb.append(",\"OldImage\":").append(item(oldImage));
      }
      dynamodb.append(",\"SequenceNumber\":").append(LambdaJson.quote(sequenceNumber))
          .append(",\"SizeBytes\":321,\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"}");
      return "{\"eventID\":\"event-" + sequenceNumber + "\",\"eventName\":\"" + eventName + "\",\"eventVersion\":\"1.1\","
          + "\"eventSource\":\"aws:dynamodb\",\"awsRegion\":\"us-east-1\",\"dynamodb\":" + dynamodb
          + ",\"eventSourceARN\":\"" + ARN + "\"}";
    }
  }

  /** The event's JSON, as Lambda sends it. */
  public static String json(List<Record> records) {
    return "{\"Records\":[" + records.stream().map(Record::json).collect(Collectors.joining(",")) + "]}";
  }

  /** The event as the Lambda Java runtime hands it to a {@code Map} handler. */
  public static Map<String, Object> event(List<Record> records) {
    return LambdaJson.map(json(records));
  }

  /** An item in DynamoDB JSON. */
  public static String item(Map<String, AttributeValue> item) {
    return item.entrySet().stream()
        .map(e -> LambdaJson.quote(e.getKey()) + ":" + value(e.getValue()))
        .collect(Collectors.joining(",", "{", "}"));
  }

  private static String value(AttributeValue value) {
    return switch (value.type()) {
      case S -> "{\"S\":" + LambdaJson.quote(value.s()) + "}";
      case N -> "{\"N\":" + LambdaJson.quote(value.n()) + "}";
      case BOOL -> "{\"BOOL\":" + value.bool() + "}";
      case NUL -> "{\"NULL\":true}";
      case B -> "{\"B\":\"" + Base64.getEncoder().encodeToString(value.b().asByteArray()) + "\"}";
      case SS -> value.ss().stream().map(LambdaJson::quote).collect(Collectors.joining(",", "{\"SS\":[", "]}"));
      case NS -> value.ns().stream().map(LambdaJson::quote).collect(Collectors.joining(",", "{\"NS\":[", "]}"));
      case BS -> value.bs().stream().map(b -> "\"" + Base64.getEncoder().encodeToString(b.asByteArray()) + "\"")
          .collect(Collectors.joining(",", "{\"BS\":[", "]}"));
      case L -> value.l().stream().map(StreamEvents::value).collect(Collectors.joining(",", "{\"L\":[", "]}"));
      case M -> "{\"M\":" + item(value.m()) + "}";
      default -> throw new IllegalArgumentException("unknown attribute type " + value.type());
    };
  }
}
