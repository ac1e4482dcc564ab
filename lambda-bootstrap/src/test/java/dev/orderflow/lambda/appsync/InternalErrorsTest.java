package dev.orderflow.lambda.appsync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.core.application.DeleteOrder;
import dev.orderflow.core.application.GetOrder;
import dev.orderflow.core.application.ListOrders;
import dev.orderflow.core.application.PlaceOrder;
import dev.orderflow.core.application.UpdateOrder;
import dev.orderflow.core.port.OrderQueue;
import dev.orderflow.core.port.OrderRepository;
import dev.orderflow.core.port.PermanentFailureException;
import dev.orderflow.inmemory.Faults;
import dev.orderflow.inmemory.InMemoryOrderflow;
import dev.orderflow.lambda.testing.CapturedTelemetry;
import dev.orderflow.lambda.testing.ConcealedErrors;
import dev.orderflow.lambda.testing.Events;
import dev.orderflow.lambda.testing.LambdaJson;
import dev.orderflow.lambda.testing.RecordingContext;
import org.assertj.core.api.InstanceOfAssertFactories;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Failures that are not the caller's doing, on the in-memory pipeline: the client reads a generic message and a
 * reference, never the cause; the function's log holds the reference next to the cause.
 */
class InternalErrorsTest {
  private static final String ALICE = "3f6a1c2e-8b4d-4e5f-9a0b-1c2d3e4f5a6b";
  private static final String BOB = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b";
  private static final String TABLE_ARN = "arn:aws:dynamodb:eu-west-1:123456789012:table/orderflow-prod-orders";
  private static final String QUEUE_URL = "https://sqs.eu-west-1.amazonaws.com/123456789012/orderflow-prod-orders";
  private static final String POST = "{\"input\":{\"name\":\"Margherita\",\"quantity\":2,\"restaurantId\":\"r-1\"}}";

  private final Faults faults = Faults.controllable();
  private final InMemoryOrderflow flow = InMemoryOrderflow.builder().faults(faults).build();
  private final String requestId = UUID.randomUUID().toString();
  private final RecordingContext context = new RecordingContext(requestId);

  @AfterEach
  void close() {
    flow.close();
  }

  private GraphQLResolverHandler resolver(OrderRepository repository, OrderQueue queue) {
    return new GraphQLResolverHandler(new PlaceOrder(queue, repository, flow.ids(), flow.clock()),
        new GetOrder(repository), new ListOrders(repository), new UpdateOrder(repository, flow.clock()),
        new DeleteOrder(repository), CallerIdentity.authenticatedOnly());
  }

  private GraphQLResolverHandler resolver() {
    return new GraphQLResolverHandler(flow.placeOrder(), flow.getOrder(), flow.listOrders(), flow.updateOrder(),
        flow.deleteOrder(), CallerIdentity.authenticatedOnly());
  }

  private Map<String, Object> call(GraphQLResolverHandler handler, String sub, String parent, String field,
      String arguments) {
    return LambdaJson.roundTrip(handler.handleRequest(LambdaJson.roundTrip(Events.appSync(sub, parent, field, arguments)),
        context));
  }

  /** {@code type}, answering every call with {@code failure}. */
  private static <T> T failing(Class<T> type, RuntimeException failure) {
    return type.cast(Proxy.newProxyInstance(InternalErrorsTest.class.getClassLoader(), new Class<?>[] {type},
        (proxy, method, args) -> {
          throw failure;
        }));
  }

  /** {@code type}, delegating to {@code target} except that {@code method} answers with {@code failure}. */
  private static <T> T failingOn(Class<T> type, T target, String method, RuntimeException failure) {
    return type.cast(Proxy.newProxyInstance(InternalErrorsTest.class.getClassLoader(), new Class<?>[] {type},
        (proxy, m, args) -> {
          if (m.getName().equals(method)) {
            throw failure;
          }
          try {
            return m.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        }));
  }

  @Test
  void aTransientFailureIsUnavailableWithAReferenceAndTheRetrySucceeds() {
    GraphQLResolverHandler resolver = resolver();
    @SuppressWarnings("unchecked")
    String id = (String) ((Map<String, Object>) call(resolver, ALICE, "Mutation", "postOrder", POST).get("data")).get("id");
    flow.runUntilQuiescent();
    faults.failNext("repository.find", 1);

    Map<String, Object> failed = call(resolver, ALICE, "Query", "order", "{\"id\":\"" + id + "\"}");

    String reference = ConcealedErrors.unavailable(failed);
    assertThat(reference).isEqualTo(requestId);
    ConcealedErrors.loggedOnce(context, reference, "TransientFailureException", "injected fault in repository.find",
        "Query.order");
    assertThat(call(resolver, ALICE, "Query", "order", "{\"id\":\"" + id + "\"}")).doesNotContainKey("error")
        .extractingByKey("data").asInstanceOf(InstanceOfAssertFactories.MAP).containsEntry("id", id);
  }

  @Test
  void aPermanentFailureNamingTheTableIsAnInternalErrorThatNamesNothing() {
    RuntimeException sdk = new IllegalStateException("AccessDeniedException: User: "
        + "arn:aws:sts::123456789012:assumed-role/orderflow-resolver/fn is not authorized to perform: "
        + "dynamodb:GetItem on resource: " + TABLE_ARN);
    OrderRepository repository = failing(OrderRepository.class,
        new PermanentFailureException("DynamoDB GetItem orderflow-prod-orders failed: " + sdk.getMessage(), sdk));

    Map<String, Object> result = call(resolver(repository, flow.queue()), ALICE, "Query", "order", "{\"id\":\"o-1\"}");

    String reference = ConcealedErrors.internalError(result);
    assertThat(reference).isEqualTo(requestId);
    ConcealedErrors.loggedOnce(context, reference, PermanentFailureException.class.getName(),
        "DynamoDB GetItem orderflow-prod-orders failed", TABLE_ARN, "Caused by: java.lang.IllegalStateException");
  }

  @Test
  void aQueueFailureNamingTheQueueUrlIsAnInternalErrorAndPlacesNothing() {
    OrderQueue queue = failingOn(OrderQueue.class, flow.queue(), "submit",
        new PermanentFailureException("SQS SendMessage " + QUEUE_URL + " failed: AccessDenied (403)", null));

    Map<String, Object> result = call(resolver(flow.repository(), queue), ALICE, "Mutation", "postOrder", POST);

    String reference = ConcealedErrors.internalError(result);
    ConcealedErrors.loggedOnce(context, reference, QUEUE_URL, "Mutation.postOrder");
    assertThat(flow.queue().pending()).isZero();
  }

  @Test
  void aBugIsAnInternalErrorThatNamesNoClass() {
    OrderRepository repository = failingOn(OrderRepository.class, flow.repository(), "list",
        new NullPointerException("Cannot invoke \"dev.orderflow.core.domain.Order.version()\" because \"stored\" is null"));

    Map<String, Object> result = call(resolver(repository, flow.queue()), ALICE, "Query", "orders", "{}");

    String reference = ConcealedErrors.internalError(result);
    ConcealedErrors.loggedOnce(context, reference, "java.lang.NullPointerException", "Order.version()");
  }

  @Test
  void anEventForAFieldThisResolverDoesNotServeIsAnInternalError() {
    Map<String, Object> result = call(resolver(), ALICE, "Query", "restaurants", "{}");

    String reference = ConcealedErrors.internalError(result);
    ConcealedErrors.loggedOnce(context, reference, "IllegalArgumentException", "Query.restaurants");
  }

  @Test
  void withoutARequestIdTheReferenceIsARandomUuid() {
    RecordingContext noRequestId = new RecordingContext(null);
    OrderRepository repository = failing(OrderRepository.class, new IllegalStateException("table orderflow-prod-orders"));

    Map<String, Object> result = LambdaJson.roundTrip(resolver(repository, flow.queue())
        .handleRequest(Events.appSync(ALICE, "Query", "order", "{\"id\":\"o-1\"}"), noRequestId));

    String reference = ConcealedErrors.internalError(result);
    assertThat(UUID.fromString(reference)).isNotNull();
    ConcealedErrors.loggedOnce(noRequestId, reference, "table orderflow-prod-orders");
  }

  @Test
  void withoutAContextTheEntryCarriesARandomReference() {
    OrderRepository repository = failing(OrderRepository.class, new IllegalStateException("table orderflow-prod-orders"));
    Map<String, Object> result = LambdaJson.roundTrip(resolver(repository, flow.queue())
        .handleRequest(Events.appSync(ALICE, "Query", "order", "{\"id\":\"o-1\"}"), null));

    String reference = ConcealedErrors.internalError(result);
    assertThat(UUID.fromString(reference)).isNotNull();
    assertThat(CapturedTelemetry.logs("ERROR")).singleElement().satisfies(entry -> {
      assertThat(entry).containsEntry("message", "resolver Query.order failed; reference " + reference)
          .containsEntry("reference", reference).containsEntry("requestId", null);
      assertThat((String) entry.get("error"))
          .startsWith("java.lang.IllegalStateException: table orderflow-prod-orders").contains("\tat ");
    });
  }

  @Test
  @SuppressWarnings("unchecked")
  void expectedOutcomesKeepTheirMessagesLogNothingAndSayNothingOfOtherCustomers() {
    GraphQLResolverHandler resolver = resolver();
    String id = (String) ((Map<String, Object>) call(resolver, ALICE, "Mutation", "postOrder", POST).get("data")).get("id");
    flow.runUntilQuiescent();

    Map<String, Object> foreign = call(resolver, BOB, "Query", "order", "{\"id\":\"" + id + "\"}");
    Map<String, Object> missing = call(resolver, BOB, "Query", "order", "{\"id\":\"no-such-order\"}");
    Map<String, Object> foreignUpdate = call(resolver, BOB, "Mutation", "updateOrder",
        "{\"input\":{\"id\":\"" + id + "\",\"quantity\":5,\"expectedVersion\":1}}");

    // the same answer as for an order that does not exist: no status, version, owner or details
    assertThat(foreign).isEqualTo(Map.of("error", Map.of("errorType", "NotFound", "message", "order " + id + " not found")));
    assertThat(missing).isEqualTo(Map.of("error",
        Map.of("errorType", "NotFound", "message", "order no-such-order not found")));
    assertThat(foreignUpdate).isEqualTo(foreign);
    assertThat(context.lines).isEmpty();
  }
}
