package dev.orderflow.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.orderflow.core.payment.SimulatedPaymentGateway;
import dev.orderflow.inmemory.InMemoryOrderflow;
import dev.orderflow.lambda.appsync.CallerIdentity;
import dev.orderflow.lambda.appsync.GraphQLResolverHandler;
import graphql.GraphQL;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;

/**
 * The orderflow GraphQL API on {@code http://127.0.0.1:PORT/graphql}, without an AWS account: AppSync's
 * schema served by graphql-java, every field handed as an AppSync direct-Lambda resolver event to the same
 * {@link GraphQLResolverHandler} the Lambda runs, on the in-memory pipeline whose queue consumer and
 * workflow run in the background. The caller is the customer named by the {@code X-Orderflow-Customer}
 * header (default {@code demo-customer}). Every order status change is logged on one INFO line.
 *
 * <pre>{@code mvn -q -f local-runtime exec:java                     # port 4000
 * mvn -q -f local-runtime exec:java -Dexec.args="--port 0"  # any free port, printed}</pre>
 * Options: see {@link LocalSettings}.
 */
public final class LocalRuntime implements AutoCloseable {
  /** The JDK HTTP server's switch for TCP_NODELAY, read once when its first server is made. */
  private static final String NODELAY = "sun.net.httpserver.nodelay";
  private final HttpServer server;
  private final ExecutorService httpThreads;
  private final InMemoryOrderflow flow;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);

  private LocalRuntime(HttpServer server, ExecutorService httpThreads, InMemoryOrderflow flow) {
    this.server = server;
    this.httpThreads = httpThreads;
    this.flow = flow;
  }

  /**
   * Serves the API on {@code flow}, which should be live (see {@link InMemoryOrderflow.Builder#live()}).
   * The runtime owns {@code flow} from now on: {@link #close()} closes it.
   *
   * @throws IOException if the port cannot be bound
   */
  public static LocalRuntime start(LocalSettings settings, InMemoryOrderflow flow) throws IOException {
    ObjectMapper json = new ObjectMapper();
    StatusLog.watch(flow.repository());
    GraphQLResolverHandler handler = new GraphQLResolverHandler(flow.placeOrder(), flow.getOrder(), flow.listOrders(),
        flow.updateOrder(), flow.deleteOrder(), CallerIdentity.authenticatedOnly());
    GraphQL graphQL = GraphQL.newGraphQL(AppSyncSchema.build(new LambdaResolver(handler, json, flow.clock()), json))
        .preparsedDocumentProvider(new DocumentCache(256))
        .build();

    // without TCP_NODELAY, small responses written in two parts meet the client's delayed ACK: ~40 ms each
    if (System.getProperty(NODELAY) == null) {
      System.setProperty(NODELAY, "true");
    }
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), settings.port()), 0);
    ExecutorService threads = Executors.newFixedThreadPool(settings.httpThreads(), named("orderflow-http"));
    server.setExecutor(threads);
    server.createContext("/", new GraphQLHttpHandler(graphQL, json, settings.maxRequestBytes(),
        settings.defaultCustomer()));
    server.start();
    return new LocalRuntime(server, threads, flow);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:PORT/graphql}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port() + GraphQLHttpHandler.GRAPHQL_PATH);
  }

  public InMemoryOrderflow flow() {
    return flow;
  }

  /** Blocks until {@link #close()} has run. */
  public void awaitStopped() throws InterruptedException {
    stopped.await();
  }

  /** Stops taking requests, lets those in flight finish (a second at most), then stops the pipeline. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      server.stop(1);
      httpThreads.shutdown();
      if (!httpThreads.awaitTermination(5, TimeUnit.SECONDS)) {
        httpThreads.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      flow.close();
      stopped.countDown();
    }
  }

  public static void main(String[] args) throws Exception {
    ConsoleLog.install(Level.INFO);
    if (java.util.Arrays.asList(args).contains("--help")) {
      System.out.print(LocalSettings.USAGE);
      return;
    }
    LocalSettings settings;
    try {
      settings = LocalSettings.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.print(LocalSettings.USAGE);
      System.exit(2);
      return;
    }
    InMemoryOrderflow flow = InMemoryOrderflow.builder().live()
        .payments(new SimulatedPaymentGateway(settings.paymentSeed(), settings.approvalRate()))
        .build();
    LocalRuntime runtime;
    try {
      runtime = start(settings, flow);
    } catch (IOException e) {
      flow.close();
      System.err.println("cannot listen on 127.0.0.1:" + settings.port() + ": " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      ConsoleLog.direct("LocalRuntime", "shutting down: HTTP first, then the pipeline");
      runtime.close();
      ConsoleLog.direct("LocalRuntime", "stopped");
    }, "orderflow-shutdown"));
    System.out.println("orderflow local runtime: POST " + runtime.endpoint()
        + "  (caller: header " + CallerRequest.CUSTOMER_HEADER + ", default " + settings.defaultCustomer()
        + "; Ctrl-C stops)");
    System.out.flush();
    runtime.awaitStopped();
  }

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + "-" + n.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
