package dev.orderflow.lambda.telemetry;

import com.amazonaws.services.lambda.runtime.Context;
import dev.orderflow.lambda.wiring.Priming;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One invocation's structured logs and metrics: every log entry is one JSON object on one line of standard output,
 * and the metrics are written as CloudWatch Embedded Metric Format documents when the invocation ends
 * ({@link #close()}, also when the handler throws). Start one per invocation with
 * {@code try (Telemetry telemetry = Telemetry.start(context)) { … }}.
 *
 * <p>Every log line holds {@code timestamp} (ISO-8601, UTC), {@code level}, {@code message}, {@code event} (a stable
 * name such as {@code order.accepted}), {@code function}, {@code requestId}, {@code coldStart}, {@code service},
 * {@code traceId} (the X-Ray trace of the invocation, when there is one), {@code orderId} and {@code customer} once
 * known, and the entry's own fields. A customer id that looks like an e-mail address (holds {@code @}) is logged as
 * {@code sha256:<16 hex digits>} of it. Never logged: request bodies, order details (name, quantity, restaurant),
 * tokens.
 *
 * <p>Settings, from the environment (the names of Powertools for AWS Lambda, so the stack configures them the same
 * way): {@value #LOG_LEVEL} ({@code DEBUG}, {@code INFO}, {@code WARN}, {@code ERROR}; default {@code INFO}),
 * {@value #SERVICE_NAME} (the {@code Service} dimension and the {@code service} field; default
 * {@value #DEFAULT_SERVICE}), {@value #METRICS_NAMESPACE} (default {@value #DEFAULT_NAMESPACE}).
 *
 * <p>{@code coldStart} is true on the first invocation of a container, and again on the first invocation after a
 * SnapStart restore (an {@code org.crac} {@code afterRestore} hook sets it back).
 *
 * <p>Where the lines go: to {@link #redirect}'s target if one is set (tests; the local runtime on the AWS adapters);
 * else, on Lambda (the Runtime API is set: {@code AWS_LAMBDA_RUNTIME_API}), to standard output; else — a handler
 * called directly, e.g. by the local runtime's in-memory mode — only the {@code WARN} and {@code ERROR} entries, as
 * plain text ({@code LEVEL message[: stack trace]}), through the context's logger or to standard error, and no
 * metrics.
 */
public final class Telemetry implements AutoCloseable {
  public static final String LOG_LEVEL = "POWERTOOLS_LOG_LEVEL";
  public static final String SERVICE_NAME = "POWERTOOLS_SERVICE_NAME";
  public static final String METRICS_NAMESPACE = "POWERTOOLS_METRICS_NAMESPACE";
  public static final String DEFAULT_SERVICE = "orderflow";
  public static final String DEFAULT_NAMESPACE = "Orderflow";

  /** Log levels, lowest first. */
  public enum Level { DEBUG, INFO, WARN, ERROR }

  /** What the environment configures. */
  public record Settings(Level level, String service, String namespace, String functionName) {
    public static Settings fromEnvironment(Map<String, String> environment) {
      Level level = Level.INFO;
      String text = environment.get(LOG_LEVEL);
      if (text != null && !text.isBlank()) {
        String name = text.strip().toUpperCase(Locale.ROOT);
        level = switch (name) {
          case "TRACE", "DEBUG" -> Level.DEBUG;
          case "WARN", "WARNING" -> Level.WARN;
          case "ERROR", "FATAL" -> Level.ERROR;
          default -> Level.INFO;
        };
      }
      return new Settings(level, orDefault(environment.get(SERVICE_NAME), DEFAULT_SERVICE),
          orDefault(environment.get(METRICS_NAMESPACE), DEFAULT_NAMESPACE), environment.get("AWS_LAMBDA_FUNCTION_NAME"));
    }

    private static String orDefault(String value, String fallback) {
      return value == null || value.isBlank() ? fallback : value.strip();
    }
  }

  private static final AtomicBoolean COLD = new AtomicBoolean(true);
  /** Whether this JVM is a Lambda runtime: the runtime client needs the Runtime API's address. */
  private static final boolean ON_LAMBDA = System.getenv("AWS_LAMBDA_RUNTIME_API") != null;
  private static final Consumer<String> STANDARD_OUTPUT = line -> System.out.println(line);
  private static volatile Settings settings;
  private static volatile Consumer<String> redirected;

  static {
    // SnapStart: the first invocation after a restore starts a new execution environment, a cold start too
    Priming.afterRestore(Telemetry::restored);
  }

  /** A SnapStart restore: the next invocation starts a new execution environment, so it is a cold start. */
  static void restored() {
    COLD.set(true);
  }

  private final Settings config;
  /** Where the JSON lines go; null: plain text, WARN and ERROR only, to {@link #plain}. */
  private final Consumer<String> sink;
  private final Context lambdaContext;
  private final String function;
  private final String requestId;
  private final String traceId;
  private final boolean coldStart;
  private final Metrics metrics = new Metrics();
  private final Map<String, String> context = new LinkedHashMap<>(4);

  private Telemetry(Settings config, Consumer<String> sink, Context lambdaContext, String function, String requestId,
      String traceId, boolean coldStart) {
    this.config = config;
    this.sink = sink;
    this.lambdaContext = lambdaContext;
    this.function = function;
    this.requestId = requestId;
    this.traceId = traceId;
    this.coldStart = coldStart;
  }

  /** The telemetry of the invocation that {@code context} describes (null: none, e.g. a direct call). */
  public static Telemetry start(Context context) {
    Settings config = settings();
    String function = context != null && context.getFunctionName() != null ? context.getFunctionName()
        : config.functionName();
    String requestId = context == null ? null : context.getAwsRequestId();
    Consumer<String> target = redirected;
    if (target == null && ON_LAMBDA) {
      target = STANDARD_OUTPUT;
    }
    return new Telemetry(config, target, context, function, requestId, target == null ? null : traceId(),
        COLD.getAndSet(false));
  }

  /** Telemetry that writes nothing and leaves the cold-start flag alone: for priming the handlers' code. */
  public static Telemetry discarding() {
    return new Telemetry(settings(), line -> { }, null, "prime", "prime", null, true);
  }

  /**
   * Runs the formatting code once without writing anything (SnapStart priming): a log line with every field and an
   * EMF document.
   */
  public static void prime() {
    Telemetry telemetry = discarding();
    telemetry.order("sample", "sample@example.com");
    telemetry.info("prime", "sample", "field", "value");
    telemetry.error("prime", "sample", new IllegalStateException("sample"));
    telemetry.metrics().count("Sample");
    telemetry.metrics().count("Sample", "Reason", "sample");
    telemetry.metrics().milliseconds("SampleTime", 1);
    telemetry.close();
  }

  private static Settings settings() {
    Settings current = settings;
    if (current == null) {
      current = Settings.fromEnvironment(System.getenv());
      settings = current;
    }
    return current;
  }

  /** Replaces the settings (tests, other runtimes); {@code null} reads the environment again on next use. */
  public static void configure(Settings replacement) {
    settings = replacement;
  }

  /**
   * Sends every line (logs and metrics) to {@code replacement} instead of standard output, until the returned handle
   * is closed (tests).
   */
  public static Redirect redirect(Consumer<String> replacement) {
    Consumer<String> previous = redirected;
    redirected = replacement;
    return () -> redirected = previous;
  }

  /** Restores the output {@link #redirect} replaced. */
  public interface Redirect extends AutoCloseable {
    @Override
    void close();
  }

  /** The X-Ray trace id of this invocation (Lambda sets it per invocation), or null. */
  private static String traceId() {
    String header = System.getProperty("com.amazonaws.xray.traceHeader");
    if (header == null || header.isBlank()) {
      header = System.getenv("_X_AMZN_TRACE_ID");
    }
    if (header == null) {
      return null;
    }
    for (String part : header.split(";")) {
      if (part.startsWith("Root=")) {
        return part.substring("Root=".length());
      }
    }
    return null;
  }

  /** The order the next entries are about (either may be null: unknown). */
  public Telemetry order(String orderId, String customer) {
    put("orderId", orderId);
    put("customer", customer == null ? null : customerId(customer));
    return this;
  }

  private void put(String key, String value) {
    if (value == null) {
      context.remove(key);
    } else {
      context.put(key, value);
    }
  }

  /** A customer id as logged: as it is, or hashed if it looks like an e-mail address. */
  public static String customerId(String customer) {
    if (customer.indexOf('@') < 0) {
      return customer;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(customer.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      return "redacted";
    }
  }

  public boolean coldStart() {
    return coldStart;
  }

  /** The invocation's metrics, written when it ends. */
  public Metrics metrics() {
    return metrics;
  }

  /** @param fields name, value, name, value … (a null value is left out) */
  public void debug(String event, String message, String... fields) {
    log(Level.DEBUG, event, message, null, fields);
  }

  public void info(String event, String message, String... fields) {
    log(Level.INFO, event, message, null, fields);
  }

  public void warn(String event, String message, String... fields) {
    log(Level.WARN, event, message, null, fields);
  }

  /** An entry with the cause's type, message and stack trace in {@code error} (one line: one log event). */
  public void error(String event, String message, Throwable cause, String... fields) {
    log(Level.ERROR, event, message, cause, fields);
  }

  public boolean enabled(Level level) {
    return level.compareTo(config.level()) >= 0;
  }

  private void log(Level level, String event, String message, Throwable cause, String... fields) {
    if (!enabled(level)) {
      return;
    }
    if (sink == null) {
      plain(level, message, cause);
      return;
    }
    JsonLine line = new JsonLine()
        .string("timestamp", Instant.now().toString())
        .string("level", level.name())
        .string("message", message)
        .string("event", event)
        .string("function", function)
        .string("requestId", requestId)
        .bool("coldStart", coldStart)
        .string("service", config.service());
    if (traceId != null) {
      line.string("traceId", traceId);
    }
    context.forEach(line::string);
    for (int i = 0; i + 1 < fields.length; i += 2) {
      if (fields[i + 1] != null) {
        line.string(fields[i], fields[i + 1]);
      }
    }
    if (cause != null) {
      StringWriter trace = new StringWriter();
      cause.printStackTrace(new PrintWriter(trace));
      line.string("errorType", cause.getClass().getName()).string("error", trace.toString().strip());
    }
    sink.accept(line.toString());
  }

  /** Off Lambda without a redirect: WARN and ERROR as one plain entry, through the context's logger if it has one. */
  private void plain(Level level, String message, Throwable cause) {
    if (level.compareTo(Level.WARN) < 0) {
      return;
    }
    String entry = level.name() + " " + message;
    if (cause != null) {
      StringWriter trace = new StringWriter();
      cause.printStackTrace(new PrintWriter(trace));
      entry += ": " + trace.toString().strip();
    }
    if (lambdaContext != null && lambdaContext.getLogger() != null) {
      lambdaContext.getLogger().log(entry + "\n");
    } else {
      System.err.println(entry);
    }
  }

  /** Writes the invocation's metrics (nothing if none were recorded, or off Lambda without a redirect). */
  @Override
  public void close() {
    if (sink == null || metrics.isEmpty()) {
      return;
    }
    Map<String, String> properties = new LinkedHashMap<>(4);
    properties.put("function", function);
    properties.put("requestId", requestId);
    List<String> documents = metrics.documents(System.currentTimeMillis(), config.namespace(), config.service(),
        properties);
    documents.forEach(sink);
  }
}
