package dev.orderflow.local.bench;

import dev.orderflow.core.payment.SimulatedPaymentGateway;
import dev.orderflow.inmemory.InMemoryOrderflow;
import dev.orderflow.local.LocalRuntime;
import dev.orderflow.local.LocalSettings;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Load generator, not a test: how many {@code postOrder} requests per second the local endpoint sustains,
 * and their latency, from N concurrent java.net.http clients on the same machine. Bounded by a request
 * count and a time limit; talks to loopback addresses only.
 *
 * <pre>
 * --url URL        a running runtime, e.g. http://127.0.0.1:4000/graphql (default: start one in this JVM)
 * --clients N      concurrent clients, each sending one request at a time (default 16)
 * --requests N     measured requests in all (default 20000)
 * --warmup N       requests sent first and not measured (default 5000)
 * --max-seconds S  stop the measured phase after S seconds (default 60)
 * </pre>
 */
public final class PostOrderLoad {
  private static final String BODY = "{\"query\":\"mutation Post($input: PostOrderInput!) "
      + "{ postOrder(input: $input) { id status } }\",\"variables\":{\"input\":"
      + "{\"name\":\"Margherita\",\"quantity\":2,\"restaurantId\":\"luigis\"}}}";

  private PostOrderLoad() {}

  public static void main(String[] args) throws Exception {
    String url = option(args, "url", null);
    int clients = Integer.parseInt(option(args, "clients", "16"));
    int requests = Integer.parseInt(option(args, "requests", "20000"));
    int warmup = Integer.parseInt(option(args, "warmup", "5000"));
    int maxSeconds = Integer.parseInt(option(args, "max-seconds", "60"));

    LocalRuntime inProcess = null;
    URI endpoint;
    if (url == null) {
      InMemoryOrderflow flow = InMemoryOrderflow.builder().live()
          .payments(new SimulatedPaymentGateway(0, SimulatedPaymentGateway.DEFAULT_APPROVAL_RATE)).build();
      inProcess = LocalRuntime.start(LocalSettings.onPort(0), flow);
      endpoint = inProcess.endpoint();
    } else {
      endpoint = URI.create(url);
    }
    if (!InetAddress.getByName(endpoint.getHost()).isLoopbackAddress()) {
      throw new IllegalArgumentException("load goes to this machine's loopback addresses only, not " + endpoint.getHost());
    }
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").header("X-Orderflow-Customer", "load-test")
        .POST(HttpRequest.BodyPublishers.ofString(BODY, StandardCharsets.UTF_8)).build();
    try {
      System.out.printf(Locale.ROOT, "endpoint %s, %d clients, %d warm-up + %d measured requests, at most %d s%n",
          endpoint, clients, warmup, requests, maxSeconds);
      run(http, request, clients, warmup, maxSeconds);
      Result result = run(http, request, clients, requests, maxSeconds);
      result.print();
      if (inProcess != null) {
        InMemoryOrderflow flow = inProcess.flow();
        try {
          Awaitility.await("the pipeline drained").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
              .until(() -> flow.queue().pending() == 0 && flow.workflow().running() == 0);
        } catch (ConditionTimeoutException e) {
          // reported as it stands below
        }
        System.out.printf(Locale.ROOT, "pipeline afterwards: %d orders stored, %d queued, %d workflows running%n",
            flow.repository().size(), flow.queue().pending(), flow.workflow().running());
      }
    } finally {
      if (inProcess != null) {
        inProcess.close();
      }
    }
  }

  private static Result run(HttpClient http, HttpRequest request, int clients, int total, int maxSeconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(maxSeconds).toNanos();
    AtomicLong remaining = new AtomicLong(total);
    AtomicLong failures = new AtomicLong();
    List<long[]> latencies = new ArrayList<>();
    int[] counts = new int[clients];
    CountDownLatch done = new CountDownLatch(clients);
    long start = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      long[] mine = new long[total];
      latencies.add(mine);
      int client = c;
      Thread thread = new Thread(() -> {
        try {
          while (remaining.getAndDecrement() > 0 && System.nanoTime() < deadline) {
            long sent = System.nanoTime();
            try {
              HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
              if (response.statusCode() != 200 || !response.body().contains("\"PENDING\"")) {
                fail(failures, "HTTP " + response.statusCode() + " " + response.body());
              }
            } catch (java.io.IOException e) {
              fail(failures, e.toString());
            }
            mine[counts[client]++] = System.nanoTime() - sent;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          done.countDown();
        }
      }, "load-client-" + c);
      thread.start();
    }
    done.await();
    long elapsed = System.nanoTime() - start;
    int n = Arrays.stream(counts).sum();
    long[] all = new long[n];
    int at = 0;
    for (int c = 0; c < clients; c++) {
      System.arraycopy(latencies.get(c), 0, all, at, counts[c]);
      at += counts[c];
    }
    Arrays.sort(all);
    return new Result(n, failures.get(), elapsed, all);
  }

  private static void fail(AtomicLong failures, String what) {
    if (failures.incrementAndGet() <= 5) {
      System.out.println("failure: " + what);
    }
  }

  private record Result(int requests, long failures, long elapsedNanos, long[] sortedLatencies) {
    void print() {
      double seconds = elapsedNanos / 1e9;
      System.out.printf(Locale.ROOT, "requests %d, failures %d, %.2f s, %.0f requests/s%n", requests, failures,
          seconds, requests / seconds);
      System.out.printf(Locale.ROOT, "latency ms: p50 %.2f, p90 %.2f, p99 %.2f, max %.2f%n", percentile(50),
          percentile(90), percentile(99), sortedLatencies[sortedLatencies.length - 1] / 1e6);
    }

    double percentile(double p) {
      int index = (int) Math.ceil(p / 100 * sortedLatencies.length) - 1;
      return sortedLatencies[Math.max(0, index)] / 1e6;
    }
  }

  private static String option(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--" + name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
