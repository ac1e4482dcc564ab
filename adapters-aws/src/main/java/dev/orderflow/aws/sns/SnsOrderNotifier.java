package dev.orderflow.aws.sns;

import dev.orderflow.aws.AwsErrors;
import dev.orderflow.aws.internal.Lazy;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.port.OrderMessageFormat;
import dev.orderflow.core.port.OrderNotifier;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * {@link OrderNotifier} on an SNS topic. The message is a JSON object
 * <pre>{@code {"orderId":"…","customer":"…","status":"FAILED","failureReason":"card expired",
 *  "name":"…","quantity":2,"restaurantId":"…","updatedAt":"2026-01-01T12:00:01Z"}}</pre>
 * ({@code failureReason} is {@code null} unless FAILED), with String message attributes {@code status} and
 * {@code customer} for subscription filter policies. The subject line is for email subscribers.
 */
public final class SnsOrderNotifier implements OrderNotifier {
  public static final String STATUS_ATTRIBUTE = "status";
  public static final String CUSTOMER_ATTRIBUTE = "customer";

  private final Supplier<SnsClient> client;
  private final String topicArn;

  public SnsOrderNotifier(SnsClient client, String topicArn) {
    this(Lazy.ready(client), topicArn);
  }

  /** @param client built on first use */
  public SnsOrderNotifier(Supplier<SnsClient> client, String topicArn) {
    this.client = Objects.requireNonNull(client, "client");
    this.topicArn = Objects.requireNonNull(topicArn, "topicArn");
  }

  @Override
  public void publish(Order order) {
    if (!order.status().isFinal()) {
      throw new IllegalArgumentException("order " + order.id() + " has no outcome yet: " + order.status());
    }
    try {
      client.get().publish(b -> b.topicArn(topicArn)
          .subject("Order " + order.status().name().toLowerCase())
          .message(message(order))
          .messageAttributes(Map.of(
              STATUS_ATTRIBUTE, string(order.status().name()),
              CUSTOMER_ATTRIBUTE, string(order.customer().value()))));
    } catch (SdkException e) {
      throw AwsErrors.translate("SNS Publish " + topicArn, e);
    }
  }

  /** The published body: {@link OrderMessageFormat#encodeOutcome(Order)}. */
  static String message(Order order) {
    return OrderMessageFormat.encodeOutcome(order);
  }

  private static MessageAttributeValue string(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }
}
