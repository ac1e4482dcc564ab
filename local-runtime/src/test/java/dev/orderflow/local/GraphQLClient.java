package dev.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** A GraphQL-over-HTTP client of the local runtime, as a test drives it: java.net.http, JSON via Jackson. */
final class GraphQLClient {
  static final String ORDER_FIELDS = "id customer name quantity restaurantId status failureReason createdAt updatedAt version";
  /** Bounds a broken run only (was 2,000 reads 5 ms apart). */
  private static final Duration AWAIT_ORDER = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI endpoint;

  GraphQLClient(URI endpoint) {
    this.endpoint = endpoint;
  }

  /** The HTTP status and the parsed JSON body of one response. */
  record Response(int status, Map<String, Object> body) {
    @SuppressWarnings("unchecked")
    Map<String, Object> data() {
      return (Map<String, Object>) body.get("data");
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> errors() {
      List<Map<String, Object>> errors = (List<Map<String, Object>>) body.get("errors");
      return errors == null ? List.of() : errors;
    }

    /** The one field's value of a successful response. */
    @SuppressWarnings("unchecked")
    <T> T field(String name) {
      assertThat(status).as("HTTP status of %s", body).isEqualTo(200);
      assertThat(errors()).as("errors").isEmpty();
      return (T) data().get(name);
    }

    /** The errorType of the only error. */
    String errorType() {
      assertThat(errors()).as("errors of %s", body).hasSize(1);
      return (String) errors().get(0).get("errorType");
    }
  }

  Response graphQL(String customer, String query, Map<String, Object> variables) {
    return graphQL(customer, null, query, variables);
  }

  /** A GraphQL request from {@code customer} with the email address {@code email} (no email header if null). */
  Response graphQL(String customer, String email, String query, Map<String, Object> variables) {
    Map<String, Object> request = variables == null ? Map.of("query", query) : Map.of("query", query, "variables", variables);
    try {
      return post(customer, email, "application/json", JSON.writeValueAsBytes(request));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Response post(String customer, String contentType, byte[] body) {
    return post(customer, null, contentType, body);
  }

  private Response post(String customer, String email, String contentType, byte[] body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (customer != null) {
      request.header(CallerRequest.CUSTOMER_HEADER, customer);
    }
    if (email != null) {
      request.header(CallerRequest.EMAIL_HEADER, email);
    }
    return send(request.build());
  }

  Response send(HttpRequest request) {
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      Map<String, Object> body = response.body().length == 0 ? Map.of() : JSON.readValue(response.body(), MAP);
      return new Response(response.statusCode(), body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  URI uri(String path) {
    return endpoint.resolve(path);
  }

  Map<String, Object> postOrder(String customer, String name, int quantity, String restaurantId) {
    return postOrder(customer, null, name, quantity, restaurantId);
  }

  /** Posts an order as {@code customer} with the verified address {@code email}, where its outcome email goes. */
  Map<String, Object> postOrder(String customer, String email, String name, int quantity, String restaurantId) {
    return graphQL(customer, email, "mutation Post($input: PostOrderInput!) { postOrder(input: $input) { " + ORDER_FIELDS + " } }",
        Map.of("input", Map.of("name", name, "quantity", quantity, "restaurantId", restaurantId)))
        .field("postOrder");
  }

  Response order(String customer, String id) {
    return graphQL(customer, "query Get($id: ID!) { order(id: $id) { " + ORDER_FIELDS + " } }", Map.of("id", id));
  }

  Response orders(String customer, Integer limit, String nextToken) {
    Map<String, Object> variables = new java.util.HashMap<>();
    variables.put("limit", limit);
    variables.put("nextToken", nextToken);
    return graphQL(customer, "query List($limit: Int, $nextToken: String) { orders(limit: $limit, nextToken: $nextToken) { "
        + "items { " + ORDER_FIELDS + " } nextToken } }", variables);
  }

  Response updateOrder(String customer, Map<String, Object> input) {
    return graphQL(customer, "mutation Update($input: UpdateOrderInput!) { updateOrder(input: $input) { " + ORDER_FIELDS + " } }",
        Map.of("input", input));
  }

  Response deleteOrder(String customer, String id) {
    return graphQL(customer, "mutation Delete($id: ID!) { deleteOrder(id: $id) { " + ORDER_FIELDS + " } }", Map.of("id", id));
  }

  /**
   * Reads the order until it satisfies {@code done}: the pipeline runs in the background. The bound (a
   * minute) only ends a broken run; nothing is asserted about how fast the order gets there.
   */
  Map<String, Object> awaitOrder(String customer, String id, Predicate<Map<String, Object>> done) {
    AtomicReference<Response> last = new AtomicReference<>();
    try {
      return Awaitility.await("order " + id).atMost(AWAIT_ORDER).pollInSameThread()
          .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
          .until(() -> {
            Response response = order(customer, id);
            last.set(response);
            Map<String, Object> data = response.data();
            if (response.errors().isEmpty() && data != null && data.get("order") instanceof Map<?, ?> order) {
              @SuppressWarnings("unchecked")
              Map<String, Object> fields = (Map<String, Object>) order;
              return Optional.of(fields);
            }
            return Optional.<Map<String, Object>>empty();
          }, fields -> fields.isPresent() && done.test(fields.get()))
          .orElseThrow();
    } catch (ConditionTimeoutException e) {
      Response answer = last.get();
      return fail("order %s never got there; last answer %s", id, answer == null ? null : answer.body());
    }
  }

  Map<String, Object> awaitFinal(String customer, String id) {
    return awaitOrder(customer, id, order -> !"PENDING".equals(order.get("status")));
  }
}
