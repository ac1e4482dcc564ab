package dev.orderflow.testing.servers;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.orderflow.core.internal.JsonText;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP end of {@link AslRunner}'s task routing, on 127.0.0.1: each Task state of the running state
 * machine POSTs here and the {@link Handler} answers for the Lambda function.
 *
 * <p>Wire protocol (what {@code asl-run.mjs} speaks): request body {@code {"FunctionName":…,"Payload":…}},
 * headers {@code X-Orderflow-State} / {@code X-Orderflow-Resource} (URL-encoded). 200 + JSON body = the
 * function's response payload; 4xx/5xx + {@code {"errorType":…,"errorMessage":…}} = the task failed with
 * that ASL error name (matched by Retry/Catch).
 */
public final class TaskBridge implements AutoCloseable {

  /** One task invocation. {@code payloadJson} is the JSON text of the Lambda payload. */
  public record TaskCall(String stateName, String resource, String functionName, String payloadJson) {
  }

  /** Answers a task: returns the response payload as JSON text, or throws {@link TaskFailure}. */
  @FunctionalInterface
  public interface Handler {
    String handle(TaskCall call) throws Exception;
  }

  /** Makes the task fail with ASL error {@code errorType} (any other exception fails it with its class name). */
  public static final class TaskFailure extends RuntimeException {
    private final String errorType;

    public TaskFailure(String errorType, String message) {
      super(message);
      this.errorType = errorType;
    }

    public String errorType() {
      return errorType;
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;

  private TaskBridge(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  public static TaskBridge start(Handler handler) {
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException("cannot bind the task bridge on 127.0.0.1", e);
    }
    ExecutorService executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "task-bridge");
      t.setDaemon(true);
      return t;
    });
    http.createContext("/", exchange -> handle(exchange, handler));
    http.setExecutor(executor);
    http.start();
    return new TaskBridge(http, executor);
  }

  /** {@code http://127.0.0.1:<port>/task}: pass this to {@link AslRunner#run}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/task");
  }

  private static void handle(HttpExchange exchange, Handler handler) throws IOException {
    try (exchange) {
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      int status = 200;
      String response;
      try {
        Map<String, Object> req = JsonText.readObject(body);
        Object fn = req.get("FunctionName");
        TaskCall call = new TaskCall(header(exchange, "X-Orderflow-State"), header(exchange, "X-Orderflow-Resource"),
            fn == null ? null : String.valueOf(fn), JsonText.write(req.get("Payload")));
        response = handler.handle(call);
        if (response == null || response.isBlank()) {
          response = "null";
        }
      } catch (TaskFailure e) {
        status = 500;
        response = error(e.errorType(), e.getMessage());
      } catch (Exception e) {
        status = 500;
        response = error(e.getClass().getName(), String.valueOf(e.getMessage()));
      }
      byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static String header(HttpExchange exchange, String name) {
    String v = exchange.getRequestHeaders().getFirst(name);
    return v == null ? null : URLDecoder.decode(v, StandardCharsets.UTF_8);
  }

  private static String error(String type, String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("errorType", type);
    m.put("errorMessage", message);
    return JsonText.write(m);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
