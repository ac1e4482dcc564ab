package dev.orderflow.testing.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class FauxqsTest {

  @Test
  void createTopicPublishAndDeliverToSqsSubscriptionThenStops() {
    int port;
    try (Fauxqs fauxqs = Fauxqs.start()) {
      port = fauxqs.port();
      assertThat(fauxqs.endpoint().toString()).isEqualTo("http://127.0.0.1:" + port);
      try (SnsClient sns = Clients.sns(fauxqs.endpoint()); SqsClient sqs = Clients.sqs(fauxqs.endpoint())) {
        String topicArn = sns.createTopic(b -> b.name("order-events")).topicArn();
        assertThat(topicArn).startsWith("arn:aws:sns:us-east-1:").endsWith(":order-events");

        String queueUrl = sqs.createQueue(b -> b.queueName("order-events-probe")).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
            .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn)
            .attributes(Map.of("RawMessageDelivery", "true")));

        String messageId = sns.publish(b -> b.topicArn(topicArn).message("{\"orderId\":\"o-1\"}")
            .messageAttributes(Map.of("type", MessageAttributeValue.builder().dataType("String")
                .stringValue("OrderPlaced").build()))).messageId();
        assertThat(messageId).isNotBlank();

        List<Message> received = sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(5)
            .messageAttributeNames("All")).messages();
        assertThat(received).hasSize(1);
        assertThat(received.get(0).body()).isEqualTo("{\"orderId\":\"o-1\"}");
        assertThat(received.get(0).messageAttributes().get("type").stringValue()).isEqualTo("OrderPlaced");

        String missing = topicArn.replace("order-events", "no-such-topic");
        assertThatThrownBy(() -> sns.publish(b -> b.topicArn(missing).message("x")))
            .isInstanceOf(NotFoundException.class);
      }
    }
    assertThat(Clients.portClosed(port)).isTrue();
  }
}
