package dev.orderflow.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.orderflow.core.payment.SimulatedPaymentGateway;
import dev.orderflow.inmemory.InMemoryOrderflow;
import dev.orderflow.lambda.appsync.CallerIdentity;
import dev.orderflow.lambda.appsync.GraphQLResolverHandler;
import graphql.GraphQL;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;

/**
 * The orderflow GraphQL API on {@code http://127.0.0.1:PORT/graphql}: AppSync's schema served by graphql-java,
 * every field handed as an AppSync direct-Lambda resolver event to the same {@link GraphQLResolverHandler} the
 * Lambda runs. The caller is the customer named by the {@code X-Orderflow-Customer} header (default
 * {@code demo-customer}). The handler runs on one of two pipelines:
 * <ul>
 *   <li>in memory (the default, {@link #start}), without an AWS account: the queue consumer and workflow run in
 *       the background; every order status change is logged on one INFO line, and every notification to the
 *       customer (the body SNS would deliver) on another;</li>
 *   <li>on the AWS adapters ({@code --adapters aws}, {@link #startOnAws}), wired like the deployed resolver
 *       Lambda from the environment; with {@code --process} this JVM also consumes the queue and runs the
 *       workflow, logging each outcome it publishes.</li>
 * </ul>
 *
 * <pre>{@code mvn -q -f local-runtime exec:java                                       # port 4000
 * mvn -q -f local-runtime exec:java -Dexec.args="--port 0"                    # any free port, printed
 * mvn -q -f local-runtime exec:java -Dexec.args="--adapters aws --process"   # on AWS, processing here}</pre>
 * Options: see {@link LocalSettings}.
 */
public final class LocalRuntime implements AutoCloseable {
  /** The JDK HTTP server's switch for TCP_NODELAY, read once when its first server is made. */
  private static final String NODELAY = "sun.net.httpserver.nodelay";
  /** Exit status for settings that are unknown, malformed or missing (options and environment variables). */
  static final int BAD_SETTINGS = 2;
  /** Exit status when the port cannot be bound. */
  static final int CANNOT_LISTEN = 1;

  private final HttpServer server;
  private final ExecutorService httpThreads;
  private final InMemoryOrderflow flow;
  private final AwsPipeline aws;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);

  private LocalRuntime(HttpServer server, ExecutorService httpThreads, InMemoryOrderflow flow, AwsPipeline aws) {
    this.server = server;
    this.httpThreads = httpThreads;
    this.flow = flow;
    this.aws = aws;
  }

  /**
   * Serves the API on {@code flow}, which should be live (see {@link InMemoryOrderflow.Builder#live()}).
   * The runtime owns {@code flow} from now on: {@link #close()} closes it.
   *
   * @throws IOException if the port cannot be bound
   */
  public static LocalRuntime start(LocalSettings settings, InMemoryOrderflow flow) throws IOException {
    StatusLog.watch(flow);
    GraphQLResolverHandler handler = new GraphQLResolverHandler(flow.placeOrder(), flow.getOrder(), flow.listOrders(),
        flow.updateOrder(), flow.deleteOrder(), CallerIdentity.authenticatedOnly());
    return serve(settings, handler, flow.clock(), flow, null);
  }

  /**
   * Serves the API on the AWS adapters, configured from {@code environment} exactly like the deployed resolver
   * Lambda ({@code LambdaWiring.graphQLResolver}); if {@link LocalSettings#process()}, also consumes the queue and
   * runs the workflow in this JVM, paying with the settings' simulated gateway. {@link #close()} stops the
   * consumer and closes the SDK clients.
   *
   * @param environment the process environment, or one like it: {@code AWS_REGION}, {@code ORDERS_TABLE},
   *     {@code ORDER_QUEUE_URL}, optionally {@code AWS_ENDPOINT_URL}; {@code ORDER_TOPIC_ARN} to process
   * @throws IllegalStateException naming every missing or invalid environment variable
   * @throws IOException if the port cannot be bound
   */
  public static LocalRuntime startOnAws(LocalSettings settings, Map<String, String> environment) throws IOException {
    AwsPipeline aws = AwsPipeline.wire(settings, environment);
    LocalRuntime runtime;
    try {
      runtime = serve(settings, aws.resolver(), aws.clock(), null, aws);
    } catch (IOException | RuntimeException e) {
      aws.close();
      throw e;
    }
    aws.startProcessing(); // only once the API is up: a runtime that cannot listen leaves the queue alone
    return runtime;
  }

  private static LocalRuntime serve(LocalSettings settings, GraphQLResolverHandler handler, Clock clock,
      InMemoryOrderflow flow, AwsPipeline aws) throws IOException {
    ObjectMapper json = new ObjectMapper();
    GraphQL graphQL = GraphQL.newGraphQL(AppSyncSchema.build(new LambdaResolver(handler, json, clock), json))
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
        settings.defaultCustomer(), new HostCheck(settings.allowedHosts())));
    server.start();
    return new LocalRuntime(server, threads, flow, aws);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:PORT/graphql}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port() + GraphQLHttpHandler.GRAPHQL_PATH);
  }

  /**
   * The in-memory pipeline the API runs on.
   *
   * @throws IllegalStateException if the runtime runs on the AWS adapters
   */
  public InMemoryOrderflow flow() {
    if (flow == null) {
      throw new IllegalStateException("this runtime runs on the AWS adapters, not in memory");
    }
    return flow;
  }

  /** Blocks until {@link #close()} has run. */
  public void awaitStopped() throws InterruptedException {
    stopped.await();
  }

  /**
   * Stops taking requests, lets those in flight finish (a second at most), then stops the pipeline: in memory its
   * consumer and workflow threads; on AWS the consumer (if processing), then the SDK clients. Idempotent.
   */
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
      if (flow != null) {
        flow.close();
      }
      if (aws != null) {
        aws.close();
      }
      stopped.countDown();
    }
  }

  public static void main(String[] args) throws Exception {
    ConsoleLog.install(Level.INFO);
    int status = run(args, System.getenv(), System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Parses the settings, starts the runtime, prints where it listens and blocks until Ctrl-C (a shutdown hook
   * closes it). A settings error — an unknown or malformed option, or in AWS mode a missing environment
   * variable — is printed to {@code err}, and nothing starts.
   *
   * @return the exit status: 0 after {@code --help} or once stopped, {@value #BAD_SETTINGS} for a settings
   *     error, {@value #CANNOT_LISTEN} if the port cannot be bound
   */
  static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err)
      throws InterruptedException {
    if (Arrays.asList(args).contains("--help")) {
      out.print(LocalSettings.USAGE);
      return 0;
    }
    LocalSettings settings;
    try {
      settings = LocalSettings.parse(args, environment);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.print(LocalSettings.USAGE);
      return BAD_SETTINGS;
    }
    LocalRuntime runtime;
    try {
      if (settings.adapters() == LocalSettings.Adapters.AWS) {
        try {
          runtime = startOnAws(settings, environment);
        } catch (IllegalStateException e) {
          // LambdaWiring's (and AwsSettings') error for a missing or invalid variable names every such variable
          err.println("--adapters aws: " + e.getMessage());
          err.print(LocalSettings.USAGE);
          return BAD_SETTINGS;
        }
      } else {
        runtime = startInMemory(settings);
      }
    } catch (IOException e) {
      err.println("cannot listen on 127.0.0.1:" + settings.port() + ": " + e.getMessage());
      return CANNOT_LISTEN;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      ConsoleLog.direct("LocalRuntime", "shutting down: HTTP first, then the pipeline");
      runtime.close();
      ConsoleLog.direct("LocalRuntime", "stopped");
    }, "orderflow-shutdown"));
    out.println("orderflow local runtime: POST " + runtime.endpoint()
        + "  (caller: header " + CallerRequest.CUSTOMER_HEADER + ", default " + settings.defaultCustomer()
        + "; Ctrl-C stops)");
    if (!settings.allowedHosts().isEmpty()) {
      out.println("answering Host names " + String.join(", ", HostCheck.LOOPBACK) + " and "
          + String.join(", ", settings.allowedHosts()) + "; others get 421");
    }
    if (runtime.aws != null) {
      out.println(runtime.aws.describe());
    }
    out.flush();
    runtime.awaitStopped();
    return 0;
  }

  private static LocalRuntime startInMemory(LocalSettings settings) throws IOException {
    InMemoryOrderflow flow = InMemoryOrderflow.builder().live()
        .payments(new SimulatedPaymentGateway(settings.paymentSeed(), settings.approvalRate()))
        .build();
    try {
      return start(settings, flow);
    } catch (IOException | RuntimeException e) {
      flow.close();
      throw e;
    }
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
