package dev.orderflow.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.core.domain.OrderChange;
import dev.orderflow.core.payment.SimulatedPaymentGateway;
import dev.orderflow.inmemory.InMemoryOrderflow;
import dev.orderflow.local.LocalRuntime;
import dev.orderflow.local.LocalSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark harness, not a test: live-update fan-out of one in-process runtime. {@code customers × perCustomer}
 * WebSocket subscribers (each its own connection, AppSync's real-time protocol, {@code onOrderUpdated} without an
 * id), then {@code orders} orders placed over {@code POST /graphql} by 16 HTTP clients, round robin over the
 * customers; the in-memory pipeline takes each through CREATED, PAYMENT_STARTED and STATUS_CHANGED.
 *
 * <p>Checks, and fails loudly (exit status 1) otherwise: every subscriber receives every change of each of its own
 * customer's orders exactly once — its final status included — in version order per order, and nothing of any
 * other customer. Reports the updates delivered per second (from the first order posted to the last update
 * received) and the delay from the change (the {@link System#nanoTime()} the hub takes when the change is
 * published, {@link dev.orderflow.local.OrderChangeHub#onPublished}) to the client's receipt, p50 / p99 / max, for
 * every update and for the final statuses alone.
 *
 * <pre>
 * mvn -o -q -pl local-runtime test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.orderflow.local.bench.SubscriptionFanOutBenchmark [-Dexec.args="20 5 1000"]
 * </pre>
 * Arguments: customers (20), subscriptions per customer (5), orders (1000).
 */
public final class SubscriptionFanOutBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUBSCRIBE =
      "subscription { onOrderUpdated { id customer change status version } }";
  private static final Duration DEADLINE = Duration.ofSeconds(120);
  /** The runtime's INFO lines (one per status change) would measure the console, not the fan-out. */
  private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("dev.orderflow");

  private SubscriptionFanOutBenchmark() {}

  /** One subscriber: its customer and what it received, with the receipt times. */
  private static final class Subscriber implements WebSocket.Listener {
    final String customer;
    final ConcurrentLinkedQueue<Object[]> received = new ConcurrentLinkedQueue<>();
    final CountDownLatch acknowledged = new CountDownLatch(1);
    final StringBuilder partial = new StringBuilder();
    final AtomicInteger updates = new AtomicInteger();
    final AtomicLong lastReceipt = new AtomicLong();
    volatile String failure;
    WebSocket socket;

    Subscriber(String customer) {
      this.customer = customer;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      long now = System.nanoTime();
      partial.append(data);
      if (!last) {
        return null;
      }
      String text = partial.toString();
      partial.setLength(0);
      try {
        JsonNode message = JSON.readTree(text);
        switch (message.path("type").asText()) {
          case "start_ack" -> acknowledged.countDown();
          case "data" -> {
            received.add(new Object[] {message.path("payload").path("data").path("onOrderUpdated"), now});
            updates.incrementAndGet();
            lastReceipt.set(now);
          }
          case "error" -> failure = text;
          default -> { }
        }
      } catch (Exception e) {
        failure = "unreadable message " + text + ": " + e;
      }
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      if (failure == null) {
        failure = "closed by the server: " + statusCode + " " + reason;
      }
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      failure = "WebSocket error: " + error;
    }
  }

  public static void main(String[] args) throws Exception {
    int customers = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int perCustomer = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int orders = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    QUIET.setLevel(java.util.logging.Level.WARNING);

    InMemoryOrderflow flow = InMemoryOrderflow.builder().live()
        .payments(new SimulatedPaymentGateway(0, SimulatedPaymentGateway.DEFAULT_APPROVAL_RATE)).build();
    List<String> failures = new ArrayList<>();
    try (LocalRuntime runtime = LocalRuntime.start(LocalSettings.onPort(0), flow)) {
      // what the hub published: change time per order id and version, and each customer's changes
      Map<String, Long> publishedAt = new ConcurrentHashMap<>();
      Map<String, AtomicInteger> changesOf = new ConcurrentHashMap<>();
      AtomicInteger finals = new AtomicInteger();
      runtime.changes().onPublished((OrderChange change, long at) -> {
        publishedAt.put(key(change.id().value(), change.kind().name(), version(change)), at);
        changesOf.computeIfAbsent(change.customer().value(), c -> new AtomicInteger()).incrementAndGet();
        if (change.kind() == OrderChange.Kind.STATUS_CHANGED) {
          finals.incrementAndGet();
        }
      });

      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5)).build();
      List<Subscriber> subscribers = new ArrayList<>();
      for (int c = 0; c < customers; c++) {
        for (int s = 0; s < perCustomer; s++) {
          subscribers.add(subscribe(http, runtime, "fanout-" + c));
        }
      }
      for (Subscriber subscriber : subscribers) {
        if (!subscriber.acknowledged.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("no start_ack for a subscriber of " + subscriber.customer + ": "
              + subscriber.failure);
        }
      }
      System.out.printf(Locale.ROOT, "%d subscribers (%d customers x %d), %d orders over HTTP%n",
          subscribers.size(), customers, perCustomer, orders);

      long start = System.nanoTime();
      post(http, runtime.endpoint(), customers, orders);
      long posted = System.nanoTime();
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      while (finals.get() < orders && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      // every subscriber has all of its customer's changes, or the deadline passed
      while (System.nanoTime() < deadline && subscribers.stream().anyMatch(s ->
          s.failure == null && s.updates.get() < changesOf.getOrDefault(s.customer, new AtomicInteger()).get())) {
        Thread.sleep(5);
      }
      Thread.sleep(200); // anything extra (a duplicate, another customer's update) shows up too

      long last = subscribers.stream().mapToLong(s -> s.lastReceipt.get()).max().orElse(start);
      List<Long> delays = new ArrayList<>();
      List<Long> finalDelays = new ArrayList<>();
      long total = 0;
      for (Subscriber subscriber : subscribers) {
        if (subscriber.failure != null) {
          failures.add(subscriber.customer + ": " + subscriber.failure);
        }
        Map<String, Long> lastVersion = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        int finalsSeen = 0;
        for (Object[] entry : subscriber.received) {
          JsonNode update = (JsonNode) entry[0];
          long receivedAt = (Long) entry[1];
          total++;
          String id = update.path("id").asText();
          String change = update.path("change").asText();
          long version = update.path("version").asLong(Long.MAX_VALUE);
          if (!subscriber.customer.equals(update.path("customer").asText())) {
            failures.add(subscriber.customer + " received an update of " + update.path("customer").asText());
            continue;
          }
          String key = key(id, change, version);
          if (seen.merge(key, 1, Integer::sum) > 1) {
            failures.add(subscriber.customer + " received " + key + " twice");
          }
          Long before = lastVersion.put(id, version);
          if (before != null && before >= version) {
            failures.add(subscriber.customer + " received " + key + " after version " + before);
          }
          Long at = publishedAt.get(key);
          if (at == null) {
            failures.add(subscriber.customer + " received " + key + ", which the hub never published");
            continue;
          }
          delays.add(receivedAt - at);
          if (change.equals("STATUS_CHANGED")) {
            finalsSeen++;
            finalDelays.add(receivedAt - at);
          }
        }
        int expected = changesOf.getOrDefault(subscriber.customer, new AtomicInteger()).get();
        if (seen.size() != expected) {
          failures.add(subscriber.customer + " received " + seen.size() + " distinct updates, not " + expected);
        }
        int expectedFinals = orders / customers + (Integer.parseInt(subscriber.customer.substring(7)) < orders % customers
            ? 1 : 0);
        if (finalsSeen != expectedFinals) {
          failures.add(subscriber.customer + " received " + finalsSeen + " final statuses, not " + expectedFinals);
        }
      }
      double seconds = (last - start) / 1e9;
      System.out.printf(Locale.ROOT, "orders posted in %.2f s; %d final statuses published; %d changes published%n",
          (posted - start) / 1e9, finals.get(), publishedAt.size());
      System.out.printf(Locale.ROOT, "updates delivered: %d in %.2f s = %.0f updates/s (%d per subscriber on average)%n",
          total, seconds, total / seconds, total / Math.max(1, subscribers.size()));
      print("delay change -> receipt, every update", delays);
      print("delay change -> receipt, final statuses", finalDelays);
      subscribers.forEach(s -> s.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
    }
    if (!failures.isEmpty()) {
      System.out.println("FAILED: " + failures.size() + " problems, first ones:");
      failures.stream().limit(20).forEach(f -> System.out.println("  " + f));
      System.exit(1);
    }
    System.out.println("OK: every subscriber received each change of its own customer's orders exactly once, in order,"
        + " and nothing else");
    System.exit(0);
  }

  private static long version(OrderChange change) {
    return change.isDeletion() ? Long.MAX_VALUE : change.order().version();
  }

  private static String key(String id, String change, long version) {
    return id + " " + change + " " + version;
  }

  private static Subscriber subscribe(HttpClient http, LocalRuntime runtime, String customer) {
    Subscriber subscriber = new Subscriber(customer);
    String header = Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"host\":\"127.0.0.1:" + runtime.port()
        + "\",\"X-Orderflow-Customer\":\"" + customer + "\"}").getBytes(StandardCharsets.UTF_8));
    subscriber.socket = http.newWebSocketBuilder().subprotocols("graphql-ws", "header-" + header)
        .buildAsync(runtime.realtimeEndpoint(), subscriber).join();
    subscriber.socket.sendText("{\"type\":\"connection_init\"}", true).join();
    String data = SUBSCRIBE.replace("\"", "\\\"");
    subscriber.socket.sendText("{\"id\":\"fan\",\"type\":\"start\",\"payload\":{\"data\":\"{\\\"query\\\":\\\""
        + data + "\\\",\\\"variables\\\":{}}\"}}", true).join();
    return subscriber;
  }

  private static void post(HttpClient http, URI endpoint, int customers, int orders) throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    int clients = 16;
    CountDownLatch done = new CountDownLatch(clients);
    for (int t = 0; t < clients; t++) {
      new Thread(() -> {
        try {
          int n;
          while ((n = next.getAndIncrement()) < orders) {
            HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-Orderflow-Customer", "fanout-" + (n % customers))
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"mutation { postOrder(input: {name: "
                    + "\\\"Pizza " + n + "\\\", quantity: 1, restaurantId: \\\"luigis\\\"}) { id } }\"}")).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 || !response.body().contains("\"id\"")) {
              failed.incrementAndGet();
              System.out.println("postOrder failed: " + response.statusCode() + " " + response.body());
            }
          }
        } catch (Exception e) {
          failed.incrementAndGet();
          System.out.println("postOrder failed: " + e);
        } finally {
          done.countDown();
        }
      }, "fanout-poster-" + t).start();
    }
    done.await();
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " orders could not be posted");
    }
  }

  private static void print(String what, List<Long> nanos) {
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    if (sorted.length == 0) {
      System.out.println(what + ": none");
      return;
    }
    System.out.printf(Locale.ROOT, "%s (%d): p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", what, sorted.length,
        at(sorted, 0.50) / 1e6, at(sorted, 0.99) / 1e6, sorted[sorted.length - 1] / 1e6);
  }

  private static long at(long[] sorted, double quantile) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
  }
}
