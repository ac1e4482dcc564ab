package dev.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.aws.LocalAws;
import dev.orderflow.aws.dynamodb.DynamoDbOrderRepository;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.port.OrderMessageFormat;
import dev.orderflow.testing.servers.Dynalite;
import dev.orderflow.testing.servers.ElasticMq;
import dev.orderflow.testing.servers.Fauxqs;
import dev.orderflow.testing.servers.LocalAwsCredentials;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The runtime in AWS mode end to end over HTTP, against DynamoDB (dynalite), SQS (ElasticMQ) and SNS (fauxqs) on
 * 127.0.0.1: the resolver wired by {@code LambdaWiring.graphQLResolver} from an environment, as the deployed
 * Lambda is. Three servers mean three endpoints, so the runtime's SDK clients find them as a user's would through
 * {@code AWS_ENDPOINT_URL_DYNAMODB}, {@code _SQS} and {@code _SNS}: here through the system properties the SDK reads
 * first ({@code aws.endpointUrlDynamoDb}, …); credentials come from surefire's {@code aws.accessKeyId}. Each test
 * has a table, queue and topic of its own.
 */
class AwsModeOverHttpTest {
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private static Dynalite dynalite;
  private static ElasticMq elasticMq;
  private static Fauxqs fauxqs;
  private static DynamoDbClient dynamo;
  private static SqsClient sqs;
  private static SnsClient sns;
  /** fauxqs's own SQS, where the topic's subscriber queue lives. */
  private static SqsClient subscriberSqs;
  private static final Map<String, String> endpointProperties = new HashMap<>();

  @BeforeAll
  static void startServers() {
    dynalite = Dynalite.start();
    elasticMq = ElasticMq.start();
    fauxqs = Fauxqs.start();
    dynamo = LocalAws.clients(dynalite.endpoint()).dynamoDb();
    sqs = LocalAws.clients(elasticMq.endpoint()).sqs();
    sns = LocalAws.clients(fauxqs.endpoint()).sns();
    subscriberSqs = LocalAws.clients(fauxqs.endpoint()).sqs();
    endpointProperties.put("aws.endpointUrlDynamoDb", dynalite.endpoint().toString());
    endpointProperties.put("aws.endpointUrlSqs", elasticMq.endpoint().toString());
    endpointProperties.put("aws.endpointUrlSns", fauxqs.endpoint().toString());
    endpointProperties.forEach(System::setProperty);
  }

  @AfterAll
  static void stopServers() {
    endpointProperties.keySet().forEach(System::clearProperty);
    for (AutoCloseable closeable : new AutoCloseable[] {dynamo, sqs, sns, subscriberSqs, fauxqs, elasticMq, dynalite}) {
      if (closeable != null) {
        try {
          closeable.close();
        } catch (Exception e) {
          // best effort: the next one still gets closed
        }
      }
    }
  }

  @Test
  void withProcessingAPostedOrderReachesItsOutcomeInTheTableAndOnTheTopic() throws IOException {
    String table = createTable();
    String queueUrl = createQueue();
    String topicArn = sns.createTopic(b -> b.name(LocalAws.uniqueName("outcomes"))).topicArn();
    String subscriberQueueUrl = subscribe(topicArn);
    Map<String, String> environment = environment(table, queueUrl);
    environment.put("ORDER_TOPIC_ARN", topicArn);

    try (OrderLogLines log = OrderLogLines.capture(); OrderLogLines notifications = OrderLogLines.capture("notifications");
        LocalRuntime runtime = LocalRuntime.startOnAws(LocalSettings.onPort(0).onAws(true), environment)) {
      GraphQLClient client = new GraphQLClient(runtime.endpoint());
      Map<String, Object> posted = client.postOrder("alice", "Margherita", 2, "luigis");
      assertThat(posted).containsEntry("status", "PENDING").containsEntry("customer", "alice").containsEntry("version", 1);
      String id = (String) posted.get("id");

      Map<String, Object> done = Eventually.await("order " + id + " SUCCESS or FAILED", PATIENCE,
          () -> finalOrder(client, "alice", id));
      String status = (String) done.get("status");
      assertThat(status).isIn("SUCCESS", "FAILED");
      assertThat(done).containsEntry("version", 3).containsEntry("name", "Margherita").containsEntry("quantity", 2)
          .containsEntry("createdAt", posted.get("createdAt"));
      assertThat(done.get("failureReason")).as("failure reason of a %s order", status)
          .matches(reason -> "SUCCESS".equals(status) == (reason == null));

      Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
          .key(Map.of(DynamoDbOrderRepository.PARTITION_KEY, AttributeValue.fromS("alice"),
              DynamoDbOrderRepository.SORT_KEY, AttributeValue.fromS(id)))).item();
      assertThat(item.get("status").s()).isEqualTo(status);
      assertThat(item.get("name").s()).isEqualTo("Margherita");
      assertThat(item.get("restaurantId").s()).isEqualTo("luigis");

      Message notification = Eventually.await("the outcome of " + id + " on the topic", PATIENCE,
          () -> subscriberSqs.receiveMessage(b -> b.queueUrl(subscriberQueueUrl).maxNumberOfMessages(10)
              .waitTimeSeconds(1).messageAttributeNames("All")).messages().stream().findFirst());
      assertThat(JSON.readValue(notification.body(), OBJECT)).containsEntry("orderId", id)
          .containsEntry("customer", "alice").containsEntry("status", status)
          .containsEntry("failureReason", done.get("failureReason"));
      assertThat(notification.messageAttributes().get("status").stringValue()).isEqualTo(status);

      assertThat(Eventually.await("the outcome's log line", PATIENCE, () -> log.about(id).stream().findFirst()))
          .contains("INFO orders - order " + id + " " + status + " customer=alice");
      assertThat(Eventually.await("the notification's log line", PATIENCE,
          () -> notifications.about(id).stream().findFirst()))
          .contains("INFO notifications - to customer=alice status=" + status + " " + notification.body());
      assertThat(Eventually.await("the order queue drained", PATIENCE,
          () -> Optional.of(LocalAws.approximateMessages(sqs, queueUrl)).filter(count -> count == 0))).isZero();
    }
  }

  @Test
  void withoutProcessingThePostedOrderWaitsOnTheQueueAndIsNotYetReadable() throws IOException {
    String table = createTable();
    String queueUrl = createQueue();

    try (LocalRuntime runtime = LocalRuntime.startOnAws(LocalSettings.onPort(0).onAws(false),
        environment(table, queueUrl))) {
      GraphQLClient client = new GraphQLClient(runtime.endpoint());
      Map<String, Object> posted = client.postOrder("bob", "Calzone", 1, "luigis");
      String id = (String) posted.get("id");

      assertThat(posted).containsEntry("status", "PENDING").containsEntry("version", 1);
      // postOrder only enqueues; the workflow — not running here — is what records the order
      assertThat(client.order("bob", id).errorType()).isEqualTo("NotFound");
      assertThat(dynamo.scan(b -> b.tableName(table)).count()).isZero();
      List<Message> waiting = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
          .messages();
      assertThat(waiting).singleElement().satisfies(message -> {
        OrderRequest request = OrderMessageFormat.decode(message.body());
        assertThat(request.id().value()).isEqualTo(id);
        assertThat(request.customer().value()).isEqualTo("bob");
        assertThat(request.details().name()).isEqualTo("Calzone");
      });
    }
  }

  private static Optional<Map<String, Object>> finalOrder(GraphQLClient client, String customer, String id) {
    GraphQLClient.Response response = client.order(customer, id);
    if (!response.errors().isEmpty() || response.data() == null
        || !(response.data().get("order") instanceof Map<?, ?> order)) {
      return Optional.empty(); // NotFound until the workflow has recorded it
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = (Map<String, Object>) order;
    return "PENDING".equals(fields.get("status")) ? Optional.empty() : Optional.of(fields);
  }

  /** The variables of the deployed resolver function (no endpoint: see the class comment). */
  private static Map<String, String> environment(String table, String queueUrl) {
    Map<String, String> environment = new HashMap<>();
    environment.put("AWS_REGION", LocalAwsCredentials.REGION);
    environment.put("ORDERS_TABLE", table);
    environment.put("ORDER_QUEUE_URL", queueUrl);
    return environment;
  }

  private static String createTable() {
    return LocalAws.createOrdersTable(dynamo, LocalAws.uniqueName("orders"));
  }

  private static String createQueue() {
    return LocalAws.createQueue(sqs, LocalAws.uniqueName("orders"));
  }

  /** An SQS queue on fauxqs subscribed to the topic with raw delivery; returns its URL. */
  private static String subscribe(String topicArn) {
    String queueUrl = LocalAws.createQueue(subscriberSqs, LocalAws.uniqueName("outcomes"));
    String queueArn = LocalAws.queueArn(subscriberSqs, queueUrl);
    sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn)
        .attributes(Map.of("RawMessageDelivery", "true")));
    return queueUrl;
  }



}
