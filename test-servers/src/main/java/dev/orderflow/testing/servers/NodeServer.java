package dev.orderflow.testing.servers;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A node server that prints {@code PORT=<n>} on stdout once it listens on 127.0.0.1. */
final class NodeServer implements AutoCloseable {
  static final Duration START_TIMEOUT = Duration.ofSeconds(
      Long.getLong("orderflow.node.startTimeoutSeconds", 60));
  private static final Pattern PORT_LINE = Pattern.compile("^PORT=(\\d+)\\s*$");

  private final NodeProcess process;
  private final int port;

  private NodeServer(NodeProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /** JS snippet that makes the script exit once stdin reaches EOF (the parent closed it or died). */
  static final String EXIT_ON_STDIN_EOF = "process.stdin.on('end',()=>process.exit(0));"
      + "process.stdin.on('error',()=>process.exit(0));process.stdin.resume();";

  static NodeServer start(String name, List<String> nodeArgs) {
    CompletableFuture<Integer> portFuture = new CompletableFuture<>();
    NodeProcess p = NodeProcess.start(name, nodeArgs, line -> {
      Matcher m = PORT_LINE.matcher(line);
      if (m.matches()) {
        portFuture.complete(Integer.parseInt(m.group(1)));
      }
    });
    p.process().onExit().thenRun(() -> portFuture.completeExceptionally(
        new IllegalStateException("process exited before printing PORT=")));
    try {
      int port = portFuture.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return new NodeServer(p, port);
    } catch (TimeoutException e) {
      String diag = p.diagnostics();
      p.close();
      throw new IllegalStateException(name + " did not print PORT=<n> within " + START_TIMEOUT.toSeconds() + " s" + diag);
    } catch (ExecutionException e) {
      p.awaitStdoutClosed(Duration.ofSeconds(2));
      String diag = p.diagnostics();
      p.close();
      throw new IllegalStateException(name + " failed to start: " + e.getCause().getMessage() + diag, e.getCause());
    } catch (InterruptedException e) {
      p.close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException(name + ": interrupted while starting", e);
    }
  }

  int port() {
    return port;
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  Process process() {
    return process.process();
  }

  boolean isAlive() {
    return process.process().isAlive();
  }

  @Override
  public void close() {
    process.close();
  }
}
