package dev.orderflow.testing.servers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A {@code node} child process (from PATH) run in {@link NodeModules#directory()}, with stdout lines
 * delivered to a callback and stderr kept (last 64 KiB) for error messages. Scripts this module runs
 * exit when their stdin closes, so a JVM that dies leaves no process behind.
 */
final class NodeProcess implements AutoCloseable {
  private static final int STDERR_KEEP = 64 * 1024;

  private final Process process;
  private final String description;
  private final StringBuilder stderr = new StringBuilder();
  private final StringBuilder stdoutHead = new StringBuilder();
  private final CompletableFuture<Void> stdoutDone = new CompletableFuture<>();
  private final CompletableFuture<Void> stderrDone = new CompletableFuture<>();

  private NodeProcess(Process process, String description, Consumer<String> onLine) {
    this.process = process;
    this.description = description;
    Thread out = new Thread(() -> pump(process.getInputStream(), onLine, stdoutDone), description + "-stdout");
    Thread err = new Thread(() -> drainStderr(process.getErrorStream()), description + "-stderr");
    out.setDaemon(true);
    err.setDaemon(true);
    out.start();
    err.start();
  }

  /** Starts {@code node <nodeArgs...>} with the node_modules directory as working directory. */
  static NodeProcess start(String description, List<String> nodeArgs, Consumer<String> onStdoutLine) {
    Path dir = NodeModules.directory();
    List<String> cmd = new ArrayList<>();
    cmd.add("node");
    cmd.addAll(nodeArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().put("NODE_NO_WARNINGS", "1");
    try {
      return new NodeProcess(pb.start(), description, onStdoutLine);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot start '" + description + "' with `node` from PATH in " + dir + ": "
          + e.getMessage(), e);
    }
  }

  private void pump(InputStream in, Consumer<String> onLine, CompletableFuture<Void> done) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        synchronized (stdoutHead) {
          if (stdoutHead.length() < STDERR_KEEP) {
            stdoutHead.append(line).append('\n');
          }
        }
        if (onLine != null) {
          onLine.accept(line);
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // process went away
    } finally {
      done.complete(null);
    }
  }

  private void drainStderr(InputStream in) {
    byte[] buf = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        synchronized (stderr) {
          stderr.append(new String(buf, 0, n, StandardCharsets.UTF_8));
          if (stderr.length() > STDERR_KEEP) {
            stderr.delete(0, stderr.length() - STDERR_KEEP);
          }
        }
      }
    } catch (IOException ignored) {
      // process went away
    } finally {
      stderrDone.complete(null);
    }
  }

  /** Writes to the process's stdin and closes it. */
  void writeStdinAndClose(String text) {
    try (OutputStream os = process.getOutputStream()) {
      os.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(description + ": cannot write to node's stdin: " + e.getMessage()
          + diagnostics(), e);
    }
  }

  Process process() {
    return process;
  }

  /** Waits until stdout is fully read (the process closed it, normally by exiting). */
  boolean awaitStdoutClosed(Duration timeout) {
    try {
      stdoutDone.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return true;
    }
  }

  String stderr() {
    try {
      stderrDone.get(200, TimeUnit.MILLISECONDS);
    } catch (Exception ignored) {
      // take what we have
    }
    synchronized (stderr) {
      return stderr.toString();
    }
  }

  String stdout() {
    synchronized (stdoutHead) {
      return stdoutHead.toString();
    }
  }

  /** Exit code and captured output, for error messages. */
  String diagnostics() {
    String exit = process.isAlive() ? "still running" : "exit code " + process.exitValue();
    return "\n  node process (" + exit + ") stderr:\n" + indent(stderr()) + "\n  stdout:\n" + indent(stdout());
  }

  private static String indent(String s) {
    if (s.isBlank()) {
      return "    <empty>";
    }
    return ("    " + s.strip()).replace("\n", "\n    ");
  }

  /** Closes stdin (the scripts exit on EOF), then terminates and, if needed, kills the process. */
  @Override
  public void close() {
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // already closed
    }
    try {
      if (!process.waitFor(2, TimeUnit.SECONDS)) {
        process.destroy();
        if (!process.waitFor(3, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(5, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
