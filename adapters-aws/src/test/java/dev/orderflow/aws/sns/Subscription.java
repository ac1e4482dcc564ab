package dev.orderflow.aws.sns;

import dev.orderflow.aws.LocalAws;
import dev.orderflow.aws.Polling;
import dev.orderflow.core.contract.PublishedOutcome;
import dev.orderflow.core.domain.OrderStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** An SQS queue subscribed to the outcome topic with raw delivery and a filter policy, as a subscriber sees it. */
public final class Subscription {
  private final SqsClient sqs;
  private final String queueUrl;

  private Subscription(SqsClient sqs, String queueUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  /** @param filterPolicy e.g. {@code {"status":["SUCCESS","FAILED"]}} */
  public static Subscription create(SnsClient sns, SqsClient sqs, String topicArn, String filterPolicy) {
    String queueUrl = LocalAws.createQueue(sqs, LocalAws.uniqueName("outcomes"));
    String queueArn = LocalAws.queueArn(sqs, queueUrl);
    sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn)
        .attributes(Map.of("RawMessageDelivery", "true", "FilterPolicy", filterPolicy)));
    return new Subscription(sqs, queueUrl);
  }

  /** Receives and deletes messages until {@code expected} arrived or {@code wait} passed. */
  public List<Message> receive(int expected, Duration wait) {
    List<Message> received = new ArrayList<>();
    Polling.collect(wait, () -> {
      List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
          .waitTimeSeconds(expected == 0 ? 0 : 1).messageAttributeNames("All")).messages();
      for (Message message : messages) {
        received.add(message);
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
      }
    }, () -> received.size() >= expected);
    return received;
  }

  public List<PublishedOutcome> outcomes(int expected, Duration wait) {
    return receive(expected, wait).stream().map(m -> outcome(m.body())).toList();
  }

  public static PublishedOutcome outcome(String body) {
    Map<String, JsonNode> fields = JsonNode.parser().parse(body).asObject();
    JsonNode reason = fields.get("failureReason");
    return new PublishedOutcome(fields.get("orderId").text(), fields.get("customer").text(),
        OrderStatus.valueOf(fields.get("status").text()), reason == null || reason.isNull() ? null : reason.text());
  }
}
