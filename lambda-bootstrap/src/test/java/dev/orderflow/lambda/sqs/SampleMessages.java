package dev.orderflow.lambda.sqs;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.orderflow.lambda.internal.priming.PrimingEvents;
import java.util.List;
import java.util.Map;

/** Test fixtures: order queue messages and SQS events shaped as Lambda delivers them; for tests and the probes. */
public final class SampleMessages {
  private SampleMessages() {}

  static String body() {
    return PrimingEvents.queueMessage();
  }

  public static String body(String orderId, String customer) {
    return PrimingEvents.queueMessage(orderId, customer);
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
