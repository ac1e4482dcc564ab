package dev.orderflow.aws.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.aws.LocalAws;
import dev.orderflow.aws.Polling;
import dev.orderflow.core.contract.OrderQueueContract;
import dev.orderflow.core.fixtures.Orders;
import dev.orderflow.core.port.OrderQueue;
import dev.orderflow.core.port.PermanentFailureException;
import dev.orderflow.testing.servers.ElasticMq;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The queue contract on ElasticMQ, a fresh queue per test. */
class SqsOrderQueueIT extends OrderQueueContract {
  private static ElasticMq elasticMq;
  private static SqsClient sqs;
  private String queueUrl;
  private SqsOrderQueue queue;

  @BeforeAll
  static void startElasticMq() {
    elasticMq = ElasticMq.start();
    sqs = LocalAws.clients(elasticMq.endpoint()).sqs();
  }

  @AfterAll
  static void stopElasticMq() {
    sqs.close();
    elasticMq.close();
  }

  @BeforeEach
  void freshQueue() {
    queueUrl = LocalAws.createQueue(sqs, LocalAws.uniqueName("orders"));
    queue = new SqsOrderQueue(sqs, queueUrl);
  }

  @Override
  protected OrderQueue queue() {
    return queue;
  }

  @Override
  protected List<String> receiveBodies(int expected, Duration wait) {
    List<String> bodies = new ArrayList<>();
    long deadline = System.nanoTime() + wait.toNanos();
    Polling.collect(wait, () -> {
      long left = Math.max(0, deadline - System.nanoTime());
      int waitSeconds = expected == 0 ? 0 : (int) Math.min(5, Math.max(1, Duration.ofNanos(left).toSeconds()));
      List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
          .waitTimeSeconds(waitSeconds)).messages();
      for (Message message : messages) {
        bodies.add(message.body());
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
      }
    }, () -> bodies.size() >= expected);
    return bodies;
  }

  @Test
  void aMissingQueueIsAPermanentFailure() {
    SqsOrderQueue missing = new SqsOrderQueue(sqs, queueUrl.replaceAll("orders-[^/]+$", "no-such-queue"));

    assertThatThrownBy(() -> missing.submit(Orders.aRequest().build())).isInstanceOf(PermanentFailureException.class);
    assertThatThrownBy(() -> missing.submitAll(List.of(Orders.aRequest().build())))
        .isInstanceOf(PermanentFailureException.class);
  }

  @Test
  void aBatchOfElevenTakesTwoCallsAndArrivesWhole() {
    List<dev.orderflow.core.domain.OrderRequest> requests = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      requests.add(Orders.aRequest().withDetails("x".repeat(200), 1000, "r".repeat(64)).build());
    }

    queue.submitAll(requests);

    assertThat(receiveBodies(11, Duration.ofSeconds(10))).hasSize(11);
  }
}
