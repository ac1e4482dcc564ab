package dev.orderflow.local;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A client of AppSync's real-time protocol as a test drives it: the JDK's {@link java.net.http.WebSocket}, every
 * message parsed with Jackson and queued, with the receipt time ({@link System#nanoTime()}).
 */
final class RealtimeClient implements WebSocket.Listener, AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  /** Bounds a broken run only. */
  static final Duration WAIT = Duration.ofSeconds(30);

  /** One message and when it arrived. */
  record Received(Map<String, Object> message, long nanos) {
    String type() {
      return (String) message.get("type");
    }
  }

  private final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();
  private final StringBuilder partial = new StringBuilder();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private WebSocket socket;

  private RealtimeClient() {}

  /** The AppSync authorization header object naming {@code customer} (none if {@code null}) for {@code host}. */
  static Map<String, Object> header(String host, String customer) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("host", host);
    if (customer != null) {
      header.put(CallerRequest.CUSTOMER_HEADER, customer);
    }
    return header;
  }

  /** {@code uri?header=<base64 JSON>&payload=e30=}, the query-parameter form AppSync documents. */
  static URI withQueryAuthorization(URI uri, Map<String, Object> header) {
    String encoded = Base64.getEncoder().encodeToString(json(header).getBytes(StandardCharsets.UTF_8));
    return URI.create(uri + "?header=" + encoded.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
        + "&payload=e30%3D");
  }

  /** {@code header-<base64url JSON, no padding>}, the subprotocol form Amplify JS v6 sends. */
  static String headerSubprotocol(Map<String, Object> header) {
    return RealtimeEndpoint.HEADER_SUBPROTOCOL_PREFIX
        + Base64.getUrlEncoder().withoutPadding().encodeToString(json(header).getBytes(StandardCharsets.UTF_8));
  }

  /** Opens a WebSocket with the given subprotocols; fails the test if the upgrade is refused. */
  static RealtimeClient connect(HttpClient http, URI uri, String... subprotocols) {
    return connect(builder(http, Map.of(), subprotocols), uri);
  }

  /** A builder with the given extra headers (e.g. {@code Origin}) and subprotocols. */
  static WebSocket.Builder builder(HttpClient http, Map<String, String> headers, String... subprotocols) {
    WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    headers.forEach(builder::header);
    if (subprotocols.length > 0) {
      builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
    }
    return builder;
  }

  static RealtimeClient connect(WebSocket.Builder builder, URI uri) {
    RealtimeClient client = new RealtimeClient();
    try {
      client.socket = builder.buildAsync(uri, client).get(30, TimeUnit.SECONDS);
      return client;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      return fail("the WebSocket upgrade to %s failed: %s", uri, e);
    }
  }

  /** The HTTP status with which the upgrade is refused; fails the test if it is accepted. */
  static int refusedUpgrade(HttpClient http, URI uri, String... subprotocols) {
    return refusedUpgrade(builder(http, Map.of(), subprotocols), uri);
  }

  static int refusedUpgrade(WebSocket.Builder builder, URI uri) {
    try {
      WebSocket socket = builder.buildAsync(uri, new WebSocket.Listener() {}).get(30, TimeUnit.SECONDS);
      socket.abort();
      return fail("the WebSocket upgrade to %s was accepted", uri);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException handshake) {
        return handshake.getResponse().statusCode();
      }
      return fail("the WebSocket upgrade to %s failed otherwise: %s", uri, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (TimeoutException e) {
      return fail("no answer to the WebSocket upgrade to %s", uri);
    }
  }

  /** The subprotocol the server accepted. */
  String subprotocol() {
    return socket.getSubprotocol();
  }

  void send(Map<String, Object> message) {
    socket.sendText(json(message), true).join();
  }

  void init() {
    send(Map.of("type", "connection_init"));
  }

  /** Sends {@code connection_init} and returns the {@code connection_ack}. */
  Map<String, Object> initAndAwaitAck() {
    init();
    return await(m -> "connection_ack".equals(m.type())).message();
  }

  /** {@code start} of {@code query} with {@code variables} as id {@code id}, optionally with its own authorization. */
  void start(String id, String query, Map<String, Object> variables, Map<String, Object> authorization) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("query", query);
    request.put("variables", variables == null ? Map.of() : variables);
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("data", json(request));
    if (authorization != null) {
      payload.put("extensions", Map.of("authorization", authorization));
    }
    send(Map.of("id", id, "type", "start", "payload", payload));
  }

  void stop(String id) {
    send(Map.of("id", id, "type", "stop"));
  }

  /** The next message that is no {@code ka}, within {@link #WAIT}. */
  Received next() {
    return await(m -> !"ka".equals(m.type()));
  }

  /** The next message, skipping those before it, that satisfies {@code wanted}. */
  Received await(Predicate<Received> wanted) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    try {
      while (true) {
        Received received = messages.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (received == null) {
          return fail("no such message within %s", WAIT);
        }
        if (wanted.test(received)) {
          return received;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Every message that arrives within {@code window}, {@code ka} excluded. */
  List<Received> drain(Duration window) {
    List<Received> all = new ArrayList<>();
    long deadline = System.nanoTime() + window.toNanos();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return all;
        }
        Received received = messages.poll(left, TimeUnit.NANOSECONDS);
        if (received != null && !"ka".equals(received.type())) {
          all.add(received);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The close status the server sent, within {@link #WAIT}. */
  int awaitClose() {
    try {
      return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      return fail("the server did not close the connection: %s", e);
    }
  }

  boolean isClosed() {
    return closed.isDone();
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(Long.MAX_VALUE);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    long now = System.nanoTime();
    synchronized (partial) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        try {
          messages.add(new Received(JSON.readValue(text, MAP), now));
        } catch (IOException e) {
          throw new UncheckedIOException("not JSON: " + text, e);
        }
      }
    }
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.completeExceptionally(error);
  }

  @Override
  public void close() {
    if (socket != null && !socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
    }
    if (socket != null) {
      socket.abort();
    }
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code errors} of an {@code error} message's payload. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> errors(Received error) {
    return (List<Map<String, Object>>) ((Map<String, Object>) error.message().get("payload")).get("errors");
  }

  /** {@code payload.data.<field>} of a {@code data} message. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> field(Received data, String field) {
    return (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) data.message().get("payload"))
        .get("data")).get(field);
  }
}
