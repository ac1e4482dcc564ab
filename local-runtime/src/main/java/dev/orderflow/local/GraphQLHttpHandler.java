package dev.orderflow.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import graphql.ErrorType;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * GraphQL over HTTP as AppSync speaks it: {@code POST /graphql} with a JSON body {@code {query, variables,
 * operationName}}; {@code 200} with {@code {data, errors}} whenever the request was a GraphQL request (every
 * error carries an AppSync {@code errorType}); {@code 400} for a body that is no such request, {@code 405}
 * for another method, {@code 415} for a body that is not JSON, {@code 413} past the size cap. {@code GET
 * /health} answers {@code 200} while the runtime serves.
 *
 * <p>Before any of that, on every path, the {@code Host} must name this runtime ({@link HostCheck}, against DNS
 * rebinding): another name is answered {@code 421 Misdirected Request}, a request without exactly one
 * {@code Host} header {@code 400}; neither reads the body nor runs anything. No response carries CORS headers
 * ({@code Access-Control-Allow-Origin} and the like): a page of another origin may neither read the answers nor
 * pass a preflight, which every {@code application/json} request needs, and a same-origin page needs none.
 */
final class GraphQLHttpHandler implements HttpHandler {
  static final String GRAPHQL_PATH = "/graphql";
  static final String HEALTH_PATH = "/health";
  /** AppSync's errorType for a request it cannot read as a GraphQL request. */
  static final String MALFORMED = "MalformedHttpRequestException";
  /** The errorType of a request whose {@code Host} is not a name of this runtime (status 421). */
  static final String MISDIRECTED = "MisdirectedRequest";
  /** How much of a refused {@code Host} value an answer or log line repeats. */
  private static final int ECHO_LIMIT = 100;

  private static final Logger LOG = Logger.getLogger(GraphQLHttpHandler.class.getName());
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final GraphQL graphQL;
  private final ObjectMapper json;
  private final int maxRequestBytes;
  private final String defaultCustomer;
  private final HostCheck hosts;

  GraphQLHttpHandler(GraphQL graphQL, ObjectMapper json, int maxRequestBytes, String defaultCustomer,
      HostCheck hosts) {
    this.graphQL = graphQL;
    this.json = json;
    this.maxRequestBytes = maxRequestBytes;
    this.defaultCustomer = defaultCustomer;
    this.hosts = hosts;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (!hostAllowed(exchange)) {
        return;
      }
      if (HEALTH_PATH.equals(path)) {
        if (method.equals("GET") || method.equals("HEAD")) {
          send(exchange, 200, Map.of("status", "ok"));
        } else {
          methodNotAllowed(exchange, "GET, HEAD");
        }
      } else if (GRAPHQL_PATH.equals(path)) {
        if (method.equals("POST")) {
          graphQL(exchange);
        } else {
          methodNotAllowed(exchange, "POST");
        }
      } else {
        send(exchange, 404, errors(AppSyncError.requestError("NotFound", "no such path: " + path
            + " (the GraphQL endpoint is POST " + GRAPHQL_PATH + ")")));
      }
    } catch (IOException | RuntimeException e) {
      // the client went away, or a bug: the exchange is closed either way
      LOG.log(Level.WARNING, e, () -> "request failed: " + e);
    }
  }

  /**
   * Whether the request names this runtime; if not, it has been answered: {@code 400} without exactly one
   * {@code Host} header, {@code 421} for a name that is not this runtime's.
   */
  private boolean hostAllowed(HttpExchange exchange) throws IOException {
    List<String> host = exchange.getRequestHeaders().get("Host");
    if (host == null || host.size() != 1) {
      send(exchange, 400, errors(AppSyncError.requestError(MALFORMED,
          "a request needs exactly one Host header, not " + (host == null ? 0 : host.size()))));
      return false;
    }
    if (hosts.allows(host.get(0)) && hosts.allowsTarget(exchange.getRequestURI())) {
      return true;
    }
    String named = echo(hosts.allowsTarget(exchange.getRequestURI())
        ? host.get(0) : exchange.getRequestURI().getRawAuthority());
    LOG.info(() -> "refused a request for host \"" + named + "\" (421): not a name of this runtime;"
        + " add it with --allowed-host if it should be");
    send(exchange, 421, errors(AppSyncError.requestError(MISDIRECTED, "this local runtime does not answer for host \""
        + named + "\": it answers 127.0.0.1, localhost and [::1], with any port, and the names given with"
        + " --allowed-host")));
    return false;
  }

  /** At most {@link #ECHO_LIMIT} characters of a value the client sent, without control characters. */
  private static String echo(String value) {
    String shown = value.length() > ECHO_LIMIT ? value.substring(0, ECHO_LIMIT) + "..." : value;
    return shown.replaceAll("\\p{Cntrl}", "?");
  }

  private void graphQL(HttpExchange exchange) throws IOException {
    if (!isJson(exchange.getRequestHeaders().getFirst("Content-Type"))) {
      send(exchange, 415, errors(AppSyncError.requestError(MALFORMED,
          "Content-Type must be application/json, not " + exchange.getRequestHeaders().getFirst("Content-Type"))));
      return;
    }
    byte[] body = readBody(exchange);
    if (body == null) {
      send(exchange, 413, errors(AppSyncError.requestError(MALFORMED,
          "the request body is larger than " + maxRequestBytes + " bytes")));
      return;
    }
    ExecutionInput.Builder input;
    try {
      input = executionInput(json.readTree(body));
    } catch (JsonProcessingException e) {
      send(exchange, 400, errors(AppSyncError.requestError(MALFORMED, notJson(e))));
      return;
    } catch (MalformedRequest e) {
      send(exchange, 400, errors(AppSyncError.requestError(MALFORMED, e.getMessage())));
      return;
    }
    CallerRequest caller = caller(exchange);
    ExecutionResult result = graphQL.execute(input.graphQLContext(Map.of(CallerRequest.class, caller)).build());
    send(exchange, 200, specification(result));
  }

  /** The body, or {@code null} if it is larger than the cap (then only the cap and one byte are read). */
  private byte[] readBody(HttpExchange exchange) throws IOException {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.strip()) > maxRequestBytes) {
          return null;
        }
      } catch (NumberFormatException e) {
        return null; // a length that is no number: refuse rather than read a body of unknown size
      }
    }
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(maxRequestBytes + 1);
      return body.length > maxRequestBytes ? null : body;
    }
  }

  private ExecutionInput.Builder executionInput(JsonNode request) {
    if (request == null || !request.isObject()) {
      throw new MalformedRequest("the request body must be a JSON object {\"query\": \"...\", \"variables\": {...}}");
    }
    JsonNode query = request.get("query");
    if (query == null || !query.isTextual() || query.asText().isBlank()) {
      throw new MalformedRequest("the request has no query: it needs a non-empty string \"query\"");
    }
    JsonNode variables = request.get("variables");
    if (variables != null && !variables.isNull() && !variables.isObject()) {
      throw new MalformedRequest("\"variables\" must be a JSON object");
    }
    JsonNode operationName = request.get("operationName");
    if (operationName != null && !operationName.isNull() && !operationName.isTextual()) {
      throw new MalformedRequest("\"operationName\" must be a string");
    }
    ExecutionInput.Builder input = ExecutionInput.newExecutionInput().query(query.asText());
    if (variables != null && variables.isObject()) {
      input.variables(json.convertValue(variables, MAP));
    }
    if (operationName != null && operationName.isTextual()) {
      input.operationName(operationName.asText());
    }
    return input;
  }

  private CallerRequest caller(HttpExchange exchange) {
    String customer = exchange.getRequestHeaders().getFirst(CallerRequest.CUSTOMER_HEADER);
    Map<String, String> headers = new LinkedHashMap<>();
    exchange.getRequestHeaders().forEach((name, values) ->
        headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
    return new CallerRequest(customer == null || customer.isBlank() ? defaultCustomer : customer.strip(),
        exchange.getRemoteAddress().getAddress().getHostAddress(), headers);
  }

  /** The result as the spec spells it, every error with an AppSync {@code errorType} at its top level. */
  private static Map<String, Object> specification(ExecutionResult result) {
    Map<String, Object> spec = result.toSpecification();
    if (result.getErrors().isEmpty()) {
      return spec;
    }
    List<Map<String, Object>> errors = new ArrayList<>();
    for (GraphQLError error : result.getErrors()) {
      Map<String, Object> map = new LinkedHashMap<>(error.toSpecification());
      map.putIfAbsent("errorType", errorType(error));
      errors.add(map);
    }
    Map<String, Object> patched = new LinkedHashMap<>(spec);
    patched.put("errors", errors);
    return patched;
  }

  private static String errorType(GraphQLError error) {
    if (error.getErrorType() instanceof ErrorType type) {
      return type.name(); // ValidationError, InvalidSyntax, DataFetchingException, ...
    }
    return String.valueOf(error.getErrorType());
  }

  private static Map<String, Object> errors(Map<String, Object> error) {
    return Map.of("errors", List.of(error));
  }

  private void methodNotAllowed(HttpExchange exchange, String allowed) throws IOException {
    exchange.getResponseHeaders().set("Allow", allowed);
    send(exchange, 405, errors(AppSyncError.requestError(MALFORMED,
        exchange.getRequestMethod() + " is not allowed here; use " + allowed)));
  }

  private void send(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static String notJson(JsonProcessingException e) {
    String problem = e.getOriginalMessage().split("\\s*\\(start marker|\\n", 2)[0];
    return e.getLocation() == null
        ? "the request body is not valid JSON: " + problem
        : "the request body is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
            + e.getLocation().getColumnNr() + "): " + problem;
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json");
  }

  /** A body that is JSON but no GraphQL request. */
  private static final class MalformedRequest extends RuntimeException {
    MalformedRequest(String message) {
      super(message, null, false, false);
    }
  }
}
