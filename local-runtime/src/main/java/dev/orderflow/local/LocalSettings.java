package dev.orderflow.local;

import dev.orderflow.core.payment.SimulatedPaymentGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How the local runtime runs, from command-line options or, failing those, environment variables:
 * <pre>
 * --port N               ORDERFLOW_PORT               127.0.0.1 port; 0 picks a free one (default 4000)
 * --max-request-bytes N  ORDERFLOW_MAX_REQUEST_BYTES  larger request bodies get 413 (default 65536)
 * --default-customer ID  ORDERFLOW_DEFAULT_CUSTOMER   the caller without an X-Orderflow-Customer header (default demo-customer)
 * --http-threads N       ORDERFLOW_HTTP_THREADS       threads serving requests (default 8)
 * --approval-rate R      ORDERFLOW_APPROVAL_RATE      share of payments the simulated gateway approves, 0-1 (default 0.5)
 * --payment-seed N       ORDERFLOW_PAYMENT_SEED       seed of the simulated gateway (default 0)
 * --adapters A           ORDERFLOW_ADAPTERS           inmemory, or aws: the deployed resolver's wiring (default inmemory)
 * --process              ORDERFLOW_PROCESS=true       with aws: also consume the queue and run the workflow here (default off)
 * --allowed-host NAME    ORDERFLOW_ALLOWED_HOSTS      a further Host name to answer, repeatable; the variable takes a
 *                                                     comma-separated list (default none: loopback names only)
 * --https-port N         ORDERFLOW_HTTPS_PORT         also serve everything over TLS on this 127.0.0.1 port, with a
 *                                                     certificate made at start; 0 picks a free one (default off)
 * </pre>
 * A value is {@code --name value} or {@code --name=value}; {@code --process} alone means {@code --process=true}.
 * {@code --allowed-host} may be given more than once; given at all, it replaces the variable's list.
 *
 * <p>With {@code --adapters aws} the AWS side is configured like the deployed resolver Lambda, from the
 * process environment: {@code AWS_REGION}, {@code ORDERS_TABLE}, {@code ORDER_QUEUE_URL}, optionally
 * {@code AWS_ENDPOINT_URL} (or the SDK's {@code AWS_ENDPOINT_URL_DYNAMODB}, {@code _SQS}, {@code _SNS}), the
 * default credentials chain; {@code --process} also needs {@code ORDER_TOPIC_ARN}. Those are checked when the
 * runtime starts (see {@link LocalRuntime#startOnAws}), not here.
 *
 * @param adapters what the API runs on
 * @param process whether, on the AWS adapters, this JVM also processes the queued orders; always {@code false}
 *     in memory, where the pipeline always runs
 * @param allowedHosts names the runtime answers besides the loopback names {@code 127.0.0.1}, {@code localhost}
 *     and {@code [::1]} (see {@link HostCheck}): lower case, IPv6 addresses in brackets, no ports
 * @param httpsPort the TLS connector's port, {@code 0} for any free one, {@value #HTTPS_OFF} for none
 * @param keepAlive how often the real-time endpoint sends {@code ka} to each WebSocket connection (default a minute)
 * @param connectionInitTimeout how long a WebSocket connection may go without {@code connection_init} before it is
 *     closed (default 10 seconds, as AppSync)
 */
public record LocalSettings(int port, int maxRequestBytes, String defaultCustomer, int httpThreads,
    double approvalRate, long paymentSeed, Adapters adapters, boolean process, List<String> allowedHosts,
    int httpsPort, Duration keepAlive, Duration connectionInitTimeout) {
  public static final int DEFAULT_PORT = 4000;
  /** {@link #httpsPort()} when there is no TLS connector (the default). */
  public static final int HTTPS_OFF = -1;
  public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofMinutes(1);
  public static final Duration DEFAULT_CONNECTION_INIT_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_REQUEST_BYTES = 64 * 1024;
  public static final String DEFAULT_CUSTOMER = "demo-customer";

  /** What the API runs on. */
  public enum Adapters {
    /** The in-memory pipeline, with its queue consumer and workflow running in the background. */
    INMEMORY,
    /** The AWS adapters, wired like the deployed resolver Lambda from the environment. */
    AWS;

    /** The option's spelling: {@code inmemory} or {@code aws}. */
    public String option() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static final String USAGE = """
      Usage: LocalRuntime [--port N] [--max-request-bytes N] [--default-customer ID] [--http-threads N]
                          [--approval-rate R] [--payment-seed N] [--adapters inmemory|aws [--process]]
                          [--allowed-host NAME]... [--https-port N]
        --port N               ORDERFLOW_PORT               127.0.0.1 port, 0 picks a free one (default 4000)
        --max-request-bytes N  ORDERFLOW_MAX_REQUEST_BYTES  larger request bodies get 413 (default 65536)
        --default-customer ID  ORDERFLOW_DEFAULT_CUSTOMER   caller without an X-Orderflow-Customer header (default demo-customer)
        --http-threads N       ORDERFLOW_HTTP_THREADS       threads serving requests (default 8)
        --approval-rate R      ORDERFLOW_APPROVAL_RATE      share of payments approved, 0-1 (default 0.5)
        --payment-seed N       ORDERFLOW_PAYMENT_SEED       seed of the simulated payment gateway (default 0)
        --adapters A           ORDERFLOW_ADAPTERS           inmemory (default), or aws: the deployed resolver's wiring
        --process              ORDERFLOW_PROCESS=true       with aws: also consume the queue and run the workflow here
        --allowed-host NAME    ORDERFLOW_ALLOWED_HOSTS      also answer requests for Host NAME (repeatable; the variable
                                                            takes a comma-separated list); by default only
                                                            127.0.0.1, localhost and [::1] are answered, others get 421
        --https-port N         ORDERFLOW_HTTPS_PORT         also serve HTTP and WebSocket over TLS on this 127.0.0.1 port
                                                            (0 picks a free one) with a self-signed certificate for
                                                            127.0.0.1 and localhost made at start (default off)
      Live updates (the onOrderUpdated subscription): AppSync's real-time protocol on ws://127.0.0.1:PORT/graphql/realtime
      (and wss:// on the TLS port); the page on http://127.0.0.1:PORT/ uses it.
      The caller's verified email address, where an order's outcome email goes: the X-Orderflow-Email header (none
      without it); in memory, GET /page/mailbox with the same headers answers the caller's emails.
      With --adapters aws, from the environment as the resolver Lambda reads it: AWS_REGION, ORDERS_TABLE,
      ORDER_QUEUE_URL, optional AWS_ENDPOINT_URL (or AWS_ENDPOINT_URL_DYNAMODB / _SQS / _SNS), the default
      credentials chain; --process also needs ORDER_TOPIC_ARN. Without --process, whatever consumes the queue
      (the deployed stack) processes the orders.
      """;

  public LocalSettings {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0-65535, not " + port);
    }
    if (maxRequestBytes < 1) {
      throw new IllegalArgumentException("max request bytes must be positive, not " + maxRequestBytes);
    }
    if (defaultCustomer == null || defaultCustomer.isBlank()) {
      throw new IllegalArgumentException("the default customer must not be blank");
    }
    if (httpThreads < 1) {
      throw new IllegalArgumentException("http threads must be positive, not " + httpThreads);
    }
    if (!(approvalRate >= 0 && approvalRate <= 1)) {
      throw new IllegalArgumentException("approval rate must be between 0 and 1, not " + approvalRate);
    }
    if (adapters == null) {
      throw new IllegalArgumentException("adapters must be inmemory or aws, not null");
    }
    if (process && adapters != Adapters.AWS) {
      throw new IllegalArgumentException("--process (ORDERFLOW_PROCESS) goes with --adapters aws: "
          + "the in-memory pipeline always processes orders");
    }
    List<String> hosts = new ArrayList<>();
    for (String name : allowedHosts == null ? List.<String>of() : allowedHosts) {
      String normalized = HostCheck.normalize(name);
      if (!hosts.contains(normalized)) {
        hosts.add(normalized);
      }
    }
    allowedHosts = List.copyOf(hosts);
    if (httpsPort < HTTPS_OFF || httpsPort > 65_535) {
      throw new IllegalArgumentException("https port must be 0-65535 (or absent), not " + httpsPort);
    }
    if (httpsPort > 0 && httpsPort == port) {
      throw new IllegalArgumentException("the https port must differ from the http port " + port);
    }
    keepAlive = keepAlive == null ? DEFAULT_KEEP_ALIVE : keepAlive;
    connectionInitTimeout = connectionInitTimeout == null ? DEFAULT_CONNECTION_INIT_TIMEOUT : connectionInitTimeout;
    if (keepAlive.isNegative() || keepAlive.isZero() || connectionInitTimeout.isNegative()
        || connectionInitTimeout.isZero()) {
      throw new IllegalArgumentException("the keep-alive interval and the connection_init timeout must be positive");
    }
  }

  /** Whether HTTP and WebSocket are served over TLS too, on {@link #httpsPort()}. */
  public boolean tls() {
    return httpsPort != HTTPS_OFF;
  }

  /** The defaults on the given port (0 for any free one): in memory. */
  public static LocalSettings onPort(int port) {
    return new LocalSettings(port, DEFAULT_MAX_REQUEST_BYTES, DEFAULT_CUSTOMER, 8,
        SimulatedPaymentGateway.DEFAULT_APPROVAL_RATE, 0, Adapters.INMEMORY, false, List.of(), HTTPS_OFF,
        DEFAULT_KEEP_ALIVE, DEFAULT_CONNECTION_INIT_TIMEOUT);
  }

  public LocalSettings withMaxRequestBytes(int bytes) {
    return new LocalSettings(port, bytes, defaultCustomer, httpThreads, approvalRate, paymentSeed, adapters, process,
        allowedHosts, httpsPort, keepAlive, connectionInitTimeout);
  }

  /** These settings answering {@code names} too, besides the loopback names (replacing any given before). */
  public LocalSettings withAllowedHosts(String... names) {
    return new LocalSettings(port, maxRequestBytes, defaultCustomer, httpThreads, approvalRate, paymentSeed, adapters,
        process, List.of(names), httpsPort, keepAlive, connectionInitTimeout);
  }

  /** These settings on the AWS adapters; {@code process}: also consume the queue and run the workflow here. */
  public LocalSettings onAws(boolean process) {
    return new LocalSettings(port, maxRequestBytes, defaultCustomer, httpThreads, approvalRate, paymentSeed,
        Adapters.AWS, process, allowedHosts, httpsPort, keepAlive, connectionInitTimeout);
  }

  public LocalSettings withPayments(double approvalRate, long paymentSeed) {
    return new LocalSettings(port, maxRequestBytes, defaultCustomer, httpThreads, approvalRate, paymentSeed, adapters,
        process, allowedHosts, httpsPort, keepAlive, connectionInitTimeout);
  }

  /** These settings serving TLS too, on {@code httpsPort} (0 for any free port). */
  public LocalSettings withHttpsPort(int httpsPort) {
    return new LocalSettings(port, maxRequestBytes, defaultCustomer, httpThreads, approvalRate, paymentSeed, adapters,
        process, allowedHosts, httpsPort, keepAlive, connectionInitTimeout);
  }

  /**
   * These settings with another {@code ka} interval and {@code connection_init} timeout on the real-time endpoint
   * (for tests: AppSync's are about a minute and 10 seconds).
   */
  public LocalSettings withRealtimeTimings(Duration keepAlive, Duration connectionInitTimeout) {
    return new LocalSettings(port, maxRequestBytes, defaultCustomer, httpThreads, approvalRate, paymentSeed, adapters,
        process, allowedHosts, httpsPort, keepAlive, connectionInitTimeout);
  }

  /**
   * @throws IllegalArgumentException naming the option or variable that is unknown, missing a value, or malformed
   */
  public static LocalSettings parse(String[] args, Map<String, String> environment) {
    Map<String, String> options = new HashMap<>();
    List<String> allowedHosts = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name;
      String value;
      if (arg.startsWith("--") && arg.contains("=")) {
        name = arg.substring(2, arg.indexOf('='));
        value = arg.substring(arg.indexOf('=') + 1);
      } else if (arg.startsWith("--") && FLAGS.contains(arg.substring(2))) {
        name = arg.substring(2);
        value = "true";
      } else if (arg.startsWith("--") && i + 1 < args.length) {
        name = arg.substring(2);
        value = args[++i];
      } else {
        throw new IllegalArgumentException("unknown or incomplete option: " + arg);
      }
      if (!KNOWN.containsKey(name)) {
        throw new IllegalArgumentException("unknown option: --" + name);
      }
      if (name.equals(ALLOWED_HOST)) {
        allowedHosts.add(value);
      }
      options.put(name, value);
    }
    return new LocalSettings(
        integer(options, environment, "port", DEFAULT_PORT),
        integer(options, environment, "max-request-bytes", DEFAULT_MAX_REQUEST_BYTES),
        text(options, environment, "default-customer", DEFAULT_CUSTOMER),
        integer(options, environment, "http-threads", 8),
        decimal(options, environment, "approval-rate", SimulatedPaymentGateway.DEFAULT_APPROVAL_RATE),
        integer(options, environment, "payment-seed", 0),
        adapters(options, environment),
        bool(options, environment, "process"),
        allowedHosts(options, allowedHosts, environment),
        httpsPort(options, environment),
        DEFAULT_KEEP_ALIVE, DEFAULT_CONNECTION_INIT_TIMEOUT);
  }

  private static int httpsPort(Map<String, String> options, Map<String, String> environment) {
    int value = integer(options, environment, "https-port", HTTPS_OFF);
    if (value < 0 || value > 65_535) {
      if (value == HTTPS_OFF && text(options, environment, "https-port", null) == null) {
        return HTTPS_OFF;
      }
      throw new IllegalArgumentException(source(options, "https-port") + " must be 0-65535, not " + value);
    }
    return value;
  }

  private static final String ALLOWED_HOST = "allowed-host";

  private static final Map<String, String> KNOWN = Map.ofEntries(
      Map.entry("port", "ORDERFLOW_PORT"),
      Map.entry("max-request-bytes", "ORDERFLOW_MAX_REQUEST_BYTES"),
      Map.entry("default-customer", "ORDERFLOW_DEFAULT_CUSTOMER"),
      Map.entry("http-threads", "ORDERFLOW_HTTP_THREADS"),
      Map.entry("approval-rate", "ORDERFLOW_APPROVAL_RATE"),
      Map.entry("payment-seed", "ORDERFLOW_PAYMENT_SEED"),
      Map.entry("adapters", "ORDERFLOW_ADAPTERS"),
      Map.entry("process", "ORDERFLOW_PROCESS"),
      Map.entry(ALLOWED_HOST, "ORDERFLOW_ALLOWED_HOSTS"),
      Map.entry("https-port", "ORDERFLOW_HTTPS_PORT"));

  /** Options that may stand alone, meaning {@code true}. */
  private static final Set<String> FLAGS = Set.of("process");

  private static String text(Map<String, String> options, Map<String, String> environment, String name,
      String fallback) {
    String value = options.get(name);
    if (value == null) {
      value = environment.get(KNOWN.get(name));
    }
    return value == null || value.isBlank() ? fallback : value.strip();
  }

  private static int integer(Map<String, String> options, Map<String, String> environment, String name,
      int fallback) {
    String value = text(options, environment, name, null);
    try {
      return value == null ? fallback : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(source(options, name) + " must be a whole number, not " + value);
    }
  }

  private static double decimal(Map<String, String> options, Map<String, String> environment, String name,
      double fallback) {
    String value = text(options, environment, name, null);
    try {
      return value == null ? fallback : Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(source(options, name) + " must be a number, not " + value);
    }
  }

  private static boolean bool(Map<String, String> options, Map<String, String> environment, String name) {
    String value = text(options, environment, name, null);
    if (value == null || value.equalsIgnoreCase("false")) {
      return false;
    }
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    throw new IllegalArgumentException(source(options, name) + " must be true or false, not " + value);
  }

  private static Adapters adapters(Map<String, String> options, Map<String, String> environment) {
    String value = text(options, environment, "adapters", null);
    if (value == null) {
      return Adapters.INMEMORY;
    }
    for (Adapters adapters : Adapters.values()) {
      if (adapters.option().equalsIgnoreCase(value)) {
        return adapters;
      }
    }
    throw new IllegalArgumentException(source(options, "adapters") + " must be inmemory or aws, not " + value);
  }

  /** The {@code --allowed-host} values if any, else the variable's comma-separated list; each one checked. */
  private static List<String> allowedHosts(Map<String, String> options, List<String> given,
      Map<String, String> environment) {
    List<String> names = new ArrayList<>();
    if (given.isEmpty()) {
      String variable = environment.get(KNOWN.get(ALLOWED_HOST));
      if (variable != null) {
        for (String name : variable.split(",")) {
          if (!name.isBlank()) {
            names.add(name.strip());
          }
        }
      }
    } else {
      names.addAll(given);
    }
    for (String name : names) {
      try {
        HostCheck.normalize(name);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source(options, ALLOWED_HOST) + ": " + e.getMessage());
      }
    }
    return names;
  }

  private static String source(Map<String, String> options, String name) {
    return options.containsKey(name) ? "--" + name : KNOWN.get(name);
  }
}
