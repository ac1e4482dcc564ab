package dev.orderflow.lambda.internal.priming;

import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.port.OrderMessageFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Not API: the sample payloads SnapStart priming runs the handlers' own code on before a checkpoint, shaped as each
 * function receives its events (built as the Lambda runtime deserialises JSON: linked hash maps, array lists,
 * {@code Integer}s). They name no real user or order, and none holds a value that must be unique per restored copy.
 * The test fixtures ({@code Sample*} in the test sources) build their events from the same shapes.
 */
public final class PrimingEvents {
  /** The order id of every sample. */
  public static final String ORDER_ID = "sample-order";
  /** The customer of the workflow, queue and stream samples. */
  public static final String CUSTOMER = "sample-customer";
  /** The Cognito {@code sub} of the resolver samples' caller (the customer they act for). */
  public static final String COGNITO_SUB = "00000000-0000-4000-8000-000000000000";

  private static final String ACCEPTED_AT = "2026-01-01T00:00:00Z";

  private PrimingEvents() {}

  // --- AppSync resolver ---

  /** {@code Mutation.postOrder} from a Cognito user pool user, without a client token. */
  public static Map<String, Object> postOrder() {
    return postOrder(null);
  }

  /** {@code Mutation.postOrder} with {@code clientToken} if not {@code null} (the resolver then reads the table first). */
  public static Map<String, Object> postOrder(String clientToken) {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("name", "Margherita");
    input.put("quantity", 2);
    input.put("restaurantId", "sample-restaurant");
    if (clientToken != null) {
      input.put("clientToken", clientToken);
    }
    Map<String, Object> arguments = new LinkedHashMap<>();
    arguments.put("input", input);
    return resolverEvent("Mutation", "postOrder", arguments, List.of("id", "status"));
  }

  /** A direct Lambda resolver event from the sample Cognito user, as AppSync sends it. */
  public static Map<String, Object> resolverEvent(String parentTypeName, String fieldName,
      Map<String, Object> arguments, List<String> selection) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", COGNITO_SUB);
    claims.put("token_use", "id");
    claims.put("cognito:username", "sample-user");
    claims.put("auth_time", 1767225600);
    Map<String, Object> identity = new LinkedHashMap<>();
    identity.put("claims", claims);
    identity.put("defaultAuthStrategy", "ALLOW");
    identity.put("groups", null);
    identity.put("issuer", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_sample");
    identity.put("sourceIp", new ArrayList<>(List.of("127.0.0.1")));
    identity.put("sub", COGNITO_SUB);
    identity.put("username", "sample-user");

    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("content-type", "application/json");
    headers.put("x-amzn-requestid", "00000000-0000-0000-0000-000000000000");
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("headers", headers);
    request.put("domainName", null);

    Map<String, Object> info = new LinkedHashMap<>();
    info.put("fieldName", fieldName);
    info.put("parentTypeName", parentTypeName);
    info.put("variables", new LinkedHashMap<>());
    info.put("selectionSetList", new ArrayList<>(selection));
    info.put("selectionSetGraphQL", "{ " + String.join(" ", selection) + " }");

    Map<String, Object> event = new LinkedHashMap<>();
    event.put("arguments", arguments);
    event.put("identity", identity);
    event.put("source", null);
    event.put("request", request);
    event.put("prev", null);
    event.put("info", info);
    event.put("stash", new HashMap<>());
    return event;
  }

  /** A placed order of the sample Cognito user, for rendering. */
  public static Order order() {
    Instant at = Instant.parse("2026-01-01T00:00:00.123Z");
    return Order.place(new OrderRequest(OrderId.of(ORDER_ID), CustomerId.of(COGNITO_SUB),
        new OrderDetails("Margherita", 2, "sample-restaurant"), at));
  }

  // --- order queue ---

  /** The sample order's queue message body ({@link OrderMessageFormat}). */
  public static String queueMessage() {
    return queueMessage(ORDER_ID, CUSTOMER);
  }

  /** The queue message body for {@code orderId} of {@code customer}. */
  public static String queueMessage(String orderId, String customer) {
    return OrderMessageFormat.encode(new OrderRequest(OrderId.of(orderId), CustomerId.of(customer),
        new OrderDetails("Margherita", 2, "sample-restaurant"), Instant.parse(ACCEPTED_AT)));
  }

  // --- orders table stream ---

  /** A stream event of one INSERT record: the sample order recorded, {@code PENDING}. */
  public static Map<String, Object> orderCreated() {
    return orderCreated(ORDER_ID, CUSTOMER);
  }

  /** A stream event of one INSERT record (DynamoDB JSON images): {@code orderId} of {@code customer}, {@code PENDING}. */
  public static Map<String, Object> orderCreated(String orderId, String customer) {
    Map<String, Object> image = new LinkedHashMap<>();
    image.put("customer", Map.of("S", customer));
    image.put("orderId", Map.of("S", orderId));
    image.put("name", Map.of("S", "Margherita"));
    image.put("quantity", Map.of("N", "2"));
    image.put("restaurantId", Map.of("S", "sample-restaurant"));
    image.put("status", Map.of("S", "PENDING"));
    image.put("createdAt", Map.of("S", ACCEPTED_AT));
    image.put("updatedAt", Map.of("S", ACCEPTED_AT));
    image.put("version", Map.of("N", "1"));
    image.put("notified", Map.of("BOOL", false));
    image.put("paymentVersion", Map.of("N", "0"));
    image.put("pendingFor", Map.of("S", customer));

    Map<String, Object> dynamodb = new LinkedHashMap<>();
    dynamodb.put("ApproximateCreationDateTime", 1767225600);
    dynamodb.put("Keys", Map.of("customer", Map.of("S", customer), "orderId", Map.of("S", orderId)));
    dynamodb.put("NewImage", image);
    dynamodb.put("SequenceNumber", "100000000000000000001");
    dynamodb.put("SizeBytes", 256);
    dynamodb.put("StreamViewType", "NEW_AND_OLD_IMAGES");

    Map<String, Object> record = new LinkedHashMap<>();
    record.put("eventID", "sample-event");
    record.put("eventName", "INSERT");
    record.put("eventVersion", "1.1");
    record.put("eventSource", "aws:dynamodb");
    record.put("awsRegion", "us-east-1");
    record.put("dynamodb", dynamodb);
    record.put("eventSourceARN",
        "arn:aws:dynamodb:us-east-1:000000000000:table/orders/stream/2026-01-01T00:00:00.000");
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("Records", List.of(record));
    return event;
  }

  // --- workflow steps (docs/workflow-contract.md) ---

  /** The sample execution input, which is also {@code InitializeOrder}'s payload. */
  public static Map<String, Object> executionInput() {
    return executionInput(ORDER_ID, CUSTOMER);
  }

  /** The execution input for {@code orderId} of {@code customer}. */
  public static Map<String, Object> executionInput(String orderId, String customer) {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("orderId", orderId);
    input.put("customer", customer);
    input.put("name", "Margherita");
    input.put("quantity", 2);
    input.put("restaurantId", "sample-restaurant");
    input.put("acceptedAt", ACCEPTED_AT);
    return input;
  }

  /** The sample order's key: {@code DecidePayment}'s and {@code CompleteOrder}'s payload. */
  public static Map<String, Object> stepKey() {
    return stepKey(ORDER_ID, CUSTOMER);
  }

  /** {@code {"orderId","customer"}}: {@code DecidePayment}'s and {@code CompleteOrder}'s payload. */
  public static Map<String, Object> stepKey(String orderId, String customer) {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("orderId", orderId);
    input.put("customer", customer);
    return input;
  }

  /** The sample order's state after a declined payment: {@code FailOrder}'s payload. */
  public static Map<String, Object> declinedState() {
    return declinedState(ORDER_ID, CUSTOMER);
  }

  /** {@code FailOrder}'s payload after a declined payment of {@code orderId} of {@code customer}. */
  public static Map<String, Object> declinedState(String orderId, String customer) {
    Map<String, Object> state = executionInput(orderId, customer);
    Map<String, Object> initialized = stepKey(orderId, customer);
    initialized.put("status", "PENDING");
    initialized.put("version", 1);
    state.put("initialized", initialized);
    Map<String, Object> payment = new LinkedHashMap<>();
    payment.put("approved", false);
    payment.put("reason", "payment method declined");
    state.put("payment", payment);
    return state;
  }
}
