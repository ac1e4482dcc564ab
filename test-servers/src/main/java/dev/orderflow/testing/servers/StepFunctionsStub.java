package dev.orderflow.testing.servers;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.orderflow.core.internal.JsonText;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Step Functions API stub on 127.0.0.1 (JDK {@code HttpServer}), answering the AWS JSON 1.0 protocol
 * ({@code X-Amz-Target: AWSStepFunctions.<Operation>}) the way AWS does for what this project uses.
 * All of its semantics live in this class:
 *
 * <ul>
 *   <li>{@code StartExecution}: a new name starts a RUNNING execution → 200
 *       {@code {"executionArn":…,"startDate":<epoch seconds>}}. The same name with the same input while
 *       it is RUNNING → 200 with the same executionArn and startDate (idempotent). The same name with a
 *       different input, or after the execution was closed ({@link #closeExecution}) → 400
 *       {@code ExecutionAlreadyExists}. Names are scoped to the state machine ARN. A missing name gets a
 *       random UUID; a missing input is {@code "{}"}. Invalid name (not 1–80 chars, whitespace,
 *       {@code < > { } [ ] ? * " # % \ ^ | ~ ` $ & , ; : /} or control characters) → 400
 *       {@code InvalidName}; input that is not JSON → 400 {@code InvalidExecutionInput}; a state machine
 *       ARN not of the form {@code arn:<p>:states:<region>:<account>:stateMachine:<name>} → 400
 *       {@code InvalidArn}. State machines need not exist ({@code StateMachineDoesNotExist} is never
 *       returned).</li>
 *   <li>{@code DescribeExecution}: executionArn → executionArn, stateMachineArn, name, status, input,
 *       startDate (and stopDate once closed); unknown → 400 {@code ExecutionDoesNotExist}.</li>
 *   <li>{@code StopExecution}: closes a RUNNING execution as ABORTED → 200 {@code {"stopDate":…}}.</li>
 *   <li>Any other target → 400 {@code UnknownOperationException}.</li>
 * </ul>
 */
public final class StepFunctionsStub implements AutoCloseable {
  private static final String TARGET_PREFIX = "AWSStepFunctions.";
  private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
  private static final String FORBIDDEN_NAME_CHARS = "<>{}[]?*\"#%\\^|~`$&,;:/";
  private static final Set<String> CLOSED_STATUSES = Set.of("SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED");

  /** One execution as seen by the stub, at the moment of the snapshot. */
  public record Execution(String stateMachineArn, String name, String input, String executionArn, Instant startDate,
      String status) {
  }

  private static final class Entry {
    final String stateMachineArn;
    final String name;
    final String input;
    final String executionArn;
    final Instant startDate;
    String status = "RUNNING";
    Instant stopDate;

    Entry(String stateMachineArn, String name, String input, String executionArn, Instant startDate) {
      this.stateMachineArn = stateMachineArn;
      this.name = name;
      this.input = input;
      this.executionArn = executionArn;
      this.startDate = startDate;
    }

    Execution snapshot() {
      return new Execution(stateMachineArn, name, input, executionArn, startDate, status);
    }
  }

  /** Thrown inside the handler to produce a 400 {@code {"__type":…,"message":…}} answer. */
  private static final class AwsError extends RuntimeException {
    final String type;

    AwsError(String type, String message) {
      super(message, null, false, false);
      this.type = type;
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final Clock clock;
  private final Object lock = new Object();
  /** Keyed by executionArn; insertion order = start order. */
  private final Map<String, Entry> executions = new LinkedHashMap<>();
  private volatile boolean closed;

  private StepFunctionsStub(HttpServer server, ExecutorService executor, Clock clock) {
    this.server = server;
    this.executor = executor;
    this.clock = clock;
  }

  public static StepFunctionsStub start() {
    return start(Clock.systemUTC());
  }

  /** Starts the stub with the given clock for start/stop dates. */
  public static StepFunctionsStub start(Clock clock) {
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException("cannot bind the Step Functions stub on 127.0.0.1", e);
    }
    AtomicInteger n = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "sfn-stub-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    StepFunctionsStub stub = new StepFunctionsStub(http, executor, clock);
    http.createContext("/", stub::handle);
    http.setExecutor(executor);
    http.start();
    return stub;
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** A snapshot of all executions, in start order. */
  public List<Execution> executions() {
    synchronized (lock) {
      List<Execution> out = new ArrayList<>(executions.size());
      for (Entry e : executions.values()) {
        out.add(e.snapshot());
      }
      return List.copyOf(out);
    }
  }

  /** The execution with this name (of any state machine), if there is exactly one. */
  public Optional<Execution> execution(String executionName) {
    synchronized (lock) {
      List<Entry> found = byName(executionName);
      if (found.size() > 1) {
        throw new IllegalStateException("more than one execution named " + executionName + ": " + found.size());
      }
      return found.stream().findFirst().map(Entry::snapshot);
    }
  }

  /**
   * Marks the execution(s) with this name (of any state machine) closed with {@code status}: one of
   * SUCCEEDED, FAILED, TIMED_OUT, ABORTED. A later StartExecution with that name then fails with
   * ExecutionAlreadyExists.
   *
   * @throws IllegalArgumentException if no such execution exists or the status is not a closed status
   */
  public void closeExecution(String executionName, String status) {
    if (!CLOSED_STATUSES.contains(status)) {
      throw new IllegalArgumentException("status must be one of " + CLOSED_STATUSES + ", was " + status);
    }
    synchronized (lock) {
      List<Entry> found = byName(executionName);
      if (found.isEmpty()) {
        throw new IllegalArgumentException("no execution named " + executionName);
      }
      Instant now = clock.instant();
      for (Entry e : found) {
        e.status = status;
        e.stopDate = now;
      }
    }
  }

  /** Forgets all executions. */
  public void reset() {
    synchronized (lock) {
      executions.clear();
    }
  }

  private List<Entry> byName(String name) {
    List<Entry> found = new ArrayList<>();
    for (Entry e : executions.values()) {
      if (e.name.equals(name)) {
        found.add(e);
      }
    }
    return found;
  }

  /** Stops the HTTP server; the port is closed when this returns. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------- HTTP

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      int status = 200;
      String response;
      try {
        if (!"POST".equalsIgnoreCase(exchange.getRequestMethod())) {
          throw new AwsError("UnknownOperationException", "only POST is supported");
        }
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        Map<String, Object> request = parseRequest(body);
        response = JsonText.write(dispatch(target, request));
      } catch (AwsError e) {
        status = 400;
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("__type", e.type);
        err.put("message", e.getMessage());
        response = JsonText.write(err);
      } catch (RuntimeException e) {
        status = 500;
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("__type", "InternalFailure");
        err.put("message", String.valueOf(e));
        response = JsonText.write(err);
      }
      byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static Map<String, Object> parseRequest(String body) {
    if (body.isBlank()) {
      return Map.of();
    }
    try {
      return JsonText.readObject(body);
    } catch (IllegalArgumentException e) {
      throw new AwsError("SerializationException", "request body is not a JSON object: " + e.getMessage());
    }
  }

  private Map<String, Object> dispatch(String target, Map<String, Object> request) {
    String op = target != null && target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : null;
    if (op == null) {
      throw new AwsError("UnknownOperationException", "unknown operation " + target);
    }
    switch (op) {
      case "StartExecution":
        return startExecution(request);
      case "DescribeExecution":
        return describeExecution(request);
      case "StopExecution":
        return stopExecution(request);
      default:
        throw new AwsError("UnknownOperationException", "unknown operation " + target);
    }
  }

  // ---------------------------------------------------------------- operations

  private Map<String, Object> startExecution(Map<String, Object> request) {
    String stateMachineArn = string(request, "stateMachineArn");
    if (stateMachineArn == null) {
      throw new AwsError("ValidationException", "1 validation error detected: Value null at 'stateMachineArn' "
          + "failed to satisfy constraint: Member must not be null");
    }
    String[] arn = stateMachineArn.split(":", -1);
    if (arn.length != 7 || !arn[0].equals("arn") || !arn[2].equals("states") || !arn[5].equals("stateMachine")
        || arn[6].isEmpty()) {
      throw new AwsError("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: " + stateMachineArn + "'");
    }
    String name = string(request, "name");
    if (name == null) {
      name = UUID.randomUUID().toString();
    }
    validateName(name);
    String input = string(request, "input");
    if (input == null) {
      input = "{}";
    }
    try {
      JsonText.read(input);
    } catch (IllegalArgumentException e) {
      throw new AwsError("InvalidExecutionInput", "Invalid State Machine Execution Input: '" + e.getMessage() + "'");
    }
    String executionArn = String.join(":", arn[0], arn[1], arn[2], arn[3], arn[4], "execution", arn[6], name);
    Entry entry;
    synchronized (lock) {
      Entry existing = executions.get(executionArn);
      if (existing != null) {
        if (!"RUNNING".equals(existing.status) || !existing.input.equals(input)) {
          throw new AwsError("ExecutionAlreadyExists", "Execution Already Exists: '" + executionArn + "'");
        }
        entry = existing;
      } else {
        entry = new Entry(stateMachineArn, name, input, executionArn, clock.instant());
        executions.put(executionArn, entry);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("executionArn", entry.executionArn);
    out.put("startDate", epochSeconds(entry.startDate));
    return out;
  }

  private Map<String, Object> describeExecution(Map<String, Object> request) {
    String executionArn = string(request, "executionArn");
    synchronized (lock) {
      Entry e = executionArn == null ? null : executions.get(executionArn);
      if (e == null) {
        throw new AwsError("ExecutionDoesNotExist", "Execution Does Not Exist: '" + executionArn + "'");
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("executionArn", e.executionArn);
      out.put("stateMachineArn", e.stateMachineArn);
      out.put("name", e.name);
      out.put("status", e.status);
      out.put("startDate", epochSeconds(e.startDate));
      if (e.stopDate != null) {
        out.put("stopDate", epochSeconds(e.stopDate));
      }
      out.put("input", e.input);
      return out;
    }
  }

  private Map<String, Object> stopExecution(Map<String, Object> request) {
    String executionArn = string(request, "executionArn");
    synchronized (lock) {
      Entry e = executionArn == null ? null : executions.get(executionArn);
      if (e == null) {
        throw new AwsError("ExecutionDoesNotExist", "Execution Does Not Exist: '" + executionArn + "'");
      }
      if ("RUNNING".equals(e.status)) {
        e.status = "ABORTED";
        e.stopDate = clock.instant();
      }
      return Map.of("stopDate", epochSeconds(e.stopDate));
    }
  }

  /** AWS's execution-name rule: 1–80 characters, no whitespace, brackets, wildcards, punctuation listed, control chars. */
  static void validateName(String name) {
    boolean ok = !name.isEmpty() && name.length() <= 80;
    for (int k = 0; ok && k < name.length(); k++) {
      char c = name.charAt(k);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c) || FORBIDDEN_NAME_CHARS.indexOf(c) >= 0
          || c <= 0x1F || (c >= 0x7F && c <= 0x9F)) {
        ok = false;
      }
    }
    if (!ok) {
      throw new AwsError("InvalidName", "Invalid Name: '" + name + "'");
    }
  }

  private static String string(Map<String, Object> request, String key) {
    Object v = request.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw new AwsError("SerializationException", key + " must be a string");
    }
    return s;
  }

  private static BigDecimal epochSeconds(Instant t) {
    return BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3);
  }
}
