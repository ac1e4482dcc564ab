package dev.orderflow.local;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The runtime's INFO lines about orders ({@code dev.orderflow.orders}), as the console prints them, while open. */
final class OrderLogLines extends Handler implements AutoCloseable {
  private final Logger logger = Logger.getLogger("dev.orderflow.orders");
  private final Level before = logger.getLevel();
  private final List<String> lines = new CopyOnWriteArrayList<>();

  private OrderLogLines() {}

  static OrderLogLines capture() {
    OrderLogLines capture = new OrderLogLines();
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
