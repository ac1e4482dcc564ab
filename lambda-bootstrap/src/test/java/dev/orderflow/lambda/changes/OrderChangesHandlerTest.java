package dev.orderflow.lambda.changes;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.google.inject.Injector;
import dev.orderflow.aws.internal.Lazy;
import dev.orderflow.aws.appsync.AppSyncOrderChangePublisher;
import dev.orderflow.aws.appsync.AppSyncSettings;
import dev.orderflow.aws.dynamodb.DynamoDbOrderRepository;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.DetailsChange;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.domain.StatusChange;
import dev.orderflow.core.port.OrderChangePublisher;
import dev.orderflow.lambda.testing.CapturedTelemetry;
import dev.orderflow.lambda.testing.GraphQLEndpoint;
import dev.orderflow.lambda.testing.LambdaJson;
import dev.orderflow.lambda.testing.RecordingContext;
import dev.orderflow.lambda.testing.StreamEvents;
import dev.orderflow.lambda.wiring.LambdaWiring;
import dev.orderflow.testing.servers.Dynalite;
import dev.orderflow.testing.servers.LocalAwsCredentials;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The real handler and AppSync publisher on stream events made of the items the real repository writes (on
 * dynalite: each image is the item read back after a repository write), publishing to a local GraphQL endpoint
 * that checks every request's SigV4 signature.
 */
class OrderChangesHandlerTest {
  private static final String KEY_ID = "AKIDORDERCHANGES";
  private static final String SECRET = "order-changes-test-secret";
  private static final String ALICE = "0d9c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a";
  private static final Instant T0 = Instant.parse("2026-01-01T12:00:00.123456Z");

  private static Dynalite dynalite;
  private static DynamoDbClient dynamo;
  private static String table;
  private static DynamoDbOrderRepository repository;
  private static GraphQLEndpoint endpoint;
  private static long sequence = 100_000_000_000_000_000L;

  private OrderChangesHandler handler;

  @BeforeAll
  static void startServers() {
    dynalite = Dynalite.start();
    dynamo = DynamoDbClient.builder().endpointOverride(dynalite.endpoint()).region(Region.of(LocalAwsCredentials.REGION))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(LocalAwsCredentials.ACCESS_KEY, LocalAwsCredentials.SECRET_KEY)))
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    table = "orders-" + UUID.randomUUID().toString().substring(0, 8);
    DynamoDbOrderRepository.createTable(dynamo, table);
    repository = new DynamoDbOrderRepository(dynamo, table);
    endpoint = GraphQLEndpoint.start();
  }

  @AfterAll
  static void stopServers() {
    if (endpoint != null) {
      endpoint.close();
    }
    if (dynamo != null) {
      dynamo.close();
    }
    if (dynalite != null) {
      dynalite.close();
    }
  }

  @BeforeEach
  void newHandler() {
    endpoint.reset();
    handler = new OrderChangesHandler(new AppSyncOrderChangePublisher(
        new AppSyncSettings(endpoint.url(), LocalAwsCredentials.REGION),
        Lazy.ready(AppSyncOrderChangePublisher.defaultHttpClient()),
        StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET))));
  }

  /** A new order of Alice's, not yet stored. */
  private static Order anOrder(String name) {
    return Order.place(new OrderRequest(OrderId.of(UUID.randomUUID().toString()), CustomerId.of(ALICE),
        new OrderDetails(name, 2, "luigis"), T0));
  }

  /** The stream of one order's item: each write through the repository becomes the record it produces. */
  private static final class ItemStream {
    private final Order order;
    private Map<String, AttributeValue> last = Map.of();
    final List<StreamEvents.Record> records = new ArrayList<>();

    ItemStream(Order order) {
      this.order = order;
    }

    ItemStream after(Runnable write) {
      write.run();
      Map<String, AttributeValue> now = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
          .key(Map.of("customer", AttributeValue.fromS(order.customer().value()),
              "orderId", AttributeValue.fromS(order.id().value())))).item();
      assertThat(now).as("a write that changes the item").isNotEqualTo(last);
      records.add(new StreamEvents.Record(Long.toString(++sequence) + "0000", last.isEmpty() ? "INSERT" : "MODIFY",
          last, now));
      last = now;
      return this;
    }

    StreamEvents.Record last() {
      return records.get(records.size() - 1);
    }
  }

  /** Alice's order through its whole life: created, changed, paid for, failed, notified, deleted. */
  private static ItemStream lifecycle(Order order) {
    Instant t1 = T0.plusSeconds(1);
    Instant t2 = T0.plusSeconds(2);
    return new ItemStream(order)
        .after(() -> repository.createIfAbsent(order))
        .after(() -> repository.updateDetails(order.revise(new DetailsChange("Quattro stagioni", 3, null), t1)))
        .after(() -> repository.startPayment(order.customer(), order.id(), t1))
        .after(() -> repository.transition(order.customer(), order.id(),
            StatusChange.failure("payment method declined", t2)))
        .after(() -> repository.markNotified(order.customer(), order.id()))
        .after(() -> repository.delete(order.customer(), order.id()));
  }

  private static List<Object> failures(Map<String, Object> response) {
    @SuppressWarnings("unchecked")
    List<Object> failures = (List<Object>) response.get(OrderChangesHandler.BATCH_ITEM_FAILURES);
    return failures;
  }

  private static List<Object> kinds() {
    return endpoint.requests.stream().map(r -> r.input().get("change")).toList();
  }

  @Test
  void everyChangeIsPublishedInOrderSignedForAppSyncAndNothingForTheNotificationOrARemoval() {
    Order order = anOrder("Margherita");
    ItemStream stream = lifecycle(order);
    List<StreamEvents.Record> records = new ArrayList<>(stream.records);
    records.add(new StreamEvents.Record("999", "REMOVE", stream.last().newImage(), null));
    RecordingContext context = new RecordingContext();

    Map<String, Object> response = handler.handleRequest(StreamEvents.event(records), context);

    assertThat(LambdaJson.json(response)).isEqualTo("{\"batchItemFailures\":[]}");
    assertThat(kinds()).containsExactly("CREATED", "DETAILS_CHANGED", "PAYMENT_STARTED", "STATUS_CHANGED", "DELETED");
    assertThat(context.lines).isEmpty();

    for (GraphQLEndpoint.Request request : endpoint.requests) {
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.header("Content-Type")).isEqualTo("application/json");
      assertThat(request.header("Authorization"))
          .matches("AWS4-HMAC-SHA256 Credential=" + KEY_ID + "/\\d{8}/us-east-1/appsync/aws4_request, "
              + "SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*x-amz-date[a-z0-9;-]*, Signature=[0-9a-f]{64}");
      assertThat(request.header("X-Amz-Date")).matches("\\d{8}T\\d{6}Z");
      assertThat(request.signatureProblem(SECRET)).isNull();
      assertThat(request.signatureProblem("another-secret")).isNotNull();
      assertThat(LambdaJson.map(request.body())).containsEntry("query", AppSyncOrderChangePublisher.MUTATION);
    }

    String created = T0.toString().substring(0, 23) + "Z";
    Map<String, Object> createdInput = new HashMap<>(Map.of("id", order.id().value(), "customer", ALICE,
        "change", "CREATED", "name", "Margherita", "quantity", 2, "restaurantId", "luigis", "status", "PENDING",
        "createdAt", created, "updatedAt", created, "version", 1));
    createdInput.put("failureReason", null);
    assertThat(endpoint.requests.get(0).input()).containsExactlyInAnyOrderEntriesOf(createdInput);
    assertThat(endpoint.requests.get(1).input()).containsEntry("change", "DETAILS_CHANGED")
        .containsEntry("name", "Quattro stagioni").containsEntry("quantity", 3).containsEntry("version", 2)
        .containsEntry("status", "PENDING").containsEntry("updatedAt", "2026-01-01T12:00:01.123Z");
    assertThat(endpoint.requests.get(2).input()).containsEntry("change", "PAYMENT_STARTED")
        .containsEntry("status", "PENDING").containsEntry("version", 3);
    assertThat(endpoint.requests.get(3).input()).containsEntry("change", "STATUS_CHANGED")
        .containsEntry("status", "FAILED").containsEntry("failureReason", "payment method declined")
        .containsEntry("name", "Quattro stagioni").containsEntry("createdAt", created)
        .containsEntry("updatedAt", "2026-01-01T12:00:02.123Z").containsEntry("version", 4);
    assertThat(endpoint.requests.get(4).input()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "id", order.id().value(), "customer", ALICE, "change", "DELETED"));
  }

  @Test
  void recordingTheNotificationAloneAndAnEmptyBatchPublishNothing() {
    ItemStream stream = lifecycle(anOrder("Marinara"));
    StreamEvents.Record notifiedOnly = stream.records.get(4);
    assertThat(notifiedOnly.eventName()).isEqualTo("MODIFY");

    Map<String, Object> response = handler.handleRequest(StreamEvents.event(List.of(notifiedOnly)), new RecordingContext());

    assertThat(failures(response)).isEmpty();
    assertThat(handler.handleRequest(Map.of("Records", List.of()), new RecordingContext())).isEqualTo(response);
    assertThat(endpoint.requests).isEmpty();
  }

  static Stream<Arguments> failedPublications() {
    return Stream.of(
        Arguments.of("a GraphQL error (an unauthorised caller)", new GraphQLEndpoint.Answer(200,
            "{\"data\":{\"publishOrderUpdate\":null},\"errors\":[{\"path\":[\"publishOrderUpdate\"],\"data\":null,"
                + "\"errorType\":\"Unauthorized\",\"errorInfo\":null,\"locations\":[{\"line\":1,\"column\":52}],"
                + "\"message\":\"Not Authorized to access publishOrderUpdate on type Mutation\"}]}"),
            "Unauthorized: Not Authorized"),
        Arguments.of("a server error", new GraphQLEndpoint.Answer(500,
            "{\"errors\":[{\"errorType\":\"InternalFailure\",\"message\":\"An internal failure occurred.\"}]}"),
            "HTTP 500"),
        Arguments.of("throttling", new GraphQLEndpoint.Answer(429, ""), "HTTP 429"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failedPublications")
  void aFailedPublicationReportsItsRecordSkipsTheRestAndTheRetryPublishesThemInOrder(String what,
      GraphQLEndpoint.Answer failure, String logged) {
    Order order = anOrder("Secret recipe pizza");
    ItemStream stream = lifecycle(order);
    List<StreamEvents.Record> batch = stream.records.subList(0, 4); // created, details, payment, status
    endpoint.answerNext(new GraphQLEndpoint.Answer(200, "{\"data\":{\"publishOrderUpdate\":{\"id\":\"x\"}}}"), failure);
    RecordingContext context = new RecordingContext();

    Map<String, Object> response = handler.handleRequest(StreamEvents.event(batch), context);

    String failed = batch.get(1).sequenceNumber();
    assertThat(LambdaJson.json(response)).isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"" + failed + "\"}]}");
    assertThat(kinds()).containsExactly("CREATED", "DETAILS_CHANGED");
    assertThat(CapturedTelemetry.logs("WARN")).singleElement().satisfies(line -> {
      assertThat(line).containsEntry("event", "update.failed").containsEntry("orderId", order.id().value())
          .containsEntry("customer", ALICE).containsEntry("sequenceNumber", failed);
      assertThat((String) line.get("message"))
          .startsWith("change DETAILS_CHANGED of order " + order.id().value() + " (sequence number " + failed + ")")
          .contains(logged);
    });
    assertThat(CapturedTelemetry.lines()).allSatisfy(line -> assertThat(line)
        .doesNotContain("Secret recipe").doesNotContain("Quattro").doesNotContain("luigis"));

    // Lambda retries the shard from the reported record: the rest, in order
    Map<String, Object> retried = handler.handleRequest(StreamEvents.event(batch.subList(1, batch.size())),
        new RecordingContext());

    assertThat(failures(retried)).isEmpty();
    assertThat(kinds()).containsExactly("CREATED", "DETAILS_CHANGED", "DETAILS_CHANGED", "PAYMENT_STARTED",
        "STATUS_CHANGED");
    assertThat(endpoint.requests.subList(2, 5)).extracting(r -> r.input().get("version")).containsExactly(2, 3, 4);
  }

  /** A context whose remaining time is the next of {@code remaining} (the last one repeats). */
  private static Context running(RecordingContext log, Integer... remaining) {
    Deque<Integer> times = new ArrayDeque<>(List.of(remaining));
    return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(),
        new Class<?>[] {Context.class}, (proxy, method, args) -> {
          if (method.getName().equals("getRemainingTimeInMillis")) {
            return times.size() > 1 ? times.pop() : times.peek();
          }
          return method.invoke(log, args);
        });
  }

  @Test
  void closeToTheTimeoutTheRestIsHandedBackAfterAtLeastOnePublication() {
    ItemStream stream = lifecycle(anOrder("Calzone"));
    List<StreamEvents.Record> batch = stream.records.subList(0, 4);
    RecordingContext log = new RecordingContext();

    Map<String, Object> response = handler.handleRequest(StreamEvents.event(batch),
        running(log, (int) OrderChangesHandler.RESERVED_MILLIS + 5_000, (int) OrderChangesHandler.RESERVED_MILLIS - 1));

    assertThat(LambdaJson.json(response)).isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\""
        + batch.get(2).sequenceNumber() + "\"}]}");
    assertThat(kinds()).containsExactly("CREATED", "DETAILS_CHANGED");
    assertThat(log.lines).isEmpty();

    Map<String, Object> late = handler.handleRequest(StreamEvents.event(batch.subList(2, 4)), running(log, 1_000));

    assertThat(LambdaJson.json(late)).isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\""
        + batch.get(3).sequenceNumber() + "\"}]}");
    assertThat(kinds()).containsExactly("CREATED", "DETAILS_CHANGED", "PAYMENT_STARTED");
  }

  @Test
  void aRecordThatCannotBeReadIsSkippedWithAWarningAndTheOthersArePublished() {
    ItemStream stream = lifecycle(anOrder("Capricciosa"));
    Map<String, AttributeValue> broken = new HashMap<>(stream.records.get(0).newImage());
    broken.remove("version");
    List<StreamEvents.Record> batch = List.of(
        new StreamEvents.Record("1", "INSERT", null, broken),
        new StreamEvents.Record("2", "UPSERT", null, stream.records.get(0).newImage()),
        stream.records.get(0));
    RecordingContext context = new RecordingContext();

    Map<String, Object> response = handler.handleRequest(StreamEvents.event(batch), context);

    assertThat(failures(response)).isEmpty();
    assertThat(kinds()).containsExactly("CREATED");
    List<Map<String, Object>> warnings = CapturedTelemetry.logs("WARN");
    assertThat(warnings).hasSize(2).allSatisfy(line -> assertThat(line).containsEntry("event", "record.skipped")
        .doesNotContainKey("customer").extractingByKey("message").asString().startsWith("stream record event-")
        .contains("skipped"));
    assertThat(CapturedTelemetry.lines()).allSatisfy(line -> assertThat(line).doesNotContain("Capricciosa"));
    assertThat((String) warnings.get(0).get("message")).contains("(sequence number 1)").contains("unreadable");
    assertThat((String) warnings.get(1).get("message")).contains("(sequence number 2)").contains("UPSERT");
  }

  @Test
  void theProductionWiringPublishesSignedWithTheDefaultCredentialsAndPrimingSendsNothing() {
    Injector injector = LambdaWiring.orderChangesPublisher(Map.of(
        "AWS_REGION", LocalAwsCredentials.REGION, "ORDER_UPDATES_URL", endpoint.url().toString()));

    OrderChangesHandler.prime(injector);
    assertThat(endpoint.requests).isEmpty();

    OrderChangesHandler wired = new OrderChangesHandler(injector.getInstance(OrderChangePublisher.class));
    Order order = anOrder("Napoletana");
    ItemStream stream = new ItemStream(order).after(() -> repository.createIfAbsent(order));
    Map<String, Object> response = wired.handleRequest(StreamEvents.event(stream.records), new RecordingContext());

    assertThat(failures(response)).isEmpty();
    assertThat(kinds()).containsExactly("CREATED");
    // surefire's aws.accessKeyId / aws.secretAccessKey, found first by the default chain
    assertThat(endpoint.requests.get(0).header("Authorization")).contains("Credential=test/");
    assertThat(endpoint.requests.get(0).signatureProblem(LocalAwsCredentials.SECRET_KEY)).isNull();
  }

  @Test
  void theSampleEventOfPrimingIsACreation() {
    Map<String, Object> sample = SampleStreamEvents.created("sample-order", "sample-customer");
    RecordingContext context = new RecordingContext();

    handler.handleRequest(LambdaJson.roundTrip(sample), context);

    assertThat(context.lines).isEmpty();
    assertThat(kinds()).containsExactly("CREATED");
    assertThat(endpoint.requests.get(0).input()).containsEntry("customer", "sample-customer").containsEntry("version", 1);
  }
}
