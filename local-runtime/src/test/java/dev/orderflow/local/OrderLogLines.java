package dev.orderflow.local;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The runtime's INFO lines of one logger — {@code orders} (status changes), {@code notifications} or {@code emails} — as the
 * console prints them, while open.
 */
final class OrderLogLines extends Handler implements AutoCloseable {
  private final Logger logger;
  private final Level before;
  private final List<String> lines = new CopyOnWriteArrayList<>();

  private OrderLogLines(String name) {
    logger = Logger.getLogger(ConsoleLog.ROOT + "." + name);
    before = logger.getLevel();
  }

  /** The status-change lines. */
  static OrderLogLines capture() {
    return capture("orders");
  }

  static OrderLogLines capture(String name) {
    OrderLogLines capture = new OrderLogLines(name);
    capture.logger.setLevel(Level.INFO);
    capture.logger.setUseParentHandlers(false);
    capture.logger.addHandler(capture);
    return capture;
  }

  /** The lines that mention {@code id}, in the order they were logged. */
  List<String> about(String id) {
    return lines.stream().filter(line -> line.contains(id)).toList();
  }

  @Override
  public void publish(LogRecord record) {
    if (record.getLevel() == Level.INFO) {
      lines.add(new ConsoleLog.OneLine().format(record));
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
    logger.setUseParentHandlers(true);
    logger.setLevel(before);
  }
}
