package dev.orderflow.lambda.changes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Orders table stream events shaped as Lambda delivers them (DynamoDB JSON images); for priming and probes. */
public final class SampleStreamEvents {
  private SampleStreamEvents() {}

  /** An event of one INSERT record: the order {@code orderId} of {@code customer} recorded, {@code PENDING}. */
  public static Map<String, Object> created(String orderId, String customer) {
    Map<String, Object> image = new LinkedHashMap<>();
    image.put("customer", Map.of("S", customer));
    image.put("orderId", Map.of("S", orderId));
    image.put("name", Map.of("S", "Margherita"));
    image.put("quantity", Map.of("N", "2"));
    image.put("restaurantId", Map.of("S", "sample-restaurant"));
    image.put("status", Map.of("S", "PENDING"));
    image.put("createdAt", Map.of("S", "2026-01-01T00:00:00Z"));
    image.put("updatedAt", Map.of("S", "2026-01-01T00:00:00Z"));
    image.put("version", Map.of("N", "1"));
    image.put("notified", Map.of("BOOL", false));
    image.put("paymentVersion", Map.of("N", "0"));
    image.put("pendingFor", Map.of("S", customer));

    Map<String, Object> dynamodb = new LinkedHashMap<>();
    dynamodb.put("ApproximateCreationDateTime", 1767225600);
    dynamodb.put("Keys", Map.of("customer", Map.of("S", customer), "orderId", Map.of("S", orderId)));
    dynamodb.put("NewImage", image);
    dynamodb.put("SequenceNumber", "100000000000000000001");
    dynamodb.put("SizeBytes", 256);
    dynamodb.put("StreamViewType", "NEW_AND_OLD_IMAGES");

    Map<String, Object> record = new LinkedHashMap<>();
    record.put("eventID", "sample-event");
    record.put("eventName", "INSERT");
    record.put("eventVersion", "1.1");
    record.put("eventSource", "aws:dynamodb");
    record.put("awsRegion", "us-east-1");
    record.put("dynamodb", dynamodb);
    record.put("eventSourceARN",
        "arn:aws:dynamodb:us-east-1:000000000000:table/orders/stream/2026-01-01T00:00:00.000");
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("Records", List.of(record));
    return event;
  }
}
