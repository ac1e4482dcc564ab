package dev.orderflow.lambda.appsync;

import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolver events shaped as AppSync sends them to a direct Lambda resolver, built the way the Lambda
 * runtime deserialises JSON (linked hash maps, array lists, {@code Integer}s). Used for priming and by
 * the cold-start probe; they name no real user or order.
 */
public final class SampleEvents {
  static final String SAMPLE_SUB = "00000000-0000-4000-8000-000000000000";

  private SampleEvents() {}

  /** {@code Mutation.postOrder} from a Cognito user pool user. */
  public static Map<String, Object> postOrder() {
    return postOrder(null);
  }

  /** {@code Mutation.postOrder} with a client token (which makes the resolver read the table first). */
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
    return event("Mutation", "postOrder", arguments, List.of("id", "status"));
  }

  /** {@code Query.order} for {@code id} from the same Cognito user. */
  public static Map<String, Object> order(String id) {
    Map<String, Object> arguments = new LinkedHashMap<>();
    arguments.put("id", id);
    return event("Query", "order", arguments, List.of("id", "status", "version"));
  }

  /** A resolver event from the sample Cognito user. */
  public static Map<String, Object> event(String parentTypeName, String fieldName, Map<String, Object> arguments,
      List<String> selection) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", SAMPLE_SUB);
    claims.put("token_use", "id");
    claims.put("cognito:username", "sample-user");
    claims.put("auth_time", 1767225600);
    Map<String, Object> identity = new LinkedHashMap<>();
    identity.put("claims", claims);
    identity.put("defaultAuthStrategy", "ALLOW");
    identity.put("groups", null);
    identity.put("issuer", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_sample");
    identity.put("sourceIp", new ArrayList<>(List.of("127.0.0.1")));
    identity.put("sub", SAMPLE_SUB);
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

  static Order order() {
    Instant at = Instant.parse("2026-01-01T00:00:00.123Z");
    return Order.place(new OrderRequest(OrderId.of("sample-order"), CustomerId.of(SAMPLE_SUB),
        new OrderDetails("Margherita", 2, "sample-restaurant"), at));
  }
}
