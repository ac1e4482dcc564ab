package dev.orderflow.lambda.appsync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.core.application.DeleteOrder;
import dev.orderflow.core.application.GetOrder;
import dev.orderflow.core.application.ListOrders;
import dev.orderflow.core.application.PlaceOrder;
import dev.orderflow.core.application.UpdateOrder;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.port.OrderMessageFormat;
import dev.orderflow.core.port.OrderRepository;
import dev.orderflow.core.port.TransientFailureException;
import dev.orderflow.lambda.testing.Events;
import dev.orderflow.inmemory.InMemoryOrderQueue;
import dev.orderflow.lambda.testing.LambdaJson;
import dev.orderflow.lambda.testing.Pipeline;
import dev.orderflow.lambda.testing.RecordingContext;
import dev.orderflow.lambda.testing.ConcealedErrors;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphQLResolverHandlerTest {
  private static final String ALICE = "3f6a1c2e-8b4d-4e5f-9a0b-1c2d3e4f5a6b";
  private static final String BOB = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b";

  private final Pipeline pipeline = new Pipeline();
  private final GraphQLResolverHandler handler = pipeline.resolver(CallerIdentity.authenticatedOnly());

  /** Invokes the handler as Lambda would: JSON in, JSON out. */
  private Map<String, Object> call(Map<String, Object> event) {
    return LambdaJson.roundTrip(handler.handleRequest(LambdaJson.roundTrip(event), null));
  }

  private Map<String, Object> call(String sub, String parent, String field, String arguments) {
    return call(Events.appSync(sub, parent, field, arguments));
  }

  /**
   * The field value. The runtime's JSON leaves out null members, so {@code {"data": null}} arrives as
   * {@code {}} — which response.vtl turns into null all the same.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> data(Map<String, Object> result) {
    assertThat(result).doesNotContainKey("error");
    return (Map<String, Object>) result.get("data");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> error(Map<String, Object> result) {
    assertThat(result).containsOnlyKeys("error");
    return (Map<String, Object>) result.get("error");
  }

  private String post(String sub, String name) {
    Map<String, Object> order = data(call(sub, "Mutation", "postOrder",
        "{\"input\":{\"name\":\"" + name + "\",\"quantity\":2,\"restaurantId\":\"r-1\"}}"));
    return (String) order.get("id");
  }

  /** Posts and lets the workflow initialise (and finish) the order. */
  private String placed(String sub, String name) {
    String id = post(sub, name);
    pipeline.drainQueue();
    return id;
  }

  @Test
  void postOrderReturnsThePendingOrderAtOnceAndEnqueuesIt() {
    Map<String, Object> order = data(call(ALICE, "Mutation", "postOrder",
        "{\"input\":{\"name\":\"Margherita\",\"quantity\":2,\"restaurantId\":\"pizza-place\"}}"));

    assertThat(order).containsKeys("id", "createdAt", "updatedAt")
        .containsEntry("customer", ALICE)
        .containsEntry("name", "Margherita")
        .containsEntry("quantity", 2)
        .containsEntry("restaurantId", "pizza-place")
        .containsEntry("status", "PENDING")
        .doesNotContainKey("failureReason")
        .containsEntry("version", 1);
    assertThat((String) order.get("createdAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{3})?Z");
    assertThat(pipeline.queue.receive(10)).singleElement()
        .satisfies(m -> assertThat(OrderMessageFormat.decode(m.body()).id().value()).isEqualTo(order.get("id")));
  }

  @Test
  void anOrderBecomesReadableOnceTheWorkflowRanAndShowsItsFinalStatus() {
    String id = placed(ALICE, "Margherita");

    Map<String, Object> order = data(call(ALICE, "Query", "order", "{\"id\":\"" + id + "\"}"));

    // version 1 placed, 2 payment started, 3 SUCCESS
    assertThat(order).containsEntry("id", id).containsEntry("status", "SUCCESS").containsEntry("version", 3);
    assertThat(pipeline.notifier.published()).singleElement()
        .satisfies(published -> assertThat(published.id().value()).isEqualTo(id));
  }

  @Test
  void aDeclinedOrderReadsFailedWithItsReason() {
    String id = post(ALICE, "Calzone");
    pipeline.decline(id, "card expired");
    pipeline.drainQueue();

    Map<String, Object> order = data(call(ALICE, "Query", "order", "{\"id\":\"" + id + "\"}"));

    assertThat(order).containsEntry("status", "FAILED").containsEntry("failureReason", "card expired");
  }

  @Test
  void theSameClientTokenPlacesOneOrder() {
    String arguments = "{\"input\":{\"name\":\"Margherita\",\"quantity\":1,\"restaurantId\":\"r-1\",\"clientToken\":\"tok-1\"}}";
    Object first = data(call(ALICE, "Mutation", "postOrder", arguments)).get("id");
    pipeline.drainQueue();
    Object second = data(call(ALICE, "Mutation", "postOrder", arguments)).get("id");

    assertThat(second).isEqualTo(first);
    assertThat(pipeline.queue.pending()).isZero();
    assertThat(data(call(ALICE, "Query", "orders", "{}")).get("items")).asList().hasSize(1);
  }

  @Test
  void anotherCustomersOrderIsNotFoundForGetUpdateAndDelete() {
    String id = placed(ALICE, "Margherita");

    assertThat(error(call(BOB, "Query", "order", "{\"id\":\"" + id + "\"}")))
        .containsEntry("errorType", "NotFound").containsEntry("message", "order " + id + " not found");
    assertThat(error(call(BOB, "Mutation", "updateOrder", "{\"input\":{\"id\":\"" + id + "\",\"quantity\":5}}")))
        .containsEntry("errorType", "NotFound");
    assertThat(data(call(BOB, "Mutation", "deleteOrder", "{\"id\":\"" + id + "\"}"))).isNull();

    Map<String, Object> stillThere = data(call(ALICE, "Query", "order", "{\"id\":\"" + id + "\"}"));
    assertThat(stillThere).containsEntry("quantity", 2).containsEntry("version", 3);
  }

  @Test
  @SuppressWarnings("unchecked")
  void listingShowsOnlyOnesOwnOrdersPageByPage() {
    String a1 = placed(ALICE, "one");
    String a2 = placed(ALICE, "two");
    String a3 = placed(ALICE, "three");
    placed(BOB, "bobs");

    Map<String, Object> first = data(call(ALICE, "Query", "orders", "{\"limit\":2}"));
    List<Map<String, Object>> firstItems = (List<Map<String, Object>>) first.get("items");
    assertThat(firstItems).extracting(o -> o.get("id")).containsExactly(a1, a2);
    assertThat(first.get("nextToken")).isNotNull();

    Map<String, Object> second = data(call(ALICE, "Query", "orders",
        "{\"limit\":2,\"nextToken\":" + LambdaJson.quote((String) first.get("nextToken")) + "}"));
    assertThat((List<Map<String, Object>>) second.get("items")).extracting(o -> o.get("id")).containsExactly(a3);
    assertThat(second.get("nextToken")).isNull();

    Map<String, Object> bobs = data(call(BOB, "Query", "orders", "{}"));
    assertThat((List<Map<String, Object>>) bobs.get("items")).extracting(o -> o.get("customer")).containsOnly(BOB);
  }

  @Test
  @SuppressWarnings("unchecked")
  void anotherCustomersPageTokenNeverShowsTheirOrders() {
    placed(ALICE, "one");
    placed(ALICE, "two");
    placed(BOB, "bobs");
    String token = (String) data(call(ALICE, "Query", "orders", "{\"limit\":1}")).get("nextToken");

    Map<String, Object> result = call(BOB, "Query", "orders", "{\"nextToken\":" + LambdaJson.quote(token) + "}");

    // The port allows either answer: a ValidationError for a foreign token, or a page of the caller's own orders.
    if (result.containsKey("error")) {
      assertThat(error(result)).containsEntry("errorType", "ValidationError");
    } else {
      assertThat((List<Map<String, Object>>) data(result).get("items")).extracting(o -> o.get("customer")).containsOnly(BOB);
    }
  }

  @Test
  void updateChangesDetailsAndHonoursTheExpectedVersion() {
    String id = post(ALICE, "Margherita");
    pipeline.decline(id, "insufficient funds");
    pipeline.drainQueue(); // FAILED, version 3 (payment started at 2): still modifiable

    Map<String, Object> updated = data(call(ALICE, "Mutation", "updateOrder",
        "{\"input\":{\"id\":\"" + id + "\",\"quantity\":3,\"expectedVersion\":3}}"));
    assertThat(updated).containsEntry("quantity", 3).containsEntry("name", "Margherita").containsEntry("version", 4);

    assertThat(error(call(ALICE, "Mutation", "updateOrder",
        "{\"input\":{\"id\":\"" + id + "\",\"quantity\":4,\"expectedVersion\":3}}")))
        .containsEntry("errorType", "ConflictError");
  }

  @Test
  void aSucceededOrderCannotBeUpdated() {
    String id = placed(ALICE, "Margherita");

    assertThat(error(call(ALICE, "Mutation", "updateOrder", "{\"input\":{\"id\":\"" + id + "\",\"name\":\"Marinara\"}}")))
        .containsEntry("errorType", "InvalidStateError");
  }

  @Test
  void deleteReturnsTheOrderOnceAndThenNull() {
    String id = placed(ALICE, "Margherita");

    assertThat(data(call(ALICE, "Mutation", "deleteOrder", "{\"id\":\"" + id + "\"}"))).containsEntry("id", id);
    assertThat(data(call(ALICE, "Mutation", "deleteOrder", "{\"id\":\"" + id + "\"}"))).isNull();
    assertThat(error(call(ALICE, "Query", "order", "{\"id\":\"" + id + "\"}"))).containsEntry("errorType", "NotFound");
  }

  @Test
  void invalidInputIsAValidationErrorNamingTheFieldAndEnqueuesNothing() {
    assertThat(error(call(ALICE, "Mutation", "postOrder",
        "{\"input\":{\"name\":\"Margherita\",\"quantity\":0,\"restaurantId\":\"r-1\"}}")))
        .containsEntry("errorType", "ValidationError").containsEntry("message", "quantity: must be between 1 and 1000");
    assertThat(error(call(ALICE, "Mutation", "postOrder", "{\"input\":{\"quantity\":1,\"restaurantId\":\"r-1\"}}")))
        .containsEntry("errorType", "ValidationError").containsEntry("message", "name: is required");
    assertThat(error(call(ALICE, "Mutation", "postOrder",
        "{\"input\":{\"name\":\"x\",\"quantity\":\"two\",\"restaurantId\":\"r-1\"}}")))
        .containsEntry("errorType", "ValidationError").containsEntry("message", "quantity: must be an integer");
    assertThat(error(call(ALICE, "Mutation", "postOrder", "{}")))
        .containsEntry("errorType", "ValidationError").containsEntry("message", "input: is required");
    assertThat(error(call(ALICE, "Query", "order", "{\"id\":\"no spaces allowed\"}")))
        .containsEntry("errorType", "ValidationError");
    assertThat(error(call(ALICE, "Query", "orders", "{\"limit\":500}")))
        .containsEntry("errorType", "ValidationError");
    assertThat(error(call(ALICE, "Mutation", "updateOrder", "{\"input\":{\"id\":\"abc\"}}")))
        .containsEntry("errorType", "ValidationError");

    assertThat(pipeline.queue.pending()).isZero();
  }

  @Test
  void anIamCallerIsTheUserArn() {
    Map<String, Object> event = Events.withIdentity(Events.appSync(ALICE, "Mutation", "postOrder",
        "{\"input\":{\"name\":\"Margherita\",\"quantity\":1,\"restaurantId\":\"r-1\"}}"), Events.iamIdentityJson());

    assertThat(data(call(event))).containsEntry("customer", "arn:aws:iam::123456789012:user/orders-client");
  }

  @Test
  void anIdentityPoolCallerIsTheIdentityIdNotTheSharedRole() {
    String identity = Events.iamIdentityJson()
        .replace("\"cognitoIdentityId\": null", "\"cognitoIdentityId\": \"us-east-1:1b2c3d4e-aaaa-4bbb-8ccc-0123456789ab\"")
        .replace("user/orders-client", "assumed-role/Cognito_OrdersAuth_Role/CognitoIdentityCredentials");
    Map<String, Object> event = Events.withIdentity(Events.appSync(ALICE, "Mutation", "postOrder",
        "{\"input\":{\"name\":\"Margherita\",\"quantity\":1,\"restaurantId\":\"r-1\"}}"), identity);

    assertThat(data(call(event))).containsEntry("customer", "us-east-1:1b2c3d4e-aaaa-4bbb-8ccc-0123456789ab");
  }

  @Test
  void anOverlongRoleSessionArnIsHashedToAStableCustomer() {
    String arn = "arn:aws:sts::123456789012:assumed-role/" + "r".repeat(64) + "/" + "s".repeat(64);
    Map<String, Object> identity = Map.of("userArn", arn, "accountId", "123456789012");

    CustomerId first = CallerIdentity.authenticatedOnly().customerOf(identity);

    assertThat(first.value()).startsWith("iam-sha256:").hasSize("iam-sha256:".length() + 64);
    assertThat(CallerIdentity.authenticatedOnly().customerOf(Map.of("userArn", arn))).isEqualTo(first);
  }

  @Test
  void anApiKeyCallIsUnauthorizedUnlessADemoCustomerIsConfigured() {
    Map<String, Object> event = Events.withIdentity(Events.appSync(ALICE, "Query", "orders", "{}"), "null");

    assertThat(error(call(event))).containsEntry("errorType", "Unauthorized");

    GraphQLResolverHandler dev = pipeline.resolver(CallerIdentity.fromEnvironment(Map.of("DEMO_CUSTOMER", "demo")));
    Map<String, Object> posted = LambdaJson.roundTrip(dev.handleRequest(Events.withIdentity(Events.appSync(ALICE,
        "Mutation", "postOrder", "{\"input\":{\"name\":\"x\",\"quantity\":1,\"restaurantId\":\"r\"}}"), "null"), null));
    assertThat(data(posted)).containsEntry("customer", "demo");
  }

  @Test
  void anIdentityWithoutAUserIsUnauthorized() {
    Map<String, Object> event = Events.withIdentity(Events.appSync(ALICE, "Query", "orders", "{}"),
        "{\"resolverContext\":{\"tenant\":\"x\"}}");

    assertThat(error(call(event))).containsEntry("errorType", "Unauthorized");
  }

  @Test
  void aFieldThisResolverDoesNotServeIsADeploymentBugAndAnInternalError() {
    RecordingContext context = new RecordingContext();

    Map<String, Object> result = handler.handleRequest(Events.appSync(ALICE, "Query", "restaurants", "{}"), context);

    assertThat(ConcealedErrors.internalError(result)).isEqualTo("request-1");
    ConcealedErrors.loggedOnce(context, "request-1", "IllegalArgumentException", "Query.restaurants");
  }

  @Test
  void aTransientInfrastructureFailureIsUnavailableAndNamesNothing() {
    OrderRepository failing = (OrderRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {OrderRepository.class}, (proxy, method, args) -> {
          throw new TransientFailureException("DynamoDB GetItem orders-prod failed, may succeed if repeated: "
              + "ProvisionedThroughputExceededException (400)");
        });
    GraphQLResolverHandler broken = new GraphQLResolverHandler(
        new PlaceOrder(InMemoryOrderQueue.builder().build(), failing, () -> OrderId.of("x"), Clock.systemUTC()),
        new GetOrder(failing), new ListOrders(failing), new UpdateOrder(failing, Clock.systemUTC()),
        new DeleteOrder(failing), CallerIdentity.authenticatedOnly());
    RecordingContext context = new RecordingContext();

    Map<String, Object> result = LambdaJson.roundTrip(
        broken.handleRequest(Events.appSync(ALICE, "Query", "order", "{\"id\":\"abc\"}"), context));

    assertThat(ConcealedErrors.unavailable(result)).isEqualTo("request-1");
    ConcealedErrors.loggedOnce(context, "request-1", "ProvisionedThroughputExceededException", "orders-prod");
  }
}
