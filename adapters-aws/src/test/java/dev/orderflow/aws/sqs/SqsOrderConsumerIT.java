package dev.orderflow.aws.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.aws.LocalAws;
import dev.orderflow.aws.Polling;
import dev.orderflow.core.application.StartOrderProcessing;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.fixtures.Orders;
import dev.orderflow.core.port.OrderWorkflow;
import dev.orderflow.core.port.PermanentFailureException;
import dev.orderflow.core.port.TransientFailureException;
import dev.orderflow.testing.servers.ElasticMq;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The JVM-side consumer on ElasticMQ, with a recording workflow. */
class SqsOrderConsumerIT {
  private static ElasticMq elasticMq;
  private static SqsClient sqs;

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

  /** Records starts; answers "already started" for a repeat, fails on demand. */
  static final class RecordingWorkflow implements OrderWorkflow {
    final List<OrderRequest> starts = new CopyOnWriteArrayList<>();
    final Set<OrderId> started = ConcurrentHashMap.newKeySet();
    final Map<OrderId, Integer> failuresLeft = new ConcurrentHashMap<>();

    @Override
    public boolean start(OrderRequest request) {
      Integer left = failuresLeft.computeIfPresent(request.id(), (id, n) -> n - 1);
      if (left != null && left >= 0) {
        throw new TransientFailureException("scripted failure");
      }
      starts.add(request);
      return started.add(request.id());
    }
  }

  private static SqsOrderConsumer consumer(String queueUrl, OrderWorkflow workflow, int workers) {
    return new SqsOrderConsumer(sqs, queueUrl, new StartOrderProcessing(workflow),
        new SqsOrderConsumer.Options(workers, 10, 1, Duration.ofMillis(100)));
  }

  private static SqsOrderConsumer.PollResult pollUntil(SqsOrderConsumer consumer, int received) {
    int r = 0;
    int s = 0;
    int f = 0;
    int d = 0;
    for (int i = 0; i < 20 && r < received; i++) {
      SqsOrderConsumer.PollResult poll = consumer.pollOnce();
      r += poll.received();
      s += poll.succeeded();
      f += poll.failed();
      d += poll.deleted();
    }
    return new SqsOrderConsumer.PollResult(r, s, f, d);
  }

  @Test
  void pollOnceStartsEachMessageDeletesSuccessesAndKeepsFailures() {
    String queueUrl = LocalAws.createQueueWithDlq(sqs, LocalAws.uniqueName("poll"), 5, 30).get(0);
    SqsOrderQueue queue = new SqsOrderQueue(sqs, queueUrl);
    List<OrderRequest> requests = List.of(Orders.aRequest().build(), Orders.aRequest().build(), Orders.aRequest().build());
    queue.submitAll(requests);
    sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("not an order"));
    RecordingWorkflow workflow = new RecordingWorkflow();

    SqsOrderConsumer.PollResult result = pollUntil(consumer(queueUrl, workflow, 1), 4);

    assertThat(result).isEqualTo(new SqsOrderConsumer.PollResult(4, 3, 1, 3));
    assertThat(workflow.starts).containsExactlyInAnyOrderElementsOf(requests);
    assertThat(LocalAws.approximateMessages(sqs, queueUrl)).isEqualTo(1);
  }

  @Test
  void aTransientFailureIsRetriedOnRedelivery() {
    String queueUrl = LocalAws.createQueueWithDlq(sqs, LocalAws.uniqueName("retry"), 5, 1).get(0);
    OrderRequest request = Orders.aRequest().build();
    new SqsOrderQueue(sqs, queueUrl).submit(request);
    RecordingWorkflow workflow = new RecordingWorkflow();
    workflow.failuresLeft.put(request.id(), 1);
    SqsOrderConsumer consumer = consumer(queueUrl, workflow, 1);

    SqsOrderConsumer.PollResult first = pollUntil(consumer, 1);
    SqsOrderConsumer.PollResult second = pollUntil(consumer, 1);

    assertThat(first).isEqualTo(new SqsOrderConsumer.PollResult(1, 0, 1, 0));
    assertThat(second).isEqualTo(new SqsOrderConsumer.PollResult(1, 1, 0, 1));
    assertThat(workflow.starts).containsExactly(request);
    assertThat(LocalAws.approximateMessages(sqs, queueUrl)).isZero();
  }

  @Test
  void startedWorkersDrainTheQueueAndCloseStopsThem() throws Exception {
    String queueUrl = LocalAws.createQueue(sqs, LocalAws.uniqueName("run"));
    List<OrderRequest> requests = new ArrayList<>();
    for (int i = 0; i < 45; i++) {
      requests.add(Orders.aRequest().build());
    }
    new SqsOrderQueue(sqs, queueUrl).submitAll(requests);
    RecordingWorkflow workflow = new RecordingWorkflow();
    SqsOrderConsumer consumer = consumer(queueUrl, workflow, 3);

    consumer.start();
    Polling.collect(Duration.ofSeconds(30), () -> {}, () -> workflow.started.size() >= requests.size());
    consumer.close();

    assertThat(consumer.isRunning()).isFalse();
    assertThat(workflow.starts).containsExactlyInAnyOrderElementsOf(requests);
    assertThat(LocalAws.approximateMessages(sqs, queueUrl)).isZero();
    assertThatThrownBy(consumer::start).isInstanceOf(IllegalStateException.class);
    // Stopped for good: a message sent now stays in the queue.
    new SqsOrderQueue(sqs, queueUrl).submit(Orders.aRequest().build());
    assertThat(LocalAws.approximateMessages(sqs, queueUrl)).isEqualTo(1);
  }

  @Test
  void aMissingQueueIsAPermanentFailure() {
    String missing = LocalAws.createQueue(sqs, LocalAws.uniqueName("gone"));
    sqs.deleteQueue(b -> b.queueUrl(missing));

    assertThatThrownBy(() -> consumer(missing, new RecordingWorkflow(), 1).pollOnce())
        .isInstanceOf(PermanentFailureException.class);
  }
}
