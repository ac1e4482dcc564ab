package dev.orderflow.testing.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class ElasticMqTest {

  @Test
  void createsSendsAndReceivesThenStops() {
    int port;
    try (ElasticMq sqsServer = ElasticMq.start()) {
      port = sqsServer.port();
      assertThat(sqsServer.endpoint().toString()).isEqualTo("http://127.0.0.1:" + port);
      try (SqsClient sqs = Clients.sqs(sqsServer.endpoint())) {
        String url = sqs.createQueue(b -> b.queueName("orders")).queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes().get(QueueAttributeName.QUEUE_ARN);
        assertThat(arn).isEqualTo("arn:aws:sqs:us-east-1:000000000000:orders");

        sqs.sendMessage(b -> b.queueUrl(url).messageBody("{\"orderId\":\"o-1\"}"));
        List<Message> received = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(2).maxNumberOfMessages(10))
            .messages();
        assertThat(received).extracting(Message::body).containsExactly("{\"orderId\":\"o-1\"}");
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(received.get(0).receiptHandle()));
        assertThat(sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(0)).messages()).isEmpty();
      }
    }
    assertThat(Clients.portClosed(port)).isTrue();
  }

  @Test
  void twoServersGetDifferentPorts() {
    try (ElasticMq a = ElasticMq.start(); ElasticMq b = ElasticMq.start()) {
      assertThat(a.port()).isNotEqualTo(b.port()).isPositive();
      assertThat(b.port()).isPositive();
    }
  }
}
