package dev.orderflow.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.lambda.telemetry.Telemetry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runtime's log: java.util.logging, one line per event on standard error. java.util.logging rather than
 * SLF4J because {@code mvn exec:java} runs the runtime inside Maven, whose own SLF4J binding would take
 * the lines (and {@code -q} would drop them).
 *
 * <p>Readable lines ({@link OneLine}) by default — the in-memory mode's — and, on the AWS adapters, one JSON object
 * per line ({@link JsonLines}, switched on by {@link #json}) like the deployed functions write, so the same queries
 * (CloudWatch Logs Insights, {@code jq}) read both: {@code timestamp}, {@code level}, {@code message},
 * {@code logger}, {@code function} ({@value #FUNCTION}), {@code event}, {@code orderId} and {@code customer} where the
 * line is about an order, and {@code errorType}/{@code error} for a failure. An order's details (name, quantity,
 * restaurant) and the notification's body are left out of the JSON lines.
 */
final class ConsoleLog {
  /** The logger every class of the runtime logs under. */
  static final String ROOT = "dev.orderflow";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
  /** The {@code function} field of the JSON lines. */
  static final String FUNCTION = "orderflow-local-runtime";
  /** Held so the configured logger is not garbage-collected along with its settings. */
  private static Logger configured;
  private static boolean json;

  private ConsoleLog() {}

  /** Sends {@value #ROOT}'s records at {@code level} and above to standard error, one line each. */
  static synchronized void install(Level level) {
    Logger logger = Logger.getLogger(ROOT);
    for (var handler : logger.getHandlers()) {
      logger.removeHandler(handler);
    }
    ConsoleHandler handler = new ConsoleHandler();
    handler.setLevel(level);
    handler.setFormatter(json ? new JsonLines() : new OneLine());
    logger.addHandler(handler);
    logger.setLevel(level);
    logger.setUseParentHandlers(false);
    configured = logger;
  }

  /**
   * Writes one INFO line straight to standard error: for shutdown hooks, which may run after
   * java.util.logging's own hook has closed every handler.
   */
  static void direct(String source, String message) {
    LogRecord record = new LogRecord(Level.INFO, message);
    record.setLoggerName(source);
    System.err.print(isJson() ? new JsonLines().format(record) : new OneLine().format(record));
    System.err.flush();
  }

  /** Switches the console between JSON lines ({@code true}, the AWS adapters' mode) and readable lines. */
  static synchronized void json(boolean on) {
    json = on;
    if (configured != null) {
      for (Handler handler : configured.getHandlers()) {
        handler.setFormatter(on ? new JsonLines() : new OneLine());
      }
    }
  }

  static synchronized boolean isJson() {
    return json;
  }

  /** The logger of the lines that already are JSON objects: the resolver's telemetry (logs and EMF documents). */
  static final String TELEMETRY = ROOT + ".telemetry";
  private static final Logger TELEMETRY_LOG = Logger.getLogger(TELEMETRY);

  /**
   * Logs a line that already is one JSON object (the resolver's telemetry) under {@value #TELEMETRY}, at the level it
   * names; {@link JsonLines} prints it as it is.
   */
  static void telemetry(String line) {
    Level level = line.contains("\"level\":\"ERROR\"") ? Level.SEVERE
        : line.contains("\"level\":\"WARN\"") ? Level.WARNING
        : line.contains("\"level\":\"DEBUG\"") ? Level.FINE : Level.INFO;
    TELEMETRY_LOG.log(level, line);
  }

  /** One JSON object per line: see the class comment. */
  static final class JsonLines extends Formatter {
    /** {@code StatusLog}'s status change: {@code order <id> <STATUS> customer=<id>[ details][ reason="…"]}. */
    private static final Pattern STATUS =
        Pattern.compile("order (\\S+) ([A-Z]+) customer=(\\S+)(?:.*? reason=\"(.*)\")?.*");
    /** {@code StatusLog}'s notification: {@code to customer=<id> status=<STATUS> <body>}. */
    private static final Pattern NOTIFIED = Pattern.compile("to customer=(\\S+) status=([A-Z]+) (.*)");
    private static final Pattern ORDER_ID = Pattern.compile("\"orderId\"\\s*:\\s*\"([^\"]+)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String format(LogRecord record) {
      String name = record.getLoggerName() == null ? "" : record.getLoggerName();
      if (name.equals(TELEMETRY)) {
        return record.getMessage() + System.lineSeparator();
      }
      String logger = name.substring(name.lastIndexOf('.') + 1);
      String message = formatMessage(record);
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("timestamp", record.getInstant().toString());
      line.put("level", level(record.getLevel()));
      line.put("message", message);
      line.put("logger", logger);
      line.put("function", FUNCTION);
      Matcher status = STATUS.matcher(message);
      Matcher notified = NOTIFIED.matcher(message);
      if (name.equals(ROOT + ".orders") && record.getLevel() == Level.INFO && status.matches()) {
        String value = status.group(2);
        line.put("message", "order " + value);
        line.put("event", switch (value) {
          case "PENDING" -> "order.initialized";
          case "SUCCESS" -> "order.completed";
          case "FAILED" -> "order.failed";
          default -> "order.status";
        });
        line.put("orderId", status.group(1));
        line.put("customer", Telemetry.customerId(status.group(3)));
        line.put("status", value);
        if (status.group(4) != null) {
          line.put("reason", status.group(4));
        }
      } else if (name.equals(ROOT + ".notifications") && notified.matches()) {
        Matcher orderId = ORDER_ID.matcher(notified.group(3));
        line.put("message", "outcome published to the customer");
        line.put("event", "outcome.published");
        line.put("orderId", orderId.find() ? orderId.group(1) : null);
        line.put("customer", Telemetry.customerId(notified.group(1)));
        line.put("status", notified.group(2));
      }
      if (record.getThrown() != null) {
        StringWriter trace = new StringWriter();
        record.getThrown().printStackTrace(new PrintWriter(trace));
        line.put("errorType", record.getThrown().getClass().getName());
        line.put("error", trace.toString().strip());
      }
      try {
        return JSON.writeValueAsString(line) + System.lineSeparator();
      } catch (JsonProcessingException e) {
        return "{\"level\":\"ERROR\",\"message\":\"log entry not written\"}" + System.lineSeparator();
      }
    }

    private static String level(Level level) {
      if (level.intValue() >= Level.SEVERE.intValue()) {
        return "ERROR";
      }
      if (level.intValue() >= Level.WARNING.intValue()) {
        return "WARN";
      }
      return level.intValue() >= Level.INFO.intValue() ? "INFO" : "DEBUG";
    }
  }

  /** {@code 2026-01-01 12:00:00.123 INFO orders - order … SUCCESS customer=…}, then any stack trace. */
  static final class OneLine extends Formatter {
    @Override
    public String format(LogRecord record) {
      String name = record.getLoggerName() == null ? "" : record.getLoggerName();
      StringBuilder line = new StringBuilder(160)
          .append(TIME.format(record.getInstant())).append(' ')
          .append(record.getLevel().getName()).append(' ')
          .append(name.substring(name.lastIndexOf('.') + 1)).append(" - ")
          .append(formatMessage(record)).append(System.lineSeparator());
      if (record.getThrown() != null) {
        StringWriter trace = new StringWriter();
        record.getThrown().printStackTrace(new PrintWriter(trace));
        line.append(trace);
      }
      return line.toString();
    }
  }
}
