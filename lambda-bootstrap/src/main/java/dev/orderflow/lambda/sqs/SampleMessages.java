package dev.orderflow.lambda.sqs;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.port.OrderMessageFormat;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Order queue messages and SQS events shaped as Lambda delivers them; for priming and the cold-start probe. */
public final class SampleMessages {
  private SampleMessages() {}

  static String body() {
    return body("sample-order", "sample-customer");
  }

  public static String body(String orderId, String customer) {
    return OrderMessageFormat.encode(new OrderRequest(OrderId.of(orderId), CustomerId.of(customer),
        new OrderDetails("Margherita", 2, "sample-restaurant"), Instant.parse("2026-01-01T00:00:00Z")));
  }

  /** An event of one message with {@code body}, as the SQS event source mapping delivers it. */
  public static SQSEvent event(String messageId, String body) {
    SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
    message.setMessageId(messageId);
    message.setReceiptHandle("AQEB" + messageId);
    message.setBody(body);
    message.setAttributes(Map.of(
        "ApproximateReceiveCount", "1",
        "SentTimestamp", "1767225600000",
        "SenderId", "AIDAEXAMPLE",
        "ApproximateFirstReceiveTimestamp", "1767225600001"));
    message.setMessageAttributes(Map.of());
    message.setMd5OfBody("0");
    message.setEventSource("aws:sqs");
    message.setEventSourceArn("arn:aws:sqs:us-east-1:000000000000:orders");
    message.setAwsRegion("us-east-1");
    SQSEvent event = new SQSEvent();
    event.setRecords(List.of(message));
    return event;
  }
}
