package dev.orderflow.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.EmailAddress;
import dev.orderflow.core.domain.InvalidRequestException;
import graphql.ErrorType;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * GraphQL over HTTP as AppSync speaks it: {@code POST /graphql} with a JSON body {@code {query, variables,
 * operationName}}; {@code 200} with {@code {data, errors}} whenever the request was a GraphQL request (every
 * error carries an AppSync {@code errorType}); {@code 400} for a body that is no such request, {@code 405}
 * for another method, {@code 415} for a body that is not JSON, {@code 413} past the size cap. {@code GET
 * /health} answers {@code 200} while the runtime serves. {@code /graphql/realtime} is AppSync's real-time
 * WebSocket endpoint ({@link RealtimeEndpoint}); {@code GET /} and {@code GET /page/<file>} serve the live-updates
 * page ({@link PageResources}); {@code GET /page/mailbox} answers the caller's outcome emails in memory
 * ({@link #MAILBOX_PATH}).
 *
 * <p>Before any of that, on every path, the {@code Host} must name this runtime ({@link HostCheck}, against DNS
 * rebinding): another name is answered {@code 421 Misdirected Request}, a request without exactly one
 * {@code Host} header {@code 400}; neither reads the body nor runs anything. No response carries CORS headers
 * ({@code Access-Control-Allow-Origin} and the like): a page of another origin may neither read the answers nor
 * pass a preflight, which every {@code application/json} request needs, and a same-origin page needs none.
 *
 * <p>A Jetty {@link Handler.Abstract}: it answers every request it is given, on one of the server's threads
 * (reading the body and running GraphQL block that thread; the pool is sized for it).
 */
final class GraphQLHttpHandler extends Handler.Abstract {
  static final String GRAPHQL_PATH = "/graphql";
  static final String HEALTH_PATH = "/health";
  /**
   * The outcome emails of the caller — the customer and address of {@link CallerRequest#CUSTOMER_HEADER} and
   * {@link CallerRequest#EMAIL_HEADER}, as a GraphQL call names them — as JSON: {@code {"customer", "address",
   * "emails": [{"orderId", "subject", "text", "sentAt"}]}}, newest first ({@link Mailbox}). Only mail that went to
   * that address about that customer's orders; none without an address. Local only: in memory, not on AWS.
   */
  static final String MAILBOX_PATH = "/page/mailbox";
  /** AppSync's errorType for a request it cannot read as a GraphQL request. */
  static final String MALFORMED = "MalformedHttpRequestException";
  /** The errorType of a request whose {@code Host} is not a name of this runtime (status 421). */
  static final String MISDIRECTED = "MisdirectedRequest";
  static final String JSON_TYPE = "application/json; charset=utf-8";
  /** How much of a refused {@code Host} value an answer or log line repeats. */
  private static final int ECHO_LIMIT = 100;

  private static final Logger LOG = Logger.getLogger(GraphQLHttpHandler.class.getName());
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final GraphQL graphQL;
  private final ObjectMapper json;
  private final int maxRequestBytes;
  private final String defaultCustomer;
  private final HostCheck hosts;
  private final RealtimeEndpoint realtime;
  private final Mailbox mailbox;
  private final PageResources pages = new PageResources();

  /** @param mailbox the in-memory pipeline's mail, or {@code null} on the AWS adapters (then {@link #MAILBOX_PATH} is 404) */
  GraphQLHttpHandler(GraphQL graphQL, ObjectMapper json, int maxRequestBytes, String defaultCustomer,
      HostCheck hosts, RealtimeEndpoint realtime, Mailbox mailbox) {
    super(InvocationType.BLOCKING);
    this.graphQL = graphQL;
    this.json = json;
    this.maxRequestBytes = maxRequestBytes;
    this.defaultCustomer = defaultCustomer;
    this.hosts = hosts;
    this.realtime = realtime;
    this.mailbox = mailbox;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    try {
      String path = request.getHttpURI().getPath();
      String method = request.getMethod();
      if (!hostAllowed(request, response, callback)) {
        return true;
      }
      if (HEALTH_PATH.equals(path)) {
        if (method.equals("GET") || method.equals("HEAD")) {
          send(request, response, callback, 200, Map.of("status", "ok"));
        } else {
          methodNotAllowed(request, response, callback, "GET, HEAD");
        }
      } else if (GRAPHQL_PATH.equals(path)) {
        if (method.equals("POST")) {
          graphQL(request, response, callback);
        } else {
          methodNotAllowed(request, response, callback, "POST");
        }
      } else if (RealtimeEndpoint.PATH.equals(path)) {
        realtime.handle(request, response, callback);
      } else if (MAILBOX_PATH.equals(path)) {
        if (method.equals("GET") || method.equals("HEAD")) {
          mailbox(request, response, callback);
        } else {
          methodNotAllowed(request, response, callback, "GET, HEAD");
        }
      } else if (pages.serves(path)) {
        if (method.equals("GET") || method.equals("HEAD")) {
          page(request, response, callback, path);
        } else {
          methodNotAllowed(request, response, callback, "GET, HEAD");
        }
      } else {
        notFound(request, response, callback, path);
      }
    } catch (IOException | RuntimeException e) {
      // the client went away, or a bug
      LOG.log(Level.WARNING, e, () -> "request failed: " + e);
      if (response.isCommitted()) {
        callback.failed(e);
      } else {
        send(request, response, callback, 500, errors(AppSyncError.requestError(LambdaResolver.INTERNAL_ERROR,
            LambdaResolver.INTERNAL_ERROR_MESSAGE)));
      }
    }
    return true;
  }

  /**
   * Whether the request names this runtime; if not, it has been answered: {@code 400} without exactly one
   * {@code Host} header, {@code 421} for a name that is not this runtime's. A request in absolute form names its
   * target's authority in the request line: it must be this runtime's too.
   */
  private boolean hostAllowed(Request request, Response response, Callback callback) {
    List<String> host = request.getHeaders().getValuesList(HttpHeader.HOST);
    if (host.size() != 1) {
      send(request, response, callback, 400, errors(AppSyncError.requestError(MALFORMED,
          "a request needs exactly one Host header, not " + host.size())));
      return false;
    }
    HttpURI target = request.getHttpURI();
    boolean targetAllowed = !target.hasAuthority() || target.getAuthority().equals(host.get(0))
        || hosts.allows(target.getAuthority());
    if (hosts.allows(host.get(0)) && targetAllowed) {
      return true;
    }
    String named = echo(targetAllowed ? host.get(0) : target.getAuthority());
    LOG.info(() -> "refused a request for host \"" + named + "\" (421): not a name of this runtime;"
        + " add it with --allowed-host if it should be");
    send(request, response, callback, 421, misdirected(named));
    return false;
  }

  /** The body of a {@code 421} for {@code host} (already shortened by {@link #echo}). */
  static Map<String, Object> misdirected(String host) {
    return errors(AppSyncError.requestError(MISDIRECTED, misdirectedMessage(host)));
  }

  static String misdirectedMessage(String host) {
    return "this local runtime does not answer for host \"" + host + "\": it answers 127.0.0.1, localhost and [::1],"
        + " with any port, and the names given with --allowed-host";
  }

  /** At most {@link #ECHO_LIMIT} characters of a value the client sent, without control characters. */
  static String echo(String value) {
    String shown = value.length() > ECHO_LIMIT ? value.substring(0, ECHO_LIMIT) + "..." : value;
    return shown.replaceAll("\\p{Cntrl}", "?");
  }

  private void graphQL(Request request, Response response, Callback callback) throws IOException {
    String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (!isJson(contentType)) {
      send(request, response, callback, 415, errors(AppSyncError.requestError(MALFORMED,
          "Content-Type must be application/json, not " + contentType)));
      return;
    }
    byte[] body = readBody(request);
    if (body == null) {
      send(request, response, callback, 413, errors(AppSyncError.requestError(MALFORMED,
          "the request body is larger than " + maxRequestBytes + " bytes")));
      return;
    }
    ExecutionInput.Builder input;
    try {
      input = executionInput(json.readTree(body));
    } catch (JsonProcessingException e) {
      send(request, response, callback, 400, errors(AppSyncError.requestError(MALFORMED, notJson(e))));
      return;
    } catch (MalformedRequest e) {
      send(request, response, callback, 400, errors(AppSyncError.requestError(MALFORMED, e.getMessage())));
      return;
    }
    CallerRequest caller = caller(request);
    ExecutionResult result = graphQL.execute(input.graphQLContext(Map.of(CallerRequest.class, caller)).build());
    send(request, response, callback, 200, specification(result));
  }

  /**
   * The body, or {@code null} if it is larger than the cap (then only the cap and one byte are read): a declared
   * {@code Content-Length} past the cap is refused before reading, a chunked body as soon as it passes the cap.
   */
  private byte[] readBody(Request request) throws IOException {
    if (request.getLength() > maxRequestBytes) {
      return null;
    }
    try (InputStream in = Content.Source.asInputStream(request)) {
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

  private CallerRequest caller(Request request) {
    String customer = request.getHeaders().get(CallerRequest.CUSTOMER_HEADER);
    Map<String, String> headers = new LinkedHashMap<>();
    for (HttpField field : request.getHeaders()) {
      headers.merge(field.getName().toLowerCase(Locale.ROOT), field.getValue(), (a, b) -> a + "," + b);
    }
    return new CallerRequest(customer == null || customer.isBlank() ? defaultCustomer : customer.strip(),
        CallerRequest.email(request.getHeaders().get(CallerRequest.EMAIL_HEADER)), Request.getRemoteAddr(request),
        headers);
  }

  /** The result as the spec spells it, every error with an AppSync {@code errorType} at its top level. */
  static Map<String, Object> specification(ExecutionResult result) {
    Map<String, Object> spec = result.toSpecification();
    if (result.getErrors().isEmpty()) {
      return spec;
    }
    Map<String, Object> patched = new LinkedHashMap<>(spec);
    patched.put("errors", errors(result.getErrors()));
    return patched;
  }

  /** The errors as the spec spells them, each with an AppSync {@code errorType} at its top level. */
  static List<Map<String, Object>> errors(List<GraphQLError> graphQLErrors) {
    List<Map<String, Object>> errors = new ArrayList<>();
    for (GraphQLError error : graphQLErrors) {
      Map<String, Object> map = new LinkedHashMap<>(error.toSpecification());
      map.putIfAbsent("errorType", errorType(error));
      errors.add(map);
    }
    return errors;
  }

  private static String errorType(GraphQLError error) {
    if (error.getErrorType() instanceof ErrorType type) {
      return type.name(); // ValidationError, InvalidSyntax, DataFetchingException, ...
    }
    return String.valueOf(error.getErrorType());
  }

  static Map<String, Object> errors(Map<String, Object> error) {
    return Map.of("errors", List.of(error));
  }

  private void methodNotAllowed(Request request, Response response, Callback callback, String allowed) {
    response.getHeaders().put(HttpHeader.ALLOW, allowed);
    send(request, response, callback, 405, errors(AppSyncError.requestError(MALFORMED,
        request.getMethod() + " is not allowed here; use " + allowed)));
  }

  private void notFound(Request request, Response response, Callback callback, String path) {
    send(request, response, callback, 404, errors(AppSyncError.requestError("NotFound", "no such path: "
        + echo(path) + " (the GraphQL endpoint is POST " + GRAPHQL_PATH + ")")));
  }

  private void mailbox(Request request, Response response, Callback callback) {
    if (mailbox == null) {
      send(request, response, callback, 404, errors(AppSyncError.requestError("NotFound", "there is no local mailbox"
          + " on the AWS adapters: outcome emails go out through the deployed stack's mailer (SES)")));
      return;
    }
    CallerRequest caller = caller(request);
    CustomerId customer;
    EmailAddress address;
    try {
      customer = CustomerId.of(caller.customer());
    } catch (InvalidRequestException e) {
      // as the resolver answers a GraphQL call from such a caller
      send(request, response, callback, 401, errors(AppSyncError.requestError("Unauthorized",
          "the caller's identity is not usable: " + e.getMessage())));
      return;
    }
    try {
      address = caller.email() == null ? null : EmailAddress.of(caller.email());
    } catch (InvalidRequestException e) {
      send(request, response, callback, 400, errors(AppSyncError.requestError(e.errorType(), e.getMessage())));
      return;
    }
    List<Map<String, Object>> emails = new ArrayList<>();
    if (address != null) {
      for (Mailbox.Letter letter : mailbox.of(customer, address)) {
        Map<String, Object> email = new LinkedHashMap<>();
        email.put("orderId", letter.email().orderId().value());
        email.put("subject", letter.email().subject());
        email.put("text", letter.email().text());
        email.put("sentAt", letter.sentAt().toString());
        emails.add(email);
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("customer", customer.value());
    body.put("address", address == null ? null : address.value());
    body.put("emails", emails);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    send(request, response, callback, 200, body);
  }

  private void page(Request request, Response response, Callback callback, String path) {
    PageResources.Page page = pages.find(path);
    if (page == null) {
      notFound(request, response, callback, path);
      return;
    }
    // the Host was checked: a loopback or allowed name, with an optional port
    String host = request.getHeaders().get(HttpHeader.HOST).strip();
    page.headers(host).forEach((name, value) -> response.getHeaders().put(name, value));
    write(request, response, callback, 200, page.content());
  }

  void send(Request request, Response response, Callback callback, int status, Map<String, Object> body) {
    byte[] bytes;
    try {
      bytes = json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      callback.failed(e);
      return;
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON_TYPE);
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    write(request, response, callback, status, bytes);
  }

  private static void write(Request request, Response response, Callback callback, int status, byte[] bytes) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    boolean head = request.getMethod().equals("HEAD");
    response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(bytes), callback);
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
