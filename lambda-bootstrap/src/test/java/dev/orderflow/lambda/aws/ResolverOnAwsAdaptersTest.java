package dev.orderflow.lambda.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Injector;
import dev.orderflow.aws.dynamodb.DynamoDbOrderRepository;
import dev.orderflow.aws.sqs.SqsOrderQueue;
import dev.orderflow.core.application.DeleteOrder;
import dev.orderflow.core.application.GetOrder;
import dev.orderflow.core.application.ListOrders;
import dev.orderflow.core.application.PlaceOrder;
import dev.orderflow.core.application.UpdateOrder;
import dev.orderflow.core.port.OrderIdGenerator;
import dev.orderflow.core.port.OrderMessageFormat;
import dev.orderflow.lambda.appsync.CallerIdentity;
import dev.orderflow.lambda.appsync.GraphQLResolverHandler;
import dev.orderflow.lambda.steps.InitializeOrderHandler;
import dev.orderflow.lambda.testing.Events;
import dev.orderflow.lambda.testing.ConcealedErrors;
import dev.orderflow.lambda.testing.LambdaJson;
import dev.orderflow.lambda.testing.RecordingContext;
import dev.orderflow.lambda.wiring.LambdaWiring;
import dev.orderflow.testing.servers.Dynalite;
import dev.orderflow.testing.servers.ElasticMq;
import dev.orderflow.testing.servers.LocalAwsCredentials;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The resolver on the real AWS adapters, against DynamoDB (dynalite) and SQS (ElasticMQ) on 127.0.0.1:
 * postOrder lands on the queue, the InitializeOrder step (production wiring from an environment) stores it,
 * and order / another customer's order read it back through DynamoDB.
 */
class ResolverOnAwsAdaptersTest {
  private static final String ALICE = "0d9c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a";
  private static final String BOB = "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d";

  private static Dynalite dynalite;
  private static ElasticMq elasticMq;
  private static DynamoDbClient dynamo;
  private static SqsClient sqs;
  private static String table;
  private static String queueUrl;

  @BeforeAll
  static void startServers() {
    dynalite = Dynalite.start();
    elasticMq = ElasticMq.start();
    dynamo = DynamoDbClient.builder().endpointOverride(dynalite.endpoint()).region(Region.of(LocalAwsCredentials.REGION))
        .credentialsProvider(credentials()).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    sqs = SqsClient.builder().endpointOverride(elasticMq.endpoint()).region(Region.of(LocalAwsCredentials.REGION))
        .credentialsProvider(credentials()).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    table = "orders-" + UUID.randomUUID().toString().substring(0, 8);
    DynamoDbOrderRepository.createTable(dynamo, table);
    queueUrl = sqs.createQueue(b -> b.queueName("orders-" + UUID.randomUUID().toString().substring(0, 8))).queueUrl();
  }

  @AfterAll
  static void stopServers() {
    if (dynamo != null) {
      dynamo.close();
    }
    if (sqs != null) {
      sqs.close();
    }
    if (elasticMq != null) {
      elasticMq.close();
    }
    if (dynalite != null) {
      dynalite.close();
    }
  }

  private static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(LocalAwsCredentials.ACCESS_KEY, LocalAwsCredentials.SECRET_KEY));
  }

  /** The resolver on the AWS adapters (two endpoints, so the adapters are built here, not from one AWS_ENDPOINT_URL). */
  private static GraphQLResolverHandler resolver() {
    DynamoDbOrderRepository repository = new DynamoDbOrderRepository(dynamo, table);
    SqsOrderQueue queue = new SqsOrderQueue(sqs, queueUrl);
    Clock clock = Clock.systemUTC();
    return new GraphQLResolverHandler(new PlaceOrder(queue, repository, OrderIdGenerator.timeOrdered(), clock),
        new GetOrder(repository), new ListOrders(repository), new UpdateOrder(repository, clock),
        new DeleteOrder(repository), CallerIdentity.authenticatedOnly());
  }

  /** InitializeOrder with the production wiring, from an environment pointing at dynalite. */
  private static InitializeOrderHandler initializeStep() {
    Injector injector = LambdaWiring.workflowStep(Map.of(
        "AWS_REGION", LocalAwsCredentials.REGION,
        "ORDERS_TABLE", table,
        "AWS_ENDPOINT_URL", dynalite.endpoint().toString()), false);
    return new InitializeOrderHandler(injector.getInstance(dev.orderflow.core.application.InitializeOrder.class));
  }

  private static Map<String, Object> call(GraphQLResolverHandler handler, String sub, String parent, String field,
      String arguments) {
    return LambdaJson.roundTrip(handler.handleRequest(Events.appSync(sub, parent, field, arguments), null));
  }

  @Test
  @SuppressWarnings("unchecked")
  void postOrderQueuesTheOrderAndOrderReadsItBackOnceInitialised() {
    GraphQLResolverHandler resolver = resolver();

    Map<String, Object> posted = (Map<String, Object>) call(resolver, ALICE, "Mutation", "postOrder",
        "{\"input\":{\"name\":\"Quattro Formaggi\",\"quantity\":3,\"restaurantId\":\"r-42\"}}").get("data");
    String id = (String) posted.get("id");
    assertThat(posted).containsEntry("status", "PENDING").containsEntry("customer", ALICE).containsEntry("version", 1);

    List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
        .messages();
    assertThat(messages).singleElement()
        .satisfies(m -> assertThat(OrderMessageFormat.decode(m.body()).id().value()).isEqualTo(id));

    assertThat(call(resolver, ALICE, "Query", "order", "{\"id\":\"" + id + "\"}"))
        .containsEntry("error", Map.of("errorType", "NotFound", "message", "order " + id + " not found"));

    sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(messages.get(0).receiptHandle()));
    Map<String, Object> initialized = initializeStep().handleRequest(LambdaJson.map(messages.get(0).body()), null);
    assertThat(initialized).containsEntry("status", "PENDING");

    Map<String, Object> read = (Map<String, Object>) call(resolver, ALICE, "Query", "order", "{\"id\":\"" + id + "\"}")
        .get("data");
    assertThat(read).containsEntry("id", id).containsEntry("name", "Quattro Formaggi").containsEntry("quantity", 3)
        .containsEntry("restaurantId", "r-42").containsEntry("status", "PENDING").containsEntry("version", 1)
        .containsEntry("createdAt", posted.get("createdAt"));

    assertThat(call(resolver, BOB, "Query", "order", "{\"id\":\"" + id + "\"}"))
        .containsEntry("error", Map.of("errorType", "NotFound", "message", "order " + id + " not found"));
    Map<String, Object> bobsList = (Map<String, Object>) call(resolver, BOB, "Query", "orders", "{}").get("data");
    assertThat((List<Object>) bobsList.get("items")).isEmpty();
    Map<String, Object> alicesList = (Map<String, Object>) call(resolver, ALICE, "Query", "orders", "{}").get("data");
    assertThat((List<Map<String, Object>>) alicesList.get("items")).extracting(o -> o.get("id")).containsExactly(id);
  }

  @Test
  void anInvalidPostWritesAndQueuesNothing() {
    Map<String, Object> result = call(resolver(), ALICE, "Mutation", "postOrder",
        "{\"input\":{\"name\":\" \",\"quantity\":1,\"restaurantId\":\"r-1\"}}");

    assertThat(result).containsEntry("error", Map.of("errorType", "ValidationError", "message", "name: must not be blank"));
    assertThat(sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)).messages()).isEmpty();
  }

  @Test
  void aTableThatDoesNotExistIsAnInternalErrorThatDoesNotNameIt() {
    String missing = "orders-missing-" + UUID.randomUUID().toString().substring(0, 8);
    DynamoDbOrderRepository repository = new DynamoDbOrderRepository(dynamo, missing);
    GraphQLResolverHandler resolver = new GraphQLResolverHandler(
        new PlaceOrder(new SqsOrderQueue(sqs, queueUrl), repository, OrderIdGenerator.timeOrdered(), Clock.systemUTC()),
        new GetOrder(repository), new ListOrders(repository), new UpdateOrder(repository, Clock.systemUTC()),
        new DeleteOrder(repository), CallerIdentity.authenticatedOnly());
    RecordingContext context = new RecordingContext(UUID.randomUUID().toString());

    Map<String, Object> result = LambdaJson.roundTrip(
        resolver.handleRequest(Events.appSync(ALICE, "Query", "order", "{\"id\":\"o-1\"}"), context));

    String reference = ConcealedErrors.internalError(result);
    assertThat(reference).isEqualTo(context.getAwsRequestId());
    assertThat(result.toString()).doesNotContain(missing, "ResourceNotFound");
    ConcealedErrors.loggedOnce(context, reference, "DynamoDB GetItem " + missing, "ResourceNotFoundException");
  }
}
