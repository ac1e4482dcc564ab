package dev.orderflow.local;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One Node.js script of {@code src/test/node} run as a child process: its standard output collected line by line,
 * its standard error kept for failure messages only (a passing test prints nothing). The scripts end themselves
 * after {@link #SCRIPT_TIMEOUT}; {@link #close()} ends the process and whatever it started (Chromium) at once.
 * Needs {@code node} on the PATH and the packages {@code npm ci} installs there (the build's npm-ci-test-node
 * execution does).
 */
final class NodeScript implements AutoCloseable {
  static final Path DIR = Path.of("src/test/node").toAbsolutePath();
  /** How long a script may run before it gives up on its own (environment ORDERFLOW_NODE_TIMEOUT_MS). */
  static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);

  private final String name;
  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final StringBuilder stderr = new StringBuilder();
  private final Thread outReader;
  private final Thread errReader;

  private NodeScript(String name, Process process) {
    this.name = name;
    this.process = process;
    this.outReader = reader(process.getInputStream(), line -> {
      synchronized (lines) {
        lines.add(line);
        lines.notifyAll();
      }
    });
    this.errReader = reader(process.getErrorStream(), line -> {
      synchronized (stderr) {
        stderr.append(line).append('\n');
      }
    });
  }

  /**
   * Starts {@code node [flags] src/test/node/<script> args...} in {@code src/test/node}.
   *
   * @param nodeFlags flags for node itself, e.g. {@code --experimental-websocket}
   */
  static NodeScript start(String script, List<String> nodeFlags, Map<String, String> environment, String... args) {
    Path installed = DIR.resolve("node_modules/.orderflow-installed");
    if (!Files.isRegularFile(installed)) {
      fail("%s is missing: the build installs the Node test clients with npm ci (exec execution npm-ci-test-node); "
          + "run it without -Dorderflow.skipNpm=true, or `npm ci` in %s", installed, DIR);
    }
    List<String> command = new ArrayList<>();
    command.add("node");
    command.addAll(nodeFlags);
    command.add(DIR.resolve(script).toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(DIR.toFile());
    Map<String, String> env = new HashMap<>(environment);
    env.putIfAbsent("ORDERFLOW_NODE_TIMEOUT_MS", Long.toString(SCRIPT_TIMEOUT.toMillis()));
    builder.environment().putAll(env);
    try {
      return new NodeScript(script + " " + String.join(" ", args), builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run node (is Node.js on the PATH?)", e);
    }
  }

  /** Flags that give Node a global WebSocket, which Amplify uses: built in from Node 22, behind a flag in 20 and 21. */
  static List<String> webSocketFlags() {
    return NodeVersion.MAJOR < 22 ? List.of("--experimental-websocket") : List.of();
  }

  private static final class NodeVersion {
    static final int MAJOR = major();

    private static int major() {
      try {
        Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
        String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(10, TimeUnit.SECONDS);
        return Integer.parseInt(version.replaceFirst("^v(\\d+).*$", "$1"));
      } catch (IOException | NumberFormatException e) {
        throw new IllegalStateException("cannot tell the version of node (is Node.js on the PATH?)", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private Thread reader(InputStream stream, java.util.function.Consumer<String> sink) {
    Thread thread = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          sink.accept(line);
        }
      } catch (IOException ignored) {
        // the process ended
      } finally {
        synchronized (lines) {
          lines.notifyAll();
        }
      }
    }, "node-" + name.split(" ")[0]);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** The lines the script printed so far. */
  List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** Waits for a line matching {@code wanted}; fails, with the script's standard error, when none comes in time. */
  String awaitLine(String what, Predicate<String> wanted, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    synchronized (lines) {
      for (;;) {
        for (; seen < lines.size(); seen++) {
          if (wanted.test(lines.get(seen))) {
            return lines.get(seen);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || (!process.isAlive() && !outReader.isAlive())) {
          return fail("%s: no %s within %s (exit %s)%n%s", name, what, timeout,
              process.isAlive() ? "-" : process.exitValue(), diagnostics());
        }
        try {
          lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
  }

  /** Waits for the script to end by itself and returns its exit status; fails when it runs past {@code timeout}. */
  int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return fail("%s still running after %s%n%s", name, timeout, diagnostics());
      }
      outReader.join(5000);
      errReader.join(5000);
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** What the script printed, for a failure message. */
  String diagnostics() {
    String err;
    synchronized (stderr) {
      err = stderr.toString();
    }
    return "--- stdout of " + name + "\n" + String.join("\n", lines()) + "\n--- stderr\n" + err;
  }

  /** Ends the script and every process it started (SIGTERM, then SIGKILL after two seconds). */
  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(2, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }
}
