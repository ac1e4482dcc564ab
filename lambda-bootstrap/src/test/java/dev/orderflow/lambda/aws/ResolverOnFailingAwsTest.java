package dev.orderflow.lambda.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.orderflow.aws.AwsClients;
import dev.orderflow.aws.LocalAws;
import dev.orderflow.aws.dynamodb.DynamoDbOrderRepository;
import dev.orderflow.aws.sqs.SqsOrderQueue;
import dev.orderflow.core.application.DeleteOrder;
import dev.orderflow.core.application.GetOrder;
import dev.orderflow.core.application.ListOrders;
import dev.orderflow.core.application.PlaceOrder;
import dev.orderflow.core.application.UpdateOrder;
import dev.orderflow.core.port.OrderIdGenerator;
import dev.orderflow.lambda.appsync.CallerIdentity;
import dev.orderflow.lambda.appsync.GraphQLResolverHandler;
import dev.orderflow.lambda.testing.ConcealedErrors;
import dev.orderflow.lambda.testing.Events;
import dev.orderflow.lambda.testing.LambdaJson;
import dev.orderflow.lambda.testing.RecordingContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The resolver on the AWS adapters (SDK clients built as production builds them) against a server on 127.0.0.1
 * that fails every DynamoDB and SQS call the way AWS does — access denied naming the role, table or queue ARN and
 * the account id, or a 500: the client reads a generic message with a reference, the log the whole cause.
 */
class ResolverOnFailingAwsTest {
  private static final String ACCOUNT = "123456789012";
  private static final String TABLE = "orderflow-secret-orders";
  private static final String TABLE_ARN = "arn:aws:dynamodb:us-east-1:" + ACCOUNT + ":table/" + TABLE;
  private static final String QUEUE_ARN = "arn:aws:sqs:us-east-1:" + ACCOUNT + ":orderflow-secret-queue";
  private static final String ROLE_ARN = "arn:aws:sts::" + ACCOUNT + ":assumed-role/orderflow-resolver/fn";
  private static final String ALICE = "0d9c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a";

  private final List<String> targets = new CopyOnWriteArrayList<>();
  private final String requestId = UUID.randomUUID().toString();
  private final RecordingContext context = new RecordingContext(requestId);
  private HttpServer server;
  private AwsClients clients;
  private String queueUrl;
  /** The status and JSON body every call gets. */
  private volatile int status;
  private volatile String body;

  /** PlaceOrder's count of the customer's pending orders, before it sends to the queue. */
  private static final String PENDING_COUNT = "DynamoDB_20120810.Query";
  private final Set<String> succeeding = new HashSet<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::fail);
    server.start();
    URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    clients = LocalAws.clients(endpoint);
    queueUrl = endpoint + "/" + ACCOUNT + "/orderflow-secret-queue";
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  /**
   * Answers as an AWS JSON-protocol service (DynamoDB, and SQS since it speaks JSON) answers an error — or, for
   * the DynamoDB calls {@link #succeeding} names, an empty success.
   */
  private void fail(HttpExchange exchange) throws IOException {
    exchange.getRequestBody().readAllBytes();
    String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
    targets.add(target);
    boolean succeeds = succeeding.contains(target);
    byte[] bytes = (succeeds ? "{\"Count\":0,\"ScannedCount\":0,\"Items\":[]}" : body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
    exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
    exchange.sendResponseHeaders(succeeds ? 200 : status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private void answer(int status, String type, String message) {
    this.status = status;
    this.body = "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}";
  }

  private GraphQLResolverHandler resolver() {
    DynamoDbOrderRepository repository = new DynamoDbOrderRepository(clients.dynamoDb(), TABLE);
    SqsOrderQueue queue = new SqsOrderQueue(clients.sqs(), queueUrl);
    Clock clock = Clock.systemUTC();
    return new GraphQLResolverHandler(new PlaceOrder(queue, repository, OrderIdGenerator.timeOrdered(), clock),
        new GetOrder(repository), new ListOrders(repository), new UpdateOrder(repository, clock),
        new DeleteOrder(repository), CallerIdentity.authenticatedOnly());
  }

  private Map<String, Object> call(String parent, String field, String arguments) {
    return LambdaJson.roundTrip(resolver().handleRequest(
        LambdaJson.roundTrip(Events.appSync(ALICE, parent, field, arguments)), context));
  }

  @Test
  void dynamoDbAccessDeniedIsAnInternalErrorNamingNoArnTableOrAccount() {
    answer(400, "com.amazon.coral.service#AccessDeniedException", "User: " + ROLE_ARN
        + " is not authorized to perform: dynamodb:GetItem on resource: " + TABLE_ARN);

    Map<String, Object> result = call("Query", "order", "{\"id\":\"o-1\"}");

    assertThat(targets).containsExactly("DynamoDB_20120810.GetItem");
    assertThat(ConcealedErrors.internalError(result)).isEqualTo(requestId);
    assertThat(result.toString()).doesNotContain(ACCOUNT, TABLE, "AccessDenied");
    ConcealedErrors.loggedOnce(context, requestId, "PermanentFailureException", "AccessDeniedException", TABLE_ARN,
        ROLE_ARN, "DynamoDB GetItem " + TABLE, "Caused by: software.amazon.awssdk");
  }

  @Test
  void sqsAccessDeniedOnPostIsAnInternalErrorNamingNoQueueUrlOrAccount() {
    answer(400, "com.amazon.coral.service#AccessDeniedException", "User: " + ROLE_ARN
        + " is not authorized to perform: sqs:sendmessage on resource: " + QUEUE_ARN);
    succeeding.add(PENDING_COUNT); // the customer has no order waiting: PlaceOrder goes on to the queue

    Map<String, Object> result = call("Mutation", "postOrder",
        "{\"input\":{\"name\":\"Margherita\",\"quantity\":1,\"restaurantId\":\"r-1\"}}");

    assertThat(targets).containsExactly(PENDING_COUNT, "AmazonSQS.SendMessage");
    assertThat(ConcealedErrors.internalError(result)).isEqualTo(requestId);
    assertThat(result.toString()).doesNotContain(ACCOUNT, "orderflow-secret-queue");
    ConcealedErrors.loggedOnce(context, requestId, "SQS SendMessage " + queueUrl, QUEUE_ARN);
  }

  @Test
  void aDynamoDbServerErrorIsUnavailableAfterTheSdkRetriesAndNamesNothing() {
    answer(500, "com.amazon.coral.service#InternalFailure", "internal failure serving " + TABLE_ARN);

    Map<String, Object> result = call("Query", "orders", "{\"limit\":5}");

    assertThat(targets).hasSizeGreaterThan(1).containsOnly("DynamoDB_20120810.Query");
    assertThat(ConcealedErrors.unavailable(result)).isEqualTo(requestId);
    assertThat(result.toString()).doesNotContain(ACCOUNT, TABLE);
    ConcealedErrors.loggedOnce(context, requestId, "TransientFailureException", "(500)", TABLE_ARN);
  }
}
