package dev.orderflow.examples.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.aws.AwsClients;
import dev.orderflow.aws.AwsSettings;
import dev.orderflow.aws.dynamodb.DynamoDbOrderRepository;
import dev.orderflow.aws.sqs.SqsOrderConsumer;
import dev.orderflow.core.application.StartOrderProcessing;
import dev.orderflow.core.domain.InvalidRequestException;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.domain.OrderStatus;
import dev.orderflow.core.payment.SimulatedPaymentGateway;
import dev.orderflow.core.port.OrderMessageFormat;
import dev.orderflow.testing.servers.Dynalite;
import dev.orderflow.testing.servers.ElasticMq;
import dev.orderflow.testing.servers.LocalAwsCredentials;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@link OrderService} against local protocol servers from {@code orderflow-test-servers}: ElasticMQ for SQS and
 * dynalite for DynamoDB, each on a random port of 127.0.0.1. Every test gets its own table and queue.
 */
class OrderServiceTest {
  private static ElasticMq sqsServer;
  private static Dynalite dynamoServer;
  private static SqsClient sqs;
  private static DynamoDbClient dynamo;

  private String table;
  private String queueUrl;
  private OrderService service;

  @BeforeAll
  static void startServers() {
    sqsServer = ElasticMq.start();
    dynamoServer = Dynalite.start();
    sqs = clientsFor(sqsServer.endpoint()).sqs();
    dynamo = clientsFor(dynamoServer.endpoint()).dynamoDb();
  }

  @AfterAll
  static void stopServers() {
    sqs.close();
    dynamo.close();
    dynamoServer.close();
    sqsServer.close();
  }

  @BeforeEach
  void createTableAndQueue() {
    String name = "orders-" + UUID.randomUUID().toString().substring(0, 8);
    table = name;
    DynamoDbOrderRepository.createTable(dynamo, table);   // the table the CDK app defines, for local servers
    queueUrl = sqs.createQueue(b -> b.queueName(name)).queueUrl();
    service = new OrderService(dynamo, table, sqs, queueUrl, Clock.systemUTC());
  }

  @Test
  void anAcceptedOrderIsPendingAndItsRequestIsOnTheQueue() {
    Order placed = service.place("alice", "Margherita", 2, "luigis", "alice-2026-11-26-1");

    assertThat(placed.status()).isEqualTo(OrderStatus.PENDING);
    assertThat(placed.version()).isEqualTo(1);
    List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
        .messages();
    assertThat(messages).singleElement().satisfies(message -> {
      OrderRequest request = OrderMessageFormat.decode(message.body());
      assertThat(request.id()).isEqualTo(placed.id());
      assertThat(request.customer().value()).isEqualTo("alice");
      assertThat(request.details().name()).isEqualTo("Margherita");
      assertThat(request.details().quantity()).isEqualTo(2);
      assertThat(request.details().restaurantId()).isEqualTo("luigis");
    });
    // Nothing is in the table until the workflow initialises the order.
    assertThat(service.find("alice", placed.id().value())).isEmpty();
  }

  @Test
  void anInvalidOrderIsRefusedAndNothingIsEnqueued() {
    assertThatThrownBy(() -> service.place("alice", "Margherita", 0, "luigis", null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("quantity");

    assertThat(messagesOnTheQueue()).isZero();
  }

  @Test
  void processedOnceTheOrderIsRecordedAndARetriedRequestGetsItBack() {
    Order placed = service.place("bob", "Calzone", 1, "luigis", "bob-1");
    Order retried = service.place("bob", "Calzone", 1, "luigis", "bob-1");   // e.g. after a client timeout
    assertThat(retried.id()).isEqualTo(placed.id());
    assertThat(messagesOnTheQueue()).isEqualTo(2);                           // the same order, enqueued twice

    // Consume the queue here, running the core's workflow inline instead of Step Functions.
    List<Order> notified = new CopyOnWriteArrayList<>();
    InlineWorkflow workflow = new InlineWorkflow(new DynamoDbOrderRepository(dynamo, table),
        new SimulatedPaymentGateway(1, 1.0), notified::add, Clock.systemUTC());   // approves every payment
    try (SqsOrderConsumer consumer = new SqsOrderConsumer(sqs, queueUrl, new StartOrderProcessing(workflow),
        SqsOrderConsumer.Options.defaults().withWaitTimeSeconds(1))) {
      int processed = 0;
      for (int poll = 0; poll < 10 && processed < 2; poll++) {
        processed += consumer.pollOnce().succeeded();
      }
      assertThat(processed).isEqualTo(2);
    }

    Order recorded = service.find("bob", placed.id().value()).orElseThrow();
    assertThat(recorded.status()).isEqualTo(OrderStatus.SUCCESS);
    assertThat(recorded.version()).isEqualTo(3);   // accepted, payment started, completed
    assertThat(notified).singleElement().satisfies(o -> assertThat(o.id()).isEqualTo(placed.id()));
    assertThat(service.find("mallory", placed.id().value())).as("another customer's order").isEmpty();

    Order again = service.place("bob", "Calzone", 1, "luigis", "bob-1");
    assertThat(again).isEqualTo(recorded);            // the stored order, …
    assertThat(messagesOnTheQueue()).isZero();        // … and nothing enqueued
  }

  @Test
  void fromEnvironmentNamesEveryMissingVariable() {
    assertThatThrownBy(() -> OrderService.fromEnvironment(Map.of("AWS_REGION", "eu-west-1")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ORDERS_TABLE")
        .hasMessageContaining("ORDER_QUEUE_URL");
  }

  private int messagesOnTheQueue() {
    Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
    return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  /** SDK clients for one local server, built like production builds them, with the servers' test credentials. */
  private static AwsClients clientsFor(URI endpoint) {
    return new AwsClients(
        AwsSettings.builder().region(LocalAwsCredentials.REGION).endpointOverride(endpoint).build(),
        StaticCredentialsProvider.create(
            AwsBasicCredentials.create(LocalAwsCredentials.ACCESS_KEY, LocalAwsCredentials.SECRET_KEY)));
  }
}
