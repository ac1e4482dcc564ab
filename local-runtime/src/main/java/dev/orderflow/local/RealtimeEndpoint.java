package dev.orderflow.local;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.GraphQL;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Logger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * AppSync's real-time endpoint, {@code ws(s)://127.0.0.1:PORT/graphql/realtime}: accepts the WebSocket upgrade as
 * AppSync does and hands each connection to a {@link RealtimeConnection}, which speaks the protocol.
 *
 * <p>The upgrade needs the subprotocol {@value #SUBPROTOCOL} (refused with {@code 400} otherwise). The
 * authorization header object — the HTTP headers the API would get, e.g. {@code {"host": "127.0.0.1:4000",
 * "X-Orderflow-Customer": "alice"}} — comes either as a second subprotocol {@code header-<base64url JSON, no
 * padding>} (what Amplify JS v6 sends), or as the query parameters {@code header} (base64 of the JSON) and
 * {@code payload} (base64 of {@code {}}), as AppSync documents; without either, the caller is the runtime's
 * default customer, like an HTTP request without the header. The caller is the header's
 * {@code X-Orderflow-Customer} entry (any case); its {@code host} entry, if any, must name this runtime like a
 * {@code Host} header ({@link HostCheck}, refused with {@code 421}). A header that is not base64 of a JSON object
 * is refused with {@code 400}.
 *
 * <p>Besides the {@code Host} check every request passes, an upgrade from a browser page must come from one of this
 * runtime's origins: a WebSocket is not subject to CORS, so an {@code Origin} whose host is not a name of this
 * runtime is refused with {@code 403} (clients that send no {@code Origin}, e.g. Node or Java, are served).
 */
final class RealtimeEndpoint implements AutoCloseable {
  static final String PATH = "/graphql/realtime";
  static final String SUBPROTOCOL = "graphql-ws";
  static final String HEADER_SUBPROTOCOL_PREFIX = "header-";

  private static final Logger LOG = Logger.getLogger(RealtimeEndpoint.class.getName());
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final GraphQL graphQL;
  private final ObjectMapper json;
  private final HostCheck hosts;
  private final String defaultCustomer;
  private final Duration keepAlive;
  private final Duration initTimeout;
  private final ServerWebSocketContainer container;
  private final ScheduledExecutorService timers;
  private final Set<RealtimeConnection> connections = ConcurrentHashMap.newKeySet();

  RealtimeEndpoint(GraphQL graphQL, ObjectMapper json, HostCheck hosts, String defaultCustomer, Duration keepAlive,
      Duration initTimeout, ServerWebSocketContainer container) {
    this.graphQL = graphQL;
    this.json = json;
    this.hosts = hosts;
    this.defaultCustomer = defaultCustomer;
    this.keepAlive = keepAlive;
    this.initTimeout = initTimeout;
    this.container = container;
    this.timers = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "orderflow-realtime-timers");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Upgrades a WebSocket request (whose {@code Host} was checked); answers any other request {@code 426}. */
  void handle(Request request, Response response, Callback callback) {
    if (!container.upgrade(this::create, request, response, callback)) {
      response.getHeaders().put(HttpHeader.UPGRADE, "websocket");
      refuse(response, callback, 426, GraphQLHttpHandler.MALFORMED, PATH + " is AppSync's real-time endpoint: open a"
          + " WebSocket with the subprotocol " + SUBPROTOCOL);
    }
  }

  private Object create(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
    if (!request.hasSubProtocol(SUBPROTOCOL)) {
      return refuse(response, callback, 400, GraphQLHttpHandler.MALFORMED,
          "the real-time endpoint needs the WebSocket subprotocol " + SUBPROTOCOL);
    }
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (origin != null && !originAllowed(origin)) {
      LOG.info(() -> "refused a WebSocket from origin \"" + GraphQLHttpHandler.echo(origin) + "\" (403)");
      return refuse(response, callback, 403, "Forbidden", "WebSocket connections from origin \""
          + GraphQLHttpHandler.echo(origin) + "\" are refused: only pages of this runtime may connect");
    }
    Map<String, Object> header;
    try {
      header = authorizationHeader(request);
    } catch (IllegalArgumentException e) {
      return refuse(response, callback, 400, GraphQLHttpHandler.MALFORMED, e.getMessage());
    }
    Object host = header == null ? null : entry(header, "host");
    if (host != null && !hosts.allows(String.valueOf(host))) {
      String named = GraphQLHttpHandler.echo(String.valueOf(host));
      LOG.info(() -> "refused a WebSocket for host \"" + named + "\" (421, from its authorization header)");
      return refuse(response, callback, 421, GraphQLHttpHandler.MISDIRECTED,
          GraphQLHttpHandler.misdirectedMessage(named));
    }
    response.setAcceptedSubProtocol(SUBPROTOCOL);
    return new RealtimeConnection(this, header == null ? Map.of() : header, Request.getRemoteAddr(request));
  }

  /** The authorization header object of an upgrade, {@code null} if it carries none. */
  private Map<String, Object> authorizationHeader(ServerUpgradeRequest request) {
    for (String protocol : request.getSubProtocols()) {
      if (protocol.startsWith(HEADER_SUBPROTOCOL_PREFIX)) {
        return decode(protocol.substring(HEADER_SUBPROTOCOL_PREFIX.length()), "the header- subprotocol");
      }
    }
    Fields query = Request.extractQueryParameters(request);
    String header = query.getValue("header");
    if (header == null || header.isEmpty()) {
      return null;
    }
    // a '+' of standard base64 arrives as ' ' when the client did not percent-encode it
    return decode(header.replace(' ', '+'), "the header query parameter");
  }

  /** A base64 (standard or URL-safe, padded or not) JSON object. */
  Map<String, Object> decode(String base64, String where) {
    byte[] bytes;
    try {
      String text = base64.strip();
      bytes = text.indexOf('-') >= 0 || text.indexOf('_') >= 0
          ? Base64.getUrlDecoder().decode(text) : Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + " is not base64: " + e.getMessage());
    }
    try {
      Map<String, Object> header = json.readValue(bytes, MAP);
      if (header == null) {
        throw new IllegalArgumentException(where + " must be base64 of a JSON object of headers");
      }
      return header;
    } catch (IOException e) {
      throw new IllegalArgumentException(where + " must be base64 of a JSON object of headers");
    }
  }

  /** The value of header {@code name} (any case) in an authorization header object, {@code null} if absent. */
  static Object entry(Map<String, Object> header, String name) {
    for (Map.Entry<String, Object> entry : header.entrySet()) {
      if (entry.getKey().equalsIgnoreCase(name)) {
        return entry.getValue();
      }
    }
    return null;
  }

  /** The caller an authorization header object names: its customer entry, else the default customer. */
  String customer(Map<String, Object> header) {
    Object customer = entry(header, CallerRequest.CUSTOMER_HEADER);
    return customer == null || String.valueOf(customer).isBlank() ? defaultCustomer : String.valueOf(customer).strip();
  }

  private boolean originAllowed(String origin) {
    try {
      URI uri = new URI(origin.strip());
      return uri.getRawAuthority() != null && uri.getRawUserInfo() == null
          && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
          && hosts.allows(uri.getRawAuthority().toLowerCase(Locale.ROOT));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private Object refuse(Response response, Callback callback, int status, String errorType, String message) {
    try {
      byte[] body = json.writeValueAsBytes(GraphQLHttpHandler.errors(AppSyncError.requestError(errorType, message)));
      response.setStatus(status);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, GraphQLHttpHandler.JSON_TYPE);
      response.getHeaders().put("X-Content-Type-Options", "nosniff");
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
      response.write(true, ByteBuffer.wrap(body), callback);
    } catch (IOException e) {
      callback.failed(e);
    }
    return null;
  }

  GraphQL graphQL() {
    return graphQL;
  }

  ObjectMapper json() {
    return json;
  }

  HostCheck hosts() {
    return hosts;
  }

  Duration keepAlive() {
    return keepAlive;
  }

  Duration initTimeout() {
    return initTimeout;
  }

  ScheduledExecutorService timers() {
    return timers;
  }

  void opened(RealtimeConnection connection) {
    connections.add(connection);
  }

  void closed(RealtimeConnection connection) {
    connections.remove(connection);
  }

  /** The number of open connections. */
  int connections() {
    return connections.size();
  }

  /** Closes every connection ({@code 1001}, going away) and stops the timers. */
  @Override
  public void close() {
    for (RealtimeConnection connection : connections) {
      connection.close(1001, "the local runtime is shutting down");
    }
    timers.shutdownNow();
  }
}
