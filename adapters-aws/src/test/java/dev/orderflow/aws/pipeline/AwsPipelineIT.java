package dev.orderflow.aws.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.aws.AwsClients;
import dev.orderflow.aws.LocalAws;
import dev.orderflow.aws.Polling;
import dev.orderflow.aws.dynamodb.DynamoDbOrderRepository;
import dev.orderflow.aws.sns.SnsOrderNotifier;
import dev.orderflow.aws.sns.Subscription;
import dev.orderflow.aws.sqs.SqsOrderConsumer;
import dev.orderflow.aws.sqs.SqsOrderQueue;
import dev.orderflow.core.application.CompleteOrder;
import dev.orderflow.core.application.DecidePayment;
import dev.orderflow.core.application.DeleteOrder;
import dev.orderflow.core.application.FailOrder;
import dev.orderflow.core.application.InitializeOrder;
import dev.orderflow.core.application.PlaceOrder;
import dev.orderflow.core.application.PlaceOrderCommand;
import dev.orderflow.core.application.ProcessOrder;
import dev.orderflow.core.application.StartOrderProcessing;
import dev.orderflow.core.application.UpdateOrder;
import dev.orderflow.core.application.UpdateOrderCommand;
import dev.orderflow.core.contract.PublishedOutcome;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.DetailsChange;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderDeletedException;
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderNotModifiableException;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.domain.OrderStatus;
import dev.orderflow.core.payment.SimulatedPaymentGateway;
import dev.orderflow.core.port.OrderIdGenerator;
import dev.orderflow.core.port.OrderNotifier;
import dev.orderflow.core.port.OrderPage;
import dev.orderflow.core.port.PaymentGateway;
import dev.orderflow.inmemory.Faults;
import dev.orderflow.inmemory.InMemoryOrderWorkflow;
import dev.orderflow.inmemory.ScriptedPaymentGateway;
import dev.orderflow.testing.servers.Dynalite;
import dev.orderflow.testing.servers.ElasticMq;
import dev.orderflow.testing.servers.Fauxqs;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The whole pipeline on the local servers, through the AWS adapters: PlaceOrder → SqsOrderQueue (ElasticMQ)
 * → SqsOrderConsumer → workflow steps on DynamoDbOrderRepository (dynalite) → SnsOrderNotifier (fauxqs) →
 * a filtered SQS subscription. Only the Step Functions service is replaced: adapters-inmemory's
 * {@link InMemoryOrderWorkflow} runs the core's {@link ProcessOrder} state machine inline, in the consumer's thread.
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
    InMemoryOrderWorkflow workflow =
        workflow(new SimulatedPaymentGateway(42, SimulatedPaymentGateway.DEFAULT_APPROVAL_RATE), notifier);

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
      Polling.collect(PATIENCE,
          () -> notifications.addAll(outcomes.receive(ORDERS - notifications.size(), Duration.ofSeconds(1))),
          () -> notifications.size() >= ORDERS);
      AtomicReference<Map<OrderId, Order>> latest = new AtomicReference<>(Map.of());
      Polling.collect(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())),
          () -> latest.set(finalOrders()), () -> latest.get().size() >= ORDERS);
      stored = latest.get();
    }
    // Anything published late would be here by now: the consumer has stopped.
    notifications.addAll(outcomes.receive(0, Duration.ZERO));
    notifications.addAll(outcomes.receive(1, Duration.ofSeconds(1)));

    assertThat(stored).hasSize(ORDERS);
    assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(accepted.stream().map(Order::id).toList());
    assertThat(stored.values()).allSatisfy(o -> {
      assertThat(o.status().isFinal()).isTrue();
      assertThat(o.notified()).isTrue();
      assertThat(o.paymentVersion()).isEqualTo(2);
      assertThat(o.version()).isEqualTo(3);
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
    assertThat(workflow.failedRuns()).isEmpty();
  }

  @Test
  void aPoisonMessageEndsInTheDeadLetterQueue() {
    List<String> queues = LocalAws.createQueueWithDlq(sqs, LocalAws.uniqueName("poison"), 2, 1);
    String queueUrl = queues.get(0);
    String dlqUrl = queues.get(1);
    InMemoryOrderWorkflow workflow = workflow(new SimulatedPaymentGateway(7, 1.0), notifier);
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

  // Regressions: sequences the workflow stand-in and repository before order tombstones and payment versions got wrong.

  @Test
  void aClientTokenReusedAfterItsOrderWasDeletedIsRefusedAndEnqueuesNothing() {
    CustomerId customer = CustomerId.of(LocalAws.uniqueName("reuser"));
    String queueUrl = LocalAws.createQueue(sqs, LocalAws.uniqueName("reuse"));
    PlaceOrder placeOrder = placeOrder(queueUrl);
    PlaceOrderCommand command = new PlaceOrderCommand(customer, new OrderDetails("Soup", 1, "r1"), "lunch-1");
    Order placed = placeOrder.place(command);
    try (SqsOrderConsumer consumer = consumer(queueUrl, workflow(ScriptedPaymentGateway.approving(), notifier))) {
      assertThat(consumer.pollOnce().deleted()).isEqualTo(1);
    }
    assertThat(new DeleteOrder(repository).delete(customer, placed.id())).isPresent();

    assertThatThrownBy(() -> placeOrder.place(command)).isInstanceOfSatisfying(OrderDeletedException.class,
        e -> assertThat(e.errorType()).isEqualTo("OrderDeleted"));
    assertThat(LocalAws.approximateMessages(sqs, queueUrl)).isZero();
    assertThat(repository.find(customer, placed.id())).isEmpty();
  }

  @Test
  void anOrderDeletedWhileItsRequestWaitsInTheQueueIsNeverCreatedOrPublished() {
    CustomerId customer = CustomerId.of(LocalAws.uniqueName("quick-deleter"));
    String queueUrl = LocalAws.createQueue(sqs, LocalAws.uniqueName("cancel"));
    ScriptedPaymentGateway payments = ScriptedPaymentGateway.approving();
    List<Order> published = new CopyOnWriteArrayList<>();
    InMemoryOrderWorkflow workflow = workflow(payments, recording(published));
    Order placed = placeOrder(queueUrl).place(new PlaceOrderCommand(customer, new OrderDetails("Soup", 1, "r1")));

    assertThat(new DeleteOrder(repository).delete(customer, placed.id())).isEmpty();
    SqsOrderConsumer.PollResult poll;
    try (SqsOrderConsumer consumer = consumer(queueUrl, workflow)) {
      poll = consumer.pollOnce();
    }

    assertThat(poll.deleted()).isEqualTo(1);
    assertThat(workflow.status(placed.id())).isEqualTo(InMemoryOrderWorkflow.RunStatus.SUCCEEDED);
    assertThat(workflow.running()).isZero();
    assertThat(repository.find(customer, placed.id())).isEmpty();
    assertThat(repository.isDeleted(customer, placed.id())).isTrue();
    assertThat(repository.list(customer, 10, null).items()).isEmpty();
    assertThat(payments.charges()).isEmpty();
    assertThat(published).isEmpty();
    assertThat(LocalAws.approximateMessages(sqs, queueUrl)).isZero();
  }

  @Test
  void anUpdateOnceThePaymentStartedIsRefusedAndTheOrderCompletesWithThePaidDetails() {
    CustomerId customer = CustomerId.of(LocalAws.uniqueName("late-changer"));
    String queueUrl = LocalAws.createQueue(sqs, LocalAws.uniqueName("frozen"));
    Subscription outcomes = Subscription.create(sns, fauxSqs, topicArn,
        "{\"customer\":[\"" + customer.value() + "\"]}");
    UpdateOrder updateOrder = new UpdateOrder(repository, Clock.systemUTC());
    ScriptedPaymentGateway payments = ScriptedPaymentGateway.approving();
    List<RuntimeException> refusals = new CopyOnWriteArrayList<>();
    // The customer changes the order while the provider decides its payment.
    PaymentGateway changedWhilePaying = (key, order) -> {
      try {
        updateOrder.update(new UpdateOrderCommand(customer, order.id(), new DetailsChange("Lobster", 9, null), null));
      } catch (RuntimeException e) {
        refusals.add(e);
      }
      return payments.decide(key, order);
    };
    OrderDetails paidFor = new OrderDetails("Soup", 1, "r1");
    Order placed = placeOrder(queueUrl).place(new PlaceOrderCommand(customer, paidFor));

    try (SqsOrderConsumer consumer = consumer(queueUrl, workflow(changedWhilePaying, notifier))) {
      assertThat(consumer.pollOnce().deleted()).isEqualTo(1);
    }

    assertThat(refusals).singleElement().isInstanceOf(OrderNotModifiableException.class);
    Order done = repository.find(customer, placed.id()).orElseThrow();
    assertThat(done.status()).isEqualTo(OrderStatus.SUCCESS);
    assertThat(done.details()).isEqualTo(paidFor);
    assertThat(done.paymentVersion()).isEqualTo(2);
    assertThat(payments.charges()).singleElement().satisfies(charge -> {
      assertThat(charge.idempotencyKey()).isEqualTo(placed.id().value() + ":2");
      assertThat(charge.order().details()).isEqualTo(paidFor);
    });
    assertThat(outcomes.receive(1, PATIENCE)).singleElement().satisfies(message -> {
      Map<String, JsonNode> fields = JsonNode.parser().parse(message.body()).asObject();
      assertThat(fields.get("status").text()).isEqualTo("SUCCESS");
      assertThat(fields.get("name").text()).isEqualTo("Soup");
      assertThat(fields.get("quantity").asNumber()).isEqualTo("1");
    });
  }

  /** The core's state machine on the AWS repository, run inline by the in-memory workflow (one run per order id). */
  private static InMemoryOrderWorkflow workflow(PaymentGateway payments, OrderNotifier notifier) {
    Clock clock = Clock.systemUTC();
    ProcessOrder process = new ProcessOrder(new InitializeOrder(repository),
        new DecidePayment(repository, payments, clock), new CompleteOrder(repository, notifier, clock),
        new FailOrder(repository, notifier, clock));
    return new InMemoryOrderWorkflow(process, Runnable::run, Faults.none());
  }

  private static PlaceOrder placeOrder(String queueUrl) {
    return new PlaceOrder(new SqsOrderQueue(sqs, queueUrl), repository, OrderIdGenerator.timeOrdered(),
        Clock.systemUTC());
  }

  /** A consumer to drive with {@link SqsOrderConsumer#pollOnce()}. */
  private static SqsOrderConsumer consumer(String queueUrl, InMemoryOrderWorkflow workflow) {
    return new SqsOrderConsumer(sqs, queueUrl, new StartOrderProcessing(workflow),
        new SqsOrderConsumer.Options(1, 10, 1, Duration.ofMillis(100)));
  }

  /** Publishes on SNS and records what it published. */
  private static OrderNotifier recording(List<Order> published) {
    return order -> {
      notifier.publish(order);
      published.add(order);
    };
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
