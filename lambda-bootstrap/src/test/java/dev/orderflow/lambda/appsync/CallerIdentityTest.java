package dev.orderflow.lambda.appsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.core.application.DeleteOrder;
import dev.orderflow.core.application.GetOrder;
import dev.orderflow.core.application.ListOrders;
import dev.orderflow.core.application.PlaceOrder;
import dev.orderflow.core.application.UpdateOrder;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.EmailAddress;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.port.OrderMessageFormat;
import dev.orderflow.core.port.OrderQueue;
import dev.orderflow.core.port.OrderRepository;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Clock;
import dev.orderflow.inmemory.InMemoryOrderQueue;
import dev.orderflow.lambda.testing.Events;
import dev.orderflow.lambda.testing.LambdaJson;
import dev.orderflow.lambda.testing.Pipeline;
import dev.orderflow.lambda.testing.RecordingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallerIdentityTest {
  @Test
  void demoCustomerOnlyWhenTheVariableIsSet() {
    assertThat(CallerIdentity.fromEnvironment(Map.of()).demoCustomer()).isEmpty();
    assertThat(CallerIdentity.fromEnvironment(Map.of("DEMO_CUSTOMER", "  ")).demoCustomer()).isEmpty();
    assertThat(CallerIdentity.fromEnvironment(Map.of("DEMO_CUSTOMER", "demo")).demoCustomer())
        .contains(CustomerId.of("demo"));
    assertThatThrownBy(() -> CallerIdentity.fromEnvironment(Map.of("DEMO_CUSTOMER", "x".repeat(200))))
        .hasMessageContaining("DEMO_CUSTOMER");
  }

  @Test
  void primingRunsTheResolversCodeWithoutTouchingAnyPort() {
    InvocationHandler refuse = (proxy, method, args) -> {
      throw new AssertionError("priming called " + method.getName());
    };
    OrderRepository repository = (OrderRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {OrderRepository.class}, refuse);
    OrderQueue queue = (OrderQueue) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {OrderQueue.class}, refuse);
    GraphQLResolverHandler handler = new GraphQLResolverHandler(
        new PlaceOrder(queue, repository, () -> { throw new AssertionError("priming drew an id"); }, Clock.systemUTC()),
        new GetOrder(repository), new ListOrders(repository), new UpdateOrder(repository, Clock.systemUTC()),
        new DeleteOrder(repository), CallerIdentity.authenticatedOnly());

    handler.prime();

    assertThat(OrderGraphQL.order(SampleEvents.order())).containsEntry("createdAt", "2026-01-01T00:00:00.123Z");
  }

  // --- the caller's verified email address (identity.claims of a Cognito ID token) ---

  private static final String POST_ORDER_ARGUMENTS =
      "{\"input\":{\"name\":\"Margherita\",\"quantity\":2,\"restaurantId\":\"luigis\"}}";

  /** A resolver event from Cognito user {@code sub}, as AppSync sends it (the ID token's claims included). */
  private static Map<String, Object> cognitoEvent(String sub) {
    return Events.appSync(sub, "Mutation", "postOrder", POST_ORDER_ARGUMENTS);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> identity(Map<String, Object> event) {
    return (Map<String, Object>) event.get("identity");
  }

  /** The Cognito event's identity with its claims changed: {@code null} values remove the claim. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> withClaims(Map<String, Object> changes) {
    Map<String, Object> identity = LambdaJson.roundTrip(identity(cognitoEvent("user-1")));
    Map<String, Object> claims = (Map<String, Object>) identity.get("claims");
    changes.forEach((claim, value) -> {
      if (value == null) {
        claims.remove(claim);
      } else {
        claims.put(claim, value);
      }
    });
    return identity;
  }

  private static Map<String, Object> claims(Object... pairs) {
    Map<String, Object> changes = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      changes.put((String) pairs[i], pairs[i + 1]);
    }
    return changes;
  }

  @Test
  void aCognitoCallersVerifiedAddressIsTheirEmail() {
    // the recorded event's claims: "email_verified": true (a JSON boolean)
    Map<String, Object> identity = identity(cognitoEvent("user-1"));
    assertThat(((Map<?, ?>) identity.get("claims")).get("email_verified")).isEqualTo(true);

    assertThat(CallerIdentity.verifiedEmailOf(identity)).contains(EmailAddress.of("customer@example.com"));
    // some tokens carry the flag as a string
    assertThat(CallerIdentity.verifiedEmailOf(withClaims(claims("email_verified", "true"))))
        .contains(EmailAddress.of("customer@example.com"));
    // the domain is kept in lower case, the local part as given
    assertThat(CallerIdentity.verifiedEmailOf(withClaims(claims("email", "Jane.Doe@Example.COM"))))
        .map(EmailAddress::value).contains("Jane.Doe@example.com");
  }

  @Test
  void anUnverifiedMissingOrInvalidAddressIsNoEmailAndNoError() {
    for (Map<String, Object> changes : List.of(
        claims("email_verified", false),
        claims("email_verified", "false"),
        claims("email_verified", "yes"),
        claims("email_verified", null),
        claims("email", null),
        claims("email", ""),
        claims("email", "not an address"),
        claims("email", "customer@localhost"),
        claims("email", "a\r\nBcc: victim@example.com"),
        claims("email", "x".repeat(250) + "@example.com"),
        claims("email", List.of("customer@example.com")))) {
      Map<String, Object> identity = withClaims(changes);

      assertThat(CallerIdentity.verifiedEmailOf(identity)).as(changes.toString()).isEmpty();
      // the caller is the same customer all the same
      assertThat(CallerIdentity.authenticatedOnly().customerOf(identity)).isEqualTo(CustomerId.of("user-1"));
    }
  }

  @Test
  void iamAndApiKeyCallersHaveNoEmail() {
    Map<String, Object> iam = identity(Events.withIdentity(cognitoEvent("user-1"), Events.iamIdentityJson()));
    assertThat(CallerIdentity.verifiedEmailOf(iam)).isEmpty();
    assertThat(CallerIdentity.authenticatedOnly().customerOf(iam))
        .isEqualTo(CustomerId.of("arn:aws:iam::123456789012:user/orders-client"));

    Map<String, Object> apiKey = identity(Events.withIdentity(cognitoEvent("user-1"), "null"));
    assertThat(apiKey).isNull();
    assertThat(CallerIdentity.verifiedEmailOf(apiKey)).isEmpty();
    // claims that are no object: none
    assertThat(CallerIdentity.verifiedEmailOf(Map.of("sub", "user-1", "claims", "email=customer@example.com")))
        .isEmpty();
  }

  /** Places an order through the resolver and returns the request it queued. */
  private static OrderRequest queuedRequest(Pipeline pipeline, Map<String, Object> event) {
    Map<String, Object> answer = pipeline.resolver(CallerIdentity.withDemoCustomer(CustomerId.of("demo-customer")))
        .handleRequest(event, new RecordingContext());
    assertThat(answer).containsKey("data").doesNotContainKey("error");
    List<InMemoryOrderQueue.Received> received = pipeline.queue.receive(10);
    assertThat(received).hasSize(1);
    pipeline.queue.delete(received.get(0).receiptHandle());
    return OrderMessageFormat.decode(received.get(0).body());
  }

  @Test
  void postOrderQueuesTheVerifiedAddressWithTheRequestAndTheWorkflowKeepsItOnTheOrder() {
    Pipeline pipeline = new Pipeline();

    OrderRequest request = queuedRequest(pipeline, cognitoEvent("user-1"));

    assertThat(request.email()).contains(EmailAddress.of("customer@example.com"));
    pipeline.runStateMachine(request);
    Order stored = pipeline.repository.find(CustomerId.of("user-1"), request.id()).orElseThrow();
    assertThat(stored.email()).contains(EmailAddress.of("customer@example.com"));
    assertThat(stored.status().isFinal()).isTrue();
    // the GraphQL answer does not show it
    assertThat(OrderGraphQL.order(stored)).doesNotContainKeys("email", "emailTo")
        .allSatisfy((field, value) -> assertThat(String.valueOf(value)).doesNotContain("@"));
  }

  @Test
  void postOrderWithoutAVerifiedAddressQueuesNoneAndStillPlacesTheOrder() {
    Pipeline pipeline = new Pipeline();
    Map<String, Object> unverified = LambdaJson.roundTrip(cognitoEvent("user-1"));
    unverified.put("identity", withClaims(claims("email_verified", false)));

    OrderRequest fromUnverified = queuedRequest(pipeline, unverified);
    OrderRequest fromIam = queuedRequest(pipeline, Events.withIdentity(cognitoEvent("user-1"), Events.iamIdentityJson()));
    OrderRequest fromApiKey = queuedRequest(pipeline, Events.withIdentity(cognitoEvent("user-1"), "null"));

    assertThat(List.of(fromUnverified, fromIam, fromApiKey)).allSatisfy(request -> {
      assertThat(request.email()).isEmpty();
      assertThat(OrderMessageFormat.encode(request)).doesNotContain("email");
    });
    assertThat(fromApiKey.customer()).isEqualTo(CustomerId.of("demo-customer"));
  }

  @Test
  void anAddressInTheInputIsIgnored() {
    Pipeline pipeline = new Pipeline();
    Map<String, Object> event = Events.appSync("user-1", "Mutation", "postOrder",
        "{\"input\":{\"name\":\"Margherita\",\"quantity\":2,\"restaurantId\":\"luigis\","
            + "\"email\":\"attacker@example.com\"}}");
    event.put("identity", withClaims(claims("email_verified", false)));

    OrderRequest request = queuedRequest(pipeline, event);

    assertThat(request.email()).isEmpty();
    assertThat(OrderGraphQL.postOrder(CustomerId.of("user-1"),
        Map.of("name", "Margherita", "quantity", 2, "restaurantId", "luigis", "email", "attacker@example.com"),
        Optional.empty()).emailTo()).isNull();
  }
}
