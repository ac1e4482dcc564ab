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
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A local stand-in for the Lambda Runtime API (the part a runtime client uses) that serves one invocation:
 * the first {@code GET /2018-06-01/runtime/invocation/next} receives the event; the function's
 * {@code …/response} or {@code …/error}, or an {@code /runtime/init/error}, completes {@link #outcome()};
 * a runtime that asks for a next event after that waits until this is closed. On 127.0.0.1, any free port.
 */
final class LocalRuntimeApi implements AutoCloseable {
  private static final String BASE = "/2018-06-01/runtime/";
  private static final String REQUEST_ID = "8476a536-e9f4-11e8-9739-2dfe598c3fcd";

  /** How an invocation ended, and when (System.nanoTime()) the runtime reported it. */
  record Outcome(boolean error, String body, String errorType, long reportedNanos) {}

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "runtime-api");
    thread.setDaemon(true);
    return thread;
  });
  private final byte[] event;
  private final String functionArn;
  private final AtomicBoolean handedOut = new AtomicBoolean();
  private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
  private final CountDownLatch closed = new CountDownLatch(1);

  private LocalRuntimeApi(byte[] event, String functionArn) throws IOException {
    this.event = event.clone();
    this.functionArn = functionArn;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.setExecutor(threads);
    server.createContext(BASE, this::handle);
    server.start();
  }

  static LocalRuntimeApi serving(byte[] event, String functionArn) {
    try {
      return new LocalRuntimeApi(event, functionArn);
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

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath().substring(BASE.length());
      String method = exchange.getRequestMethod();
      byte[] body = readAll(exchange.getRequestBody());
      if (method.equals("GET") && path.equals("invocation/next")) {
        next(exchange);
      } else if (method.equals("POST") && path.equals("invocation/" + REQUEST_ID + "/response")) {
        report(exchange, new Outcome(false, text(body), null, System.nanoTime()));
      } else if (method.equals("POST") && (path.equals("invocation/" + REQUEST_ID + "/error")
          || path.equals("init/error"))) {
        report(exchange, new Outcome(true, text(body),
            exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type"), System.nanoTime()));
      } else {
        exchange.sendResponseHeaders(404, -1);
      }
    }
  }

  private void next(HttpExchange exchange) throws IOException {
    if (!handedOut.compareAndSet(false, true)) {
      // one invocation only: a runtime asking for the next one waits until the harness has stopped it
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
    headers.set("Lambda-Runtime-Aws-Request-Id", REQUEST_ID);
    headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 60_000));
    headers.set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
    headers.set("Lambda-Runtime-Trace-Id", "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=0");
    exchange.sendResponseHeaders(200, event.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(event);
    }
  }

  private void report(HttpExchange exchange, Outcome reported) throws IOException {
    outcome.complete(reported);
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
