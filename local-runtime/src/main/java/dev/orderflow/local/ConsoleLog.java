package dev.orderflow.local;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The runtime's log: java.util.logging, one line per event on standard error. java.util.logging rather than
 * SLF4J because {@code mvn exec:java} runs the runtime inside Maven, whose own SLF4J binding would take
 * the lines (and {@code -q} would drop them).
 */
final class ConsoleLog {
  /** The logger every class of the runtime logs under. */
  static final String ROOT = "dev.orderflow";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
  /** Held so the configured logger is not garbage-collected along with its settings. */
  private static Logger configured;

  private ConsoleLog() {}

  /** Sends {@value #ROOT}'s records at {@code level} and above to standard error, one line each. */
  static synchronized void install(Level level) {
    Logger logger = Logger.getLogger(ROOT);
    for (var handler : logger.getHandlers()) {
      logger.removeHandler(handler);
    }
    ConsoleHandler handler = new ConsoleHandler();
    handler.setLevel(level);
    handler.setFormatter(new OneLine());
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
    System.err.print(new OneLine().format(record));
    System.err.flush();
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
