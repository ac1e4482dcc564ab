package dev.orderflow.aws.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.aws.AwsClients;
import dev.orderflow.aws.LocalAws;
import dev.orderflow.aws.dynamodb.DynamoDbOrderRepository;
import dev.orderflow.aws.sns.SnsOrderNotifier;
import dev.orderflow.aws.sns.Subscription;
import dev.orderflow.aws.sqs.SqsOrderConsumer;
import dev.orderflow.aws.sqs.SqsOrderQueue;
import dev.orderflow.core.application.PlaceOrder;
import dev.orderflow.core.application.PlaceOrderCommand;
import dev.orderflow.core.application.StartOrderProcessing;
import dev.orderflow.core.contract.PublishedOutcome;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.domain.OrderStatus;
import dev.orderflow.core.payment.SimulatedPaymentGateway;
import dev.orderflow.core.port.OrderIdGenerator;
import dev.orderflow.core.port.OrderPage;
import dev.orderflow.testing.servers.Dynalite;
import dev.orderflow.testing.servers.ElasticMq;
import dev.orderflow.testing.servers.Fauxqs;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The whole pipeline on the local servers, through the AWS adapters: PlaceOrder → SqsOrderQueue (ElasticMQ)
 * → SqsOrderConsumer → workflow steps on DynamoDbOrderRepository (dynalite) → SnsOrderNotifier (fauxqs) →
 * a filtered SQS subscription. Only the state machine itself is replaced, by {@link InProcessOrderWorkflow}.
 */
class AwsPipelineIT {
  private static final int ORDERS = 200;
  private static final int CUSTOMERS = 20;
  private static final Duration PATIENCE = Duration.ofSeconds(120);

  private static ElasticMq elasticMq;
  private static Dynalite dynalite;
  private static Fauxqs fauxqs;
  private static SqsClient sqs;
  private static DynamoDbClient dynamo;
  private static SnsClient sns;
  private static SqsClient fauxSqs;
  private static DynamoDbOrderRepository repository;
  private static String topicArn;
  private static SnsOrderNotifier notifier;

  @BeforeAll
  static void startServers() {
    elasticMq = ElasticMq.start();
    dynalite = Dynalite.start();
    fauxqs = Fauxqs.start();
    sqs = LocalAws.clients(elasticMq.endpoint()).sqs();
    dynamo = LocalAws.clients(dynalite.endpoint()).dynamoDb();
    AwsClients faux = LocalAws.clients(fauxqs.endpoint());
    sns = faux.sns();
    fauxSqs = faux.sqs();
    repository = new DynamoDbOrderRepository(dynamo, LocalAws.createOrdersTable(dynamo, LocalAws.uniqueName("orders")));
    topicArn = sns.createTopic(b -> b.name(LocalAws.uniqueName("outcomes"))).topicArn();
    notifier = new SnsOrderNotifier(sns, topicArn);
  }

  @AfterAll
  static void stopServers() {
    sqs.close();
    dynamo.close();
    sns.close();
    fauxSqs.close();
    elasticMq.close();
    dynalite.close();
    fauxqs.close();
  }

  @Test
  void everyOrderSentTwiceEndsFinalOnceWithOneNotification() throws Exception {
    List<String> queues = LocalAws.createQueueWithDlq(sqs, LocalAws.uniqueName("orders"), 5, 30);
    String queueUrl = queues.get(0);
    String dlqUrl = queues.get(1);
    Subscription outcomes = Subscription.create(sns, fauxSqs, topicArn, "{\"status\":[\"SUCCESS\",\"FAILED\"]}");
    SqsOrderQueue queue = new SqsOrderQueue(sqs, queueUrl);
    PlaceOrder placeOrder = new PlaceOrder(queue, repository, OrderIdGenerator.timeOrdered(), Clock.systemUTC());
    InProcessOrderWorkflow workflow = new InProcessOrderWorkflow(repository, notifier,
        new SimulatedPaymentGateway(42, SimulatedPaymentGateway.DEFAULT_APPROVAL_RATE), Clock.systemUTC());

    List<PlaceOrderCommand> commands = new ArrayList<>();
    for (int i = 0; i < ORDERS; i++) {
      commands.add(new PlaceOrderCommand(CustomerId.of("customer-" + (i % CUSTOMERS)),
          new OrderDetails("dish " + i, 1 + i % 5, "restaurant-" + (i % 7))));
    }
    List<Order> accepted = placeOrder.placeAll(commands);
    // Every message a second time, as an at-least-once queue may deliver it.
    queue.submitAll(accepted.stream()
        .map(o -> new OrderRequest(o.id(), o.customer(), o.details(), o.createdAt())).toList());

    List<Message> notifications = new ArrayList<>();
    Map<OrderId, Order> stored;
    try (SqsOrderConsumer consumer = new SqsOrderConsumer(sqs, queueUrl, new StartOrderProcessing(workflow),
        new SqsOrderConsumer.Options(3, 10, 1, Duration.ofMillis(200)))) {
      consumer.start();
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      do {
        notifications.addAll(outcomes.receive(ORDERS - notifications.size(), Duration.ofSeconds(1)));
      } while (notifications.size() < ORDERS && System.nanoTime() < deadline);
      do {
        stored = finalOrders();
      } while (stored.size() < ORDERS && System.nanoTime() < deadline);
    }
    // Anything published late would be here by now: the consumer has stopped.
    notifications.addAll(outcomes.receive(0, Duration.ZERO));
    notifications.addAll(outcomes.receive(1, Duration.ofSeconds(1)));

    assertThat(stored).hasSize(ORDERS);
    assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(accepted.stream().map(Order::id).toList());
    assertThat(stored.values()).allSatisfy(o -> {
      assertThat(o.status().isFinal()).isTrue();
      assertThat(o.notified()).isTrue();
      assertThat(o.version()).isEqualTo(2);
    });
    assertThat(stored.values()).extracting(Order::status).contains(OrderStatus.SUCCESS, OrderStatus.FAILED);

    List<PublishedOutcome> published = notifications.stream().map(m -> Subscription.outcome(m.body())).toList();
    assertThat(published).hasSize(ORDERS);
    Map<String, PublishedOutcome> byId = published.stream()
        .collect(Collectors.toMap(PublishedOutcome::orderId, Function.identity()));
    assertThat(byId).hasSize(ORDERS);
    for (Order order : stored.values()) {
      assertThat(byId.get(order.id().value())).isEqualTo(new PublishedOutcome(
          order.id().value(), order.customer().value(), order.status(), order.failureReason()));
    }
    assertThat(LocalAws.approximateMessages(sqs, queueUrl)).isZero();
    assertThat(LocalAws.approximateMessages(sqs, dlqUrl)).isZero();
  }

  @Test
  void aPoisonMessageEndsInTheDeadLetterQueue() {
    List<String> queues = LocalAws.createQueueWithDlq(sqs, LocalAws.uniqueName("poison"), 2, 1);
    String queueUrl = queues.get(0);
    String dlqUrl = queues.get(1);
    InProcessOrderWorkflow workflow = new InProcessOrderWorkflow(repository, notifier,
        new SimulatedPaymentGateway(7, 1.0), Clock.systemUTC());
    SqsOrderConsumer consumer = new SqsOrderConsumer(sqs, queueUrl, new StartOrderProcessing(workflow),
        new SqsOrderConsumer.Options(1, 10, 1, Duration.ofMillis(100)));
    String poison = "{\"orderId\":\"p-1\",\"quantity\":\"lots\"}";
    sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(poison));

    List<SqsOrderConsumer.PollResult> polls = new ArrayList<>();
    List<Message> deadLetters = new ArrayList<>();
    for (int i = 0; i < 30 && deadLetters.isEmpty(); i++) {
      polls.add(consumer.pollOnce());
      deadLetters.addAll(sqs.receiveMessage(b -> b.queueUrl(dlqUrl).waitTimeSeconds(0)).messages());
    }

    assertThat(deadLetters).extracting(Message::body).containsExactly(poison);
    assertThat(polls.stream().mapToInt(SqsOrderConsumer.PollResult::failed).sum()).isEqualTo(2);
    assertThat(polls.stream().mapToInt(SqsOrderConsumer.PollResult::deleted).sum()).isZero();
    assertThat(LocalAws.approximateMessages(sqs, queueUrl)).isZero();
  }

  private static Map<OrderId, Order> finalOrders() {
    Map<OrderId, Order> result = new HashMap<>();
    for (int c = 0; c < CUSTOMERS; c++) {
      CustomerId customer = CustomerId.of("customer-" + c);
      String token = null;
      do {
        OrderPage page = repository.list(customer, 100, token);
        page.items().stream().filter(o -> o.status().isFinal() && o.notified()).forEach(o -> result.put(o.id(), o));
        token = page.nextToken();
      } while (token != null);
    }
    return result;
  }
}
