package dev.orderflow.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.core.payment.SimulatedPaymentGateway;
import dev.orderflow.inmemory.InMemoryOrderflow;
import dev.orderflow.lambda.appsync.CallerIdentity;
import dev.orderflow.lambda.appsync.GraphQLResolverHandler;
import graphql.GraphQL;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The orderflow GraphQL API on {@code http://127.0.0.1:PORT/graphql}: AppSync's schema served by graphql-java,
 * every field handed as an AppSync direct-Lambda resolver event to the same {@link GraphQLResolverHandler} the
 * Lambda runs. The caller is the customer named by the {@code X-Orderflow-Customer} header (default
 * {@code demo-customer}), with the verified email address of the {@code X-Orderflow-Email} header if there is one (the
 * {@code email} claim of a Cognito ID token on AppSync: where the order's outcome email goes). Live updates ({@code Subscription.onOrderUpdated}) are served with AppSync's real-time
 * protocol on {@code ws://127.0.0.1:PORT/graphql/realtime} ({@link RealtimeEndpoint}), and a page that uses them on
 * {@code http://127.0.0.1:PORT/}. With {@code --https-port} all of it is served over TLS too, on a second port,
 * with a certificate made at start ({@link #httpsEndpoint()}, {@link #certificateFile()}). One Jetty server serves
 * it all, on 127.0.0.1 only. The handler runs on one of two pipelines:
 * <ul>
 *   <li>in memory (the default, {@link #start}), without an AWS account: the queue consumer and workflow run in
 *       the background; every order status change is logged on one INFO line, every notification to the
 *       customer (the body SNS would deliver) on another, and every outcome email (recipient masked, subject only)
 *       on a third; every change goes live to its owner's subscriptions ({@link OrderChangeHub}); each customer's
 *       outcome emails are readable at {@code GET /page/mailbox} ({@link Mailbox});</li>
 *   <li>on the AWS adapters ({@code --adapters aws}, {@link #startOnAws}), wired like the deployed resolver
 *       Lambda from the environment; with {@code --process} this JVM also consumes the queue and runs the
 *       workflow, logging each outcome it publishes. There is no change feed there: a subscription is answered
 *       with an {@code error} that says so.</li>
 * </ul>
 *
 * <pre>{@code mvn -q -f local-runtime exec:java                                       # port 4000
 * mvn -q -f local-runtime exec:java -Dexec.args="--port 0"                    # any free port, printed
 * mvn -q -f local-runtime exec:java -Dexec.args="--https-port 4443"          # TLS too (https, wss), printed
 * mvn -q -f local-runtime exec:java -Dexec.args="--adapters aws --process"   # on AWS, processing here}</pre>
 * Options: see {@link LocalSettings}.
 */
public final class LocalRuntime implements AutoCloseable {
  /** Exit status for settings that are unknown, malformed or missing (options and environment variables). */
  static final int BAD_SETTINGS = 2;
  /** Exit status when the port cannot be bound. */
  static final int CANNOT_LISTEN = 1;
  /** How long requests in flight may take to finish once {@link #close()} has begun. */
  private static final Duration GRACE = Duration.ofSeconds(1);
  /**
   * Threads that turn order changes into subscription updates (graphql-java runs each update through its
   * subscriber's selection set). Measured with {@code SubscriptionFanOutBenchmark} (docs/benchmarks.md): with 2,
   * delivery fell behind a burst of orders (median delay 1.2–2.4 s); 8 keep up better on the same two cores.
   */
  private static final int DELIVERY_THREADS = 8;
  private static final Logger LOG = Logger.getLogger(LocalRuntime.class.getName());

  private final Server server;
  private final ServerConnector http;
  private final ServerConnector https;
  private final SelfSignedCertificate certificate;
  private final RealtimeEndpoint realtime;
  private final OrderChangeHub hub;
  private final InMemoryOrderflow flow;
  private final AwsPipeline aws;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);

  private LocalRuntime(Server server, ServerConnector http, ServerConnector https, SelfSignedCertificate certificate,
      RealtimeEndpoint realtime, OrderChangeHub hub, InMemoryOrderflow flow, AwsPipeline aws) {
    this.server = server;
    this.http = http;
    this.https = https;
    this.certificate = certificate;
    this.realtime = realtime;
    this.hub = hub;
    this.flow = flow;
    this.aws = aws;
  }

  /**
   * Serves the API on {@code flow}, which should be live (see {@link InMemoryOrderflow.Builder#live()}).
   * The runtime owns {@code flow} from now on: {@link #close()} closes it.
   *
   * @throws IOException if a port cannot be bound (or, with TLS, the certificate cannot be made)
   */
  public static LocalRuntime start(LocalSettings settings, InMemoryOrderflow flow) throws IOException {
    StatusLog.watch(flow);
    Mailbox mailbox = Mailbox.watch(flow);
    GraphQLResolverHandler handler = new GraphQLResolverHandler(flow.placeOrder(), flow.getOrder(), flow.listOrders(),
        flow.updateOrder(), flow.deleteOrder(), CallerIdentity.authenticatedOnly());
    OrderChangeHub hub = new OrderChangeHub(DELIVERY_THREADS);
    flow.repository().onChange(hub::publish);
    try {
      return serve(settings, handler, flow.clock(), hub, flow, mailbox, null);
    } catch (IOException | RuntimeException e) {
      hub.close();
      throw e;
    }
  }

  /**
   * Serves the API on the AWS adapters, configured from {@code environment} exactly like the deployed resolver
   * Lambda ({@code LambdaWiring.graphQLResolver}); if {@link LocalSettings#process()}, also consumes the queue and
   * runs the workflow in this JVM, paying with the settings' simulated gateway. {@link #close()} stops the
   * consumer and closes the SDK clients. Subscriptions are answered with an error: there is no change feed.
   *
   * @param environment the process environment, or one like it: {@code AWS_REGION}, {@code ORDERS_TABLE},
   *     {@code ORDER_QUEUE_URL}, optionally {@code AWS_ENDPOINT_URL}; {@code ORDER_TOPIC_ARN} to process
   * @throws IllegalStateException naming every missing or invalid environment variable
   * @throws IOException if a port cannot be bound
   */
  public static LocalRuntime startOnAws(LocalSettings settings, Map<String, String> environment) throws IOException {
    AwsPipeline aws = AwsPipeline.wire(settings, environment);
    LocalRuntime runtime;
    try {
      runtime = serve(settings, aws.resolver(), aws.clock(), null, null, null, aws);
    } catch (IOException | RuntimeException e) {
      aws.close();
      throw e;
    }
    aws.startProcessing(); // only once the API is up: a runtime that cannot listen leaves the queue alone
    return runtime;
  }

  private static LocalRuntime serve(LocalSettings settings, GraphQLResolverHandler handler, Clock clock,
      OrderChangeHub hub, InMemoryOrderflow flow, Mailbox mailbox, AwsPipeline aws) throws IOException {
    ObjectMapper json = new ObjectMapper();
    GraphQL graphQL = GraphQL.newGraphQL(AppSyncSchema.build(new LambdaResolver(handler, json, clock),
            new OrderUpdatesFetcher(hub), json))
        .preparsedDocumentProvider(new DocumentCache(256))
        .build();
    HostCheck hosts = new HostCheck(settings.allowedHosts());

    // each connector leases one acceptor and one selector thread; the rest serve requests and WebSocket messages
    int connectors = settings.tls() ? 2 : 1;
    QueuedThreadPool threads = new QueuedThreadPool(settings.httpThreads() + 2 * connectors,
        Math.min(settings.httpThreads(), 2) + 2 * connectors);
    threads.setName("orderflow-http");
    threads.setDaemon(true);
    threads.setReservedThreads(0);
    Server server = new Server(threads);
    server.setStopTimeout(GRACE.toMillis());
    server.setStopAtShutdown(false); // the runtime's own hook stops it, then the pipeline
    server.setErrorHandler(new JsonErrorHandler());

    HttpConfiguration httpConfiguration = new HttpConfiguration();
    httpConfiguration.setSendServerVersion(false);
    httpConfiguration.setSendXPoweredBy(false);
    // the Host checks are the handler's (421, or 400 with a JSON error), not Jetty's
    httpConfiguration.setHttpCompliance(HttpCompliance.RFC9110.with("orderflow",
        HttpCompliance.Violation.DUPLICATE_HOST_HEADERS, HttpCompliance.Violation.MISMATCHED_AUTHORITY));
    ServerConnector http = new ServerConnector(server, 1, 1, new HttpConnectionFactory(httpConfiguration));
    http.setHost("127.0.0.1");
    http.setPort(settings.port());
    server.addConnector(http);

    SelfSignedCertificate certificate = null;
    ServerConnector https = null;
    try {
      if (settings.tls()) {
        certificate = SelfSignedCertificate.generate();
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStoreType("PKCS12");
        tls.setKeyStorePath(certificate.keystore().toString());
        tls.setKeyStorePassword(certificate.password());
        HttpConfiguration httpsConfiguration = new HttpConfiguration(httpConfiguration);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false); // a Host that is no name of the certificate gets the handler's 421
        httpsConfiguration.addCustomizer(secure);
        https = new ServerConnector(server, 1, 1, new SslConnectionFactory(tls, "http/1.1"),
            new HttpConnectionFactory(httpsConfiguration));
        https.setHost("127.0.0.1");
        https.setPort(settings.httpsPort());
        server.addConnector(https);
      }

      WebSocketUpgradeHandler webSockets = WebSocketUpgradeHandler.from(server, container -> {
        container.setIdleTimeout(Duration.ofMillis(RealtimeConnection.CONNECTION_TIMEOUT_MS));
        container.setMaxTextMessageSize(settings.maxRequestBytes());
      });
      RealtimeEndpoint realtime = new RealtimeEndpoint(graphQL, json, hosts, settings.defaultCustomer(),
          settings.keepAlive(), settings.connectionInitTimeout(), webSockets.getServerWebSocketContainer());
      webSockets.setHandler(new GraphQLHttpHandler(graphQL, json, settings.maxRequestBytes(),
          settings.defaultCustomer(), hosts, realtime, mailbox));
      server.setHandler(new GracefulHandler(webSockets));
      LocalRuntime runtime = new LocalRuntime(server, http, https, certificate, realtime, hub, flow, aws);
      try {
        server.start();
      } catch (Exception e) {
        realtime.close();
        stopQuietly(server);
        throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
      }
      return runtime;
    } catch (IOException | RuntimeException e) {
      if (certificate != null) {
        certificate.close();
      }
      throw e;
    }
  }

  /** The HTTP port on 127.0.0.1. */
  public int port() {
    return http.getLocalPort();
  }

  /** {@code http://127.0.0.1:PORT/graphql}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port() + GraphQLHttpHandler.GRAPHQL_PATH);
  }

  /** {@code ws://127.0.0.1:PORT/graphql/realtime}: AppSync's real-time protocol, the live updates. */
  public URI realtimeEndpoint() {
    return URI.create("ws://127.0.0.1:" + port() + RealtimeEndpoint.PATH);
  }

  /** Whether the runtime serves TLS too ({@code --https-port}). */
  public boolean tls() {
    return https != null;
  }

  /**
   * The TLS port on 127.0.0.1.
   *
   * @throws IllegalStateException if the runtime serves no TLS (no {@code --https-port})
   */
  public int httpsPort() {
    return requireTls().getLocalPort();
  }

  /**
   * {@code https://127.0.0.1:PORT/graphql}, the same API over TLS; its real-time endpoint is
   * {@code wss://127.0.0.1:PORT/graphql/realtime}, which is where Amplify JS looks for it.
   *
   * @throws IllegalStateException if the runtime serves no TLS (no {@code --https-port})
   */
  public URI httpsEndpoint() {
    return URI.create("https://127.0.0.1:" + httpsPort() + GraphQLHttpHandler.GRAPHQL_PATH);
  }

  /**
   * The PEM file of the TLS certificate (self-signed, for {@code 127.0.0.1} and {@code localhost}), for clients to
   * trust: e.g. {@code NODE_EXTRA_CA_CERTS}, {@code curl --cacert}. Deleted by {@link #close()}.
   *
   * @throws IllegalStateException if the runtime serves no TLS (no {@code --https-port})
   */
  public Path certificateFile() {
    requireTls();
    return certificate.pem();
  }

  private ServerConnector requireTls() {
    if (https == null) {
      throw new IllegalStateException("this runtime serves no TLS: start it with --https-port N (0: any free port)");
    }
    return https;
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

  /**
   * Where the live updates come from: every change of the in-memory pipeline's orders.
   *
   * @throws IllegalStateException if the runtime runs on the AWS adapters, which have no change feed
   */
  public OrderChangeHub changes() {
    if (hub == null) {
      throw new IllegalStateException("this runtime runs on the AWS adapters: there is no change feed");
    }
    return hub;
  }

  /** Blocks until {@link #close()} has run. */
  public void awaitStopped() throws InterruptedException {
    stopped.await();
  }

  /**
   * Closes the WebSocket connections ({@code 1001}), stops taking requests and lets those in flight finish (a
   * second at most), stops the live updates, then the pipeline: in memory its consumer and workflow threads; on
   * AWS the consumer (if processing), then the SDK clients. Deletes the TLS certificate. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      realtime.close();
      stopQuietly(server);
    } finally {
      try {
        if (hub != null) {
          hub.close();
        }
        if (flow != null) {
          flow.close();
        }
        if (aws != null) {
          aws.close();
        }
      } finally {
        if (certificate != null) {
          certificate.close();
        }
        stopped.countDown();
      }
    }
  }

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.log(Level.WARNING, e, () -> "stopping the HTTP server failed: " + e);
    }
  }

  /**
   * Jetty's own error answers (a request it cannot parse, e.g. without {@code Host}, or with a bad
   * {@code Content-Length}) as the handler's: a JSON error with an AppSync {@code errorType}.
   */
  private static final class JsonErrorHandler extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      int status = response.getStatus() <= 0 ? 500 : response.getStatus();
      Object message = request.getAttribute(ERROR_MESSAGE);
      String errorType = status >= 500 ? LambdaResolver.INTERNAL_ERROR : GraphQLHttpHandler.MALFORMED;
      String text = status >= 500 ? LambdaResolver.INTERNAL_ERROR_MESSAGE
          : "the request cannot be read: " + (message == null ? "status " + status : message);
      String body = "{\"errors\":[{\"errorType\":\"" + errorType + "\",\"message\":"
          + quote(text) + "}]}";
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, GraphQLHttpHandler.JSON_TYPE);
      response.getHeaders().put("X-Content-Type-Options", "nosniff");
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
      response.write(true, ByteBuffer.wrap(bytes), callback);
      return true;
    }

    private static String quote(String text) {
      try {
        return new ObjectMapper().writeValueAsString(GraphQLHttpHandler.echo(text));
      } catch (IOException e) {
        return "\"\"";
      }
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
      err.println("cannot listen on 127.0.0.1:" + settings.port()
          + (settings.tls() ? " and " + settings.httpsPort() : "") + ": " + e.getMessage());
      return CANNOT_LISTEN;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      ConsoleLog.direct("LocalRuntime", "shutting down: HTTP first, then the pipeline");
      runtime.close();
      ConsoleLog.direct("LocalRuntime", "stopped");
    }, "orderflow-shutdown"));
    out.println("orderflow local runtime: POST " + runtime.endpoint()
        + "  (caller: header " + CallerRequest.CUSTOMER_HEADER + ", default " + settings.defaultCustomer()
        + "; email: header " + CallerRequest.EMAIL_HEADER + "; Ctrl-C stops)");
    out.println("live updates: " + runtime.realtimeEndpoint() + " (AppSync real-time protocol, subprotocol graphql-ws);"
        + " page: http://127.0.0.1:" + runtime.port() + "/");
    if (runtime.tls()) {
      out.println("TLS: POST " + runtime.httpsEndpoint() + ", wss://127.0.0.1:" + runtime.httpsPort()
          + RealtimeEndpoint.PATH + "; certificate (trust it, e.g. NODE_EXTRA_CA_CERTS): " + runtime.certificateFile());
    }
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

}
