package dev.orderflow.lambda.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for the Lambda Runtime API (the part a runtime client uses) that serves one invocation, or a
 * few in a row to the same runtime (one container): each {@code GET /2018-06-01/runtime/invocation/next} receives
 * the next event, under its own request id; the function's {@code …/response} or {@code …/error} for the last event,
 * an error for any, or an {@code /runtime/init/error}, completes {@link #outcome()}; a runtime that asks for a next
 * event after the last waits until this is closed. On 127.0.0.1, any free port.
 */
public final class LocalRuntimeApi implements AutoCloseable {
  private static final String BASE = "/2018-06-01/runtime/";
  private static final String REQUEST_ID = "8476a536-e9f4-11e8-9739-2dfe598c3fcd";

  /** How an invocation ended, and when (System.nanoTime()) the runtime reported it. */
  record Outcome(boolean error, String body, String errorType, long reportedNanos) {}

  /** The trace header each invocation gets unless {@value #TRACE_HEADER_PROPERTY} names another: not sampled. */
  public static final String UNSAMPLED_TRACE_HEADER =
      "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=0";
  /** A system property holding another trace header for every invocation, e.g. a sampled one ({@code Sampled=1}). */
  public static final String TRACE_HEADER_PROPERTY = "orderflow.bench.traceHeader";

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "runtime-api");
    thread.setDaemon(true);
    return thread;
  });
  private final List<byte[]> events;
  private final String functionArn;
  private final AtomicInteger handedOut = new AtomicInteger();
  private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
  private final CountDownLatch closed = new CountDownLatch(1);

  private LocalRuntimeApi(List<byte[]> events, String functionArn) throws IOException {
    this.events = events.stream().map(byte[]::clone).toList();
    this.functionArn = functionArn;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.setExecutor(threads);
    server.createContext(BASE, this::handle);
    server.start();
  }

  static LocalRuntimeApi serving(byte[] event, String functionArn) {
    return serving(List.of(event), functionArn);
  }

  /** Serves {@code events} one after the other to one runtime. */
  static LocalRuntimeApi serving(List<byte[]> events, String functionArn) {
    try {
      return new LocalRuntimeApi(events, functionArn);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The value of {@code AWS_LAMBDA_RUNTIME_API}: {@code 127.0.0.1:PORT}. */
  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  CompletableFuture<Outcome> outcome() {
    return outcome;
  }

  /**
   * The request id of the {@code index}-th event (from 0): the first is always {@value #REQUEST_ID}, so a one-event
   * run looks as it always did.
   */
  static String requestId(int index) {
    return index == 0 ? REQUEST_ID : String.format("8476a536-e9f4-11e8-9739-%012d", index);
  }

  /** The index of the event a request id was handed out with, or -1. */
  private int indexOf(String requestId) {
    for (int i = 0; i < events.size(); i++) {
      if (requestId(i).equals(requestId)) {
        return i;
      }
    }
    return -1;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath().substring(BASE.length());
      String method = exchange.getRequestMethod();
      byte[] body = readAll(exchange.getRequestBody());
      String[] parts = path.split("/");
      int index = parts.length == 3 && parts[0].equals("invocation") ? indexOf(parts[1]) : -1;
      if (method.equals("GET") && path.equals("invocation/next")) {
        next(exchange);
      } else if (method.equals("POST") && index >= 0 && parts[2].equals("response")) {
        Outcome response = new Outcome(false, text(body), null, System.nanoTime());
        if (index == events.size() - 1) {
          report(exchange, response);
        } else {
          accept(exchange);
        }
      } else if (method.equals("POST") && ((index >= 0 && parts[2].equals("error")) || path.equals("init/error"))) {
        report(exchange, new Outcome(true, text(body),
            exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type"), System.nanoTime()));
      } else {
        exchange.sendResponseHeaders(404, -1);
      }
    }
  }

  private void next(HttpExchange exchange) throws IOException {
    int index = handedOut.getAndIncrement();
    if (index >= events.size()) {
      // no more invocations: a runtime asking for the next one waits until the harness has stopped it
      try {
        closed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.sendResponseHeaders(503, -1);
      return;
    }
    var headers = exchange.getResponseHeaders();
    headers.set("Content-Type", "application/json");
    byte[] event = events.get(index);
    headers.set("Lambda-Runtime-Aws-Request-Id", requestId(index));
    headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 60_000));
    headers.set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
    headers.set("Lambda-Runtime-Trace-Id", System.getProperty(TRACE_HEADER_PROPERTY, UNSAMPLED_TRACE_HEADER));
    exchange.sendResponseHeaders(200, event.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(event);
    }
  }

  private void report(HttpExchange exchange, Outcome reported) throws IOException {
    outcome.complete(reported);
    accept(exchange);
  }

  private static void accept(HttpExchange exchange) throws IOException {
    byte[] accepted = "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(202, accepted.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(accepted);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  private static String text(byte[] body) {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}
