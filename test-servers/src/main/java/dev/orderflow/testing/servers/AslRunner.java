package dev.orderflow.testing.servers;

import dev.orderflow.core.internal.JsonText;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs Amazon States Language definitions locally with aws-local-stepfunctions 3.0.0 (node, with a
 * {@code Promise.withResolvers} polyfill for Node 20), and validates them with asl-validator 4.0.0.
 *
 * <p>Every Task state is routed to {@code taskBridge} (see {@link TaskBridge} for the wire protocol):
 * {@code arn:aws:states:::lambda:invoke} tasks POST their {@code {FunctionName, Payload}} parameters and get
 * {@code {Payload: <response>}} back, as in AWS; any other Resource POSTs
 * {@code {FunctionName: <Resource>, Payload: <input>}} and gets the response itself. Retry intervals are 0.
 * One run costs about a second (node start-up).
 */
public final class AslRunner {
  private static final String RESULT_PREFIX = "RESULT=";

  private AslRunner() {
  }

  /**
   * Runs one execution and waits for it.
   *
   * @throws IllegalArgumentException if the definition is not JSON or aws-local-stepfunctions rejects it
   * @throws IllegalStateException if node fails or the run exceeds {@code timeout}
   */
  public static AslResult run(String definitionJson, String inputJson, URI taskBridge, Duration timeout) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("definition", definitionJson);
    request.put("input", inputJson == null ? "{}" : inputJson);
    request.put("bridge", taskBridge.toString());
    Map<String, Object> r = callNode("aws-local-stepfunctions", List.of("--input-type=module", "-e",
        script("asl-run.mjs")), JsonText.write(request), timeout);
    String status = String.valueOf(r.get("status"));
    if ("INVALID_DEFINITION".equals(status)) {
      throw new IllegalArgumentException("state machine definition rejected: " + r.get("cause"));
    }
    List<String> entered = new ArrayList<>();
    if (r.get("statesEntered") instanceof List<?> l) {
      for (Object o : l) {
        entered.add(String.valueOf(o));
      }
    }
    return new AslResult(status, (String) r.get("output"), (String) r.get("error"), (String) r.get("cause"), entered);
  }

  /** asl-validator's messages for this definition ({@code "<Error code>: <message>"}); empty = valid. */
  public static List<String> validate(String definitionJson) {
    Object r = callNode("asl-validator", List.of("-e", script("asl-validate.cjs")), definitionJson,
        Duration.ofSeconds(60)).get("messages");
    List<String> out = new ArrayList<>();
    for (Object o : (List<?>) r) {
      out.add(String.valueOf(o));
    }
    return List.copyOf(out);
  }

  private static Map<String, Object> callNode(String name, List<String> args, String stdin, Duration timeout) {
    CompletableFuture<String> result = new CompletableFuture<>();
    NodeProcess p = NodeProcess.start(name, args, line -> {
      if (line.startsWith(RESULT_PREFIX)) {
        result.complete(line.substring(RESULT_PREFIX.length()));
      }
    });
    try {
      p.process().onExit().thenRun(() -> {
        p.awaitStdoutClosed(Duration.ofSeconds(2));
        result.completeExceptionally(new IllegalStateException("node exited without printing " + RESULT_PREFIX));
      });
      p.writeStdinAndClose(stdin);
      String json = result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      Object parsed = JsonText.read(json);
      if (parsed instanceof Map<?, ?>) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) parsed;
        return m;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("messages", parsed);
      return m;
    } catch (TimeoutException e) {
      throw new IllegalStateException(name + " did not finish within " + timeout + p.diagnostics());
    } catch (ExecutionException e) {
      throw new IllegalStateException(name + " failed: " + e.getCause().getMessage() + p.diagnostics(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(name + ": interrupted", e);
    } finally {
      p.close();
    }
  }

  private static String script(String resource) {
    try (InputStream in = AslRunner.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read resource " + resource, e);
    }
  }
}
