package dev.orderflow.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.core.domain.CustomerId;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * One WebSocket connection of AppSync's real-time protocol
 * (<a href="https://docs.aws.amazon.com/appsync/latest/devguide/real-time-websocket-client.html">AWS AppSync:
 * building a real-time WebSocket client</a>), as the server side:
 * <ul>
 *   <li>{@code connection_init} → {@code connection_ack} with {@code payload.connectionTimeoutMs}
 *       ({@value #CONNECTION_TIMEOUT_MS}), then a {@code ka} at once and every keep-alive interval (a minute by
 *       default); without {@code connection_init} within the init timeout (10 s) the connection is closed
 *       ({@code 4408});</li>
 *   <li>{@code start} {@code {id, payload: {data: "<JSON {query, variables, operationName}>", extensions:
 *       {authorization: {...}}}}} → {@code start_ack}, then one {@code data} {@code {id, payload: {data:
 *       {onOrderUpdated: {...}}}}} per update, shaped by the start's selection set (graphql-java's subscription
 *       execution); {@code error} {@code {id, payload: {errors: [{errorType, message}]}}} instead for a start that
 *       cannot run — unparseable {@code data}, no subscription operation ({@code UnsupportedOperation}), syntax or
 *       validation errors, a field the caller may not access, an {@code id} already in use
 *       ({@code DuplicatedOperationError}), no {@code connection_init} yet;</li>
 *   <li>{@code stop} {@code {id}} → {@code complete} {@code {id}}.</li>
 * </ul>
 * A subscription's caller is the {@code X-Orderflow-Customer} entry of its start's
 * {@code extensions.authorization} object if it has one, else the connection's (see {@link RealtimeEndpoint}); a
 * {@code host} entry there must name this runtime ({@code MisdirectedRequest} otherwise).
 *
 * <p>Outgoing messages go through one bounded send queue per connection ({@value #SEND_QUEUE} messages), written
 * one at a time without blocking any thread. A client that does not read fast enough to keep its queue (or a
 * subscription's buffer in the {@link OrderChangeHub}) below the bound is disconnected with status {@code 1008}
 * and the reason {@code cannot keep up}: its connection is closed rather than the pipeline stalled or its updates
 * silently dropped. (AppSync has no such documented limit; a real client reconnects and re-reads.)
 */
public final class RealtimeConnection implements Session.Listener.AutoDemanding {
  /** What {@code connection_ack} tells the client: the longest silence before it should reconnect. */
  static final int CONNECTION_TIMEOUT_MS = 300_000;
  /** Messages a connection may have waiting to be written. */
  static final int SEND_QUEUE = 4096;
  static final int INIT_TIMEOUT_STATUS = 4408;
  static final int TOO_SLOW_STATUS = 1008;

  private static final Logger LOG = Logger.getLogger(RealtimeConnection.class.getName());
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final String KA = "{\"type\":\"ka\"}";

  private final RealtimeEndpoint endpoint;
  private final Map<String, Object> connectionHeader;
  private final String sourceIp;
  private final Map<String, Active> subscriptions = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  /** Guarded by {@link #lock}. */
  private final ArrayDeque<String> queue = new ArrayDeque<>();
  /** Guarded by {@link #lock}. */
  private boolean writing;
  /** Guarded by {@link #lock}. */
  private boolean closed;
  private volatile Session session;
  private volatile boolean initialized;
  private volatile ScheduledFuture<?> initTimer;
  private volatile ScheduledFuture<?> keepAlive;

  RealtimeConnection(RealtimeEndpoint endpoint, Map<String, Object> connectionHeader, String sourceIp) {
    this.endpoint = endpoint;
    this.connectionHeader = connectionHeader;
    this.sourceIp = sourceIp;
  }

  @Override
  public void onWebSocketOpen(Session session) {
    this.session = session;
    endpoint.opened(this);
    initTimer = endpoint.timers().schedule(() -> {
      if (!initialized) {
        close(INIT_TIMEOUT_STATUS, "Connection initialisation timeout: no connection_init");
      }
    }, endpoint.initTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void onWebSocketText(String text) {
    JsonNode message;
    try {
      message = endpoint.json().readTree(text);
    } catch (JsonProcessingException e) {
      sendError(null, GraphQLHttpHandler.MALFORMED, "a message must be a JSON object {\"type\": ...}");
      return;
    }
    if (message == null || !message.isObject() || !message.path("type").isTextual()) {
      sendError(null, GraphQLHttpHandler.MALFORMED, "a message must be a JSON object {\"type\": ...}");
      return;
    }
    String type = message.get("type").asText();
    JsonNode id = message.get("id");
    switch (type) {
      case "connection_init" -> init();
      case "start" -> start(id != null && id.isTextual() ? id.asText() : null, message.path("payload"));
      case "stop" -> stop(id != null && id.isTextual() ? id.asText() : null);
      default -> sendError(id != null && id.isTextual() ? id.asText() : null, OrderUpdatesFetcher.UNSUPPORTED,
          GraphQLHttpHandler.echo(type) + " not supported through the realtime channel");
    }
  }

  private void init() {
    boolean first = !initialized;
    initialized = true;
    ScheduledFuture<?> timer = initTimer;
    if (timer != null) {
      timer.cancel(false);
    }
    send(message(null, "connection_ack", Map.of("connectionTimeoutMs", CONNECTION_TIMEOUT_MS)));
    if (first) {
      send(KA);
      long every = endpoint.keepAlive().toMillis();
      keepAlive = endpoint.timers().scheduleAtFixedRate(() -> send(KA), every, every, TimeUnit.MILLISECONDS);
    }
  }

  private void start(String id, JsonNode payload) {
    if (id == null || id.isBlank()) {
      sendError(null, GraphQLHttpHandler.MALFORMED, "a start message needs a string id");
      return;
    }
    if (!initialized) {
      sendError(id, OrderUpdatesFetcher.UNSUPPORTED, "send connection_init first");
      return;
    }
    if (subscriptions.containsKey(id)) {
      sendError(id, "DuplicatedOperationError", "Duplicate subscription ID: " + GraphQLHttpHandler.echo(id)
          + " is already in use on this connection");
      return;
    }
    Map<String, Object> request;
    try {
      JsonNode data = payload.get("data");
      if (data == null || !data.isTextual()) {
        throw new IllegalArgumentException("payload.data must be a string holding the JSON of {query, variables}");
      }
      request = endpoint.json().readValue(data.asText(), MAP);
      if (request == null || !(request.get("query") instanceof String query) || query.isBlank()) {
        throw new IllegalArgumentException("payload.data must hold a JSON object with a non-empty string \"query\"");
      }
      if (request.get("variables") != null && !(request.get("variables") instanceof Map)) {
        throw new IllegalArgumentException("\"variables\" in payload.data must be a JSON object");
      }
      if (request.get("operationName") != null && !(request.get("operationName") instanceof String)) {
        throw new IllegalArgumentException("\"operationName\" in payload.data must be a string");
      }
    } catch (JsonProcessingException e) {
      sendError(id, GraphQLHttpHandler.MALFORMED, "payload.data is not valid JSON: " + e.getOriginalMessage());
      return;
    } catch (IllegalArgumentException e) {
      sendError(id, GraphQLHttpHandler.MALFORMED, e.getMessage());
      return;
    }
    Map<String, Object> header = connectionHeader;
    JsonNode authorization = payload.path("extensions").path("authorization");
    if (authorization.isObject()) {
      header = endpoint.json().convertValue(authorization, MAP);
      Object host = RealtimeEndpoint.entry(header, "host");
      if (host != null && !endpoint.hosts().allows(String.valueOf(host))) {
        sendError(id, GraphQLHttpHandler.MISDIRECTED,
            GraphQLHttpHandler.misdirectedMessage(GraphQLHttpHandler.echo(String.valueOf(host))));
        return;
      }
    }
    String customer = endpoint.customer(header);
    try {
      CustomerId.of(customer);
    } catch (RuntimeException e) {
      sendError(id, AppSyncSchema.UNAUTHORIZED, "not a usable identity: " + e.getMessage());
      return;
    }
    String query = (String) request.get("query");
    String operationName = (String) request.get("operationName");
    String kind = operationKind(query, operationName);
    if (kind != null && !kind.equals("SUBSCRIPTION")) {
      sendError(id, OrderUpdatesFetcher.UNSUPPORTED, kind.toLowerCase(java.util.Locale.ROOT)
          + " operations are not supported through the realtime channel: send them to POST "
          + GraphQLHttpHandler.GRAPHQL_PATH);
      return;
    }
    Active active = new Active(id);
    RealtimeStart start = new RealtimeStart(customer, () -> tooSlow(customer));
    active.start = start;
    Map<String, String> headers = new LinkedHashMap<>();
    header.forEach((name, value) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), String.valueOf(value)));
    ExecutionInput.Builder input = ExecutionInput.newExecutionInput().query(query)
        .graphQLContext(Map.of(CallerRequest.class, new CallerRequest(customer, sourceIp, headers),
            RealtimeStart.class, start));
    if (request.get("variables") instanceof Map<?, ?> variables) {
      @SuppressWarnings("unchecked")
      Map<String, Object> typed = (Map<String, Object>) variables;
      input.variables(typed);
    }
    if (operationName != null) {
      input.operationName(operationName);
    }
    ExecutionResult result = endpoint.graphQL().execute(input.build());
    if (!result.getErrors().isEmpty() || !(result.getData() instanceof Publisher<?>)) {
      start.close();
      List<Map<String, Object>> errors = result.getErrors().isEmpty()
          ? List.of(AppSyncError.requestError(OrderUpdatesFetcher.UNSUPPORTED, "not a subscription"))
          : GraphQLHttpHandler.errors(result.getErrors());
      sendErrors(id, errors);
      return;
    }
    if (subscriptions.putIfAbsent(id, active) != null) {
      start.close();
      sendError(id, "DuplicatedOperationError", "Duplicate subscription ID: " + GraphQLHttpHandler.echo(id));
      return;
    }
    @SuppressWarnings("unchecked")
    Publisher<ExecutionResult> events = (Publisher<ExecutionResult>) result.getData();
    synchronized (active) {
      // subscribed (so registered with the hub) before start_ack: every change after the ack is delivered; the
      // updates themselves come on the hub's threads, which wait for this lock, so start_ack goes first
      events.subscribe(active);
      send(message(id, "start_ack", null));
    }
    if (isClosed()) {
      active.stop(false);
    }
  }

  /** {@code QUERY}, {@code MUTATION} or {@code SUBSCRIPTION}; {@code null} if graphql-java should say what is wrong. */
  private static String operationKind(String query, String operationName) {
    Document document;
    try {
      document = Parser.parse(query);
    } catch (InvalidSyntaxException e) {
      return null;
    }
    List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
    for (OperationDefinition operation : operations) {
      if (operationName == null ? operations.size() == 1 : operationName.equals(operation.getName())) {
        return operation.getOperation().name();
      }
    }
    return null;
  }

  private void stop(String id) {
    if (id == null) {
      sendError(null, GraphQLHttpHandler.MALFORMED, "a stop message needs a string id");
      return;
    }
    Active active = subscriptions.remove(id);
    if (active == null) {
      send(message(id, "complete", null));
    } else {
      active.stop(true);
    }
  }

  private void tooSlow(String customer) {
    LOG.warning(() -> "closing a real-time connection of " + customer + ": it does not read its updates fast enough");
    close(TOO_SLOW_STATUS, "cannot keep up: too many updates waiting");
  }

  private void sendError(String id, String errorType, String message) {
    sendErrors(id, List.of(AppSyncError.requestError(errorType, message)));
  }

  private void sendErrors(String id, List<Map<String, Object>> errors) {
    send(message(id, "error", Map.of("errors", errors)));
  }

  /** {@code {id, type, payload}}, without the absent ones. */
  private static Map<String, Object> message(String id, String type, Object payload) {
    Map<String, Object> message = new LinkedHashMap<>(4);
    if (id != null) {
      message.put("id", id);
    }
    message.put("type", type);
    if (payload != null) {
      message.put("payload", payload);
    }
    return message;
  }

  private void send(Map<String, Object> message) {
    try {
      send(endpoint.json().writeValueAsString(message));
    } catch (JsonProcessingException e) {
      LOG.log(Level.WARNING, e, () -> "cannot write a real-time message as JSON");
    }
  }

  /** Queues one message; closes the connection if its queue is full. Never blocks. */
  private void send(String text) {
    boolean overflow = false;
    synchronized (lock) {
      if (closed) {
        return;
      }
      if (queue.size() >= SEND_QUEUE) {
        overflow = true;
      } else {
        queue.add(text);
      }
    }
    if (overflow) {
      tooSlow("a client");
    } else {
      flush();
    }
  }

  /** Writes the queued messages one at a time; a write that completes at once lets the loop go on. */
  private void flush() {
    while (true) {
      String next;
      synchronized (lock) {
        if (writing || closed || queue.isEmpty() || session == null) {
          return;
        }
        next = queue.poll();
        writing = true;
      }
      FLUSHING.set(true);
      try {
        session.sendText(next, Callback.from(() -> {
          synchronized (lock) {
            writing = false;
          }
          if (!FLUSHING.get()) {
            flush();
          }
        }, failure -> close(1011, "write failed")));
      } finally {
        FLUSHING.set(false);
      }
      synchronized (lock) {
        if (writing) {
          return; // the write goes on; its callback flushes the rest
        }
      }
    }
  }

  /** Set while a thread is inside {@link #flush}'s write, so that a callback run there does not recurse. */
  private static final ThreadLocal<Boolean> FLUSHING = ThreadLocal.withInitial(() -> false);

  private boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  /** Closes the connection with {@code status} and {@code reason}, ending its subscriptions. Idempotent. */
  void close(int status, String reason) {
    Session current = session;
    if (markClosed() && current != null) {
      current.close(status, reason, Callback.NOOP);
    }
  }

  private boolean markClosed() {
    synchronized (lock) {
      if (closed) {
        return false;
      }
      closed = true;
      queue.clear();
    }
    for (ScheduledFuture<?> timer : new ScheduledFuture<?>[] {initTimer, keepAlive}) {
      if (timer != null) {
        timer.cancel(false);
      }
    }
    subscriptions.values().forEach(active -> active.stop(false));
    subscriptions.clear();
    endpoint.closed(this);
    return true;
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason, Callback callback) {
    markClosed();
    callback.succeed();
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    markClosed();
  }

  /** One running subscription: receives graphql-java's results and sends them as {@code data}. */
  private final class Active implements Subscriber<ExecutionResult> {
    private final String id;
    private RealtimeStart start;
    private Subscription upstream;
    private boolean stopped;

    Active(String id) {
      this.id = id;
    }

    @Override
    public void onSubscribe(Subscription subscription) {
      boolean cancel;
      synchronized (this) {
        upstream = subscription;
        cancel = stopped;
      }
      if (cancel) {
        subscription.cancel();
      } else {
        subscription.request(Long.MAX_VALUE);
      }
    }

    @Override
    public synchronized void onNext(ExecutionResult result) {
      if (!stopped) {
        send(message(id, "data", GraphQLHttpHandler.specification(result)));
      }
    }

    @Override
    public void onError(Throwable failure) {
      LOG.log(Level.WARNING, failure, () -> "subscription " + id + " failed");
      synchronized (this) {
        if (stopped) {
          return;
        }
        stopped = true;
        sendError(id, LambdaResolver.INTERNAL_ERROR, LambdaResolver.INTERNAL_ERROR_MESSAGE);
      }
      subscriptions.remove(id, this);
      start.close();
    }

    @Override
    public void onComplete() {
      synchronized (this) {
        if (stopped) {
          return;
        }
        stopped = true;
        send(message(id, "complete", null));
      }
      subscriptions.remove(id, this);
      start.close();
    }

    /** Ends the subscription; {@code complete}: tells the client so. */
    void stop(boolean complete) {
      Subscription subscription;
      synchronized (this) {
        if (stopped) {
          return;
        }
        stopped = true;
        subscription = upstream;
        if (complete) {
          send(message(id, "complete", null));
        }
      }
      if (subscription != null) {
        subscription.cancel();
      }
      start.close();
    }
  }
}
