package dev.orderflow.local;

import dev.orderflow.core.payment.SimulatedPaymentGateway;
import java.util.HashMap;
import java.util.Map;

/**
 * How the local runtime runs, from command-line options or, failing those, environment variables:
 * <pre>
 * --port N               ORDERFLOW_PORT               127.0.0.1 port; 0 picks a free one (default 4000)
 * --max-request-bytes N  ORDERFLOW_MAX_REQUEST_BYTES  larger request bodies get 413 (default 65536)
 * --default-customer ID  ORDERFLOW_DEFAULT_CUSTOMER   the caller without an X-Orderflow-Customer header (default demo-customer)
 * --http-threads N       ORDERFLOW_HTTP_THREADS       threads serving requests (default 8)
 * --approval-rate R      ORDERFLOW_APPROVAL_RATE      share of payments the simulated gateway approves, 0-1 (default 0.5)
 * --payment-seed N       ORDERFLOW_PAYMENT_SEED       seed of the simulated gateway (default 0)
 * </pre>
 */
public record LocalSettings(int port, int maxRequestBytes, String defaultCustomer, int httpThreads,
    double approvalRate, long paymentSeed) {
  public static final int DEFAULT_PORT = 4000;
  public static final int DEFAULT_MAX_REQUEST_BYTES = 64 * 1024;
  public static final String DEFAULT_CUSTOMER = "demo-customer";

  static final String USAGE = """
      Usage: LocalRuntime [--port N] [--max-request-bytes N] [--default-customer ID] [--http-threads N]
                          [--approval-rate R] [--payment-seed N]
        --port N               ORDERFLOW_PORT               127.0.0.1 port, 0 picks a free one (default 4000)
        --max-request-bytes N  ORDERFLOW_MAX_REQUEST_BYTES  larger request bodies get 413 (default 65536)
        --default-customer ID  ORDERFLOW_DEFAULT_CUSTOMER   caller without an X-Orderflow-Customer header (default demo-customer)
        --http-threads N       ORDERFLOW_HTTP_THREADS       threads serving requests (default 8)
        --approval-rate R      ORDERFLOW_APPROVAL_RATE      share of payments approved, 0-1 (default 0.5)
        --payment-seed N       ORDERFLOW_PAYMENT_SEED       seed of the simulated payment gateway (default 0)
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
  }

  /** The defaults on the given port (0 for any free one). */
  public static LocalSettings onPort(int port) {
    return new LocalSettings(port, DEFAULT_MAX_REQUEST_BYTES, DEFAULT_CUSTOMER, 8,
        SimulatedPaymentGateway.DEFAULT_APPROVAL_RATE, 0);
  }

  public LocalSettings withMaxRequestBytes(int bytes) {
    return new LocalSettings(port, bytes, defaultCustomer, httpThreads, approvalRate, paymentSeed);
  }

  /**
   * @throws IllegalArgumentException naming the option or variable that is unknown, missing a value, or malformed
   */
  public static LocalSettings parse(String[] args, Map<String, String> environment) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name;
      String value;
      if (arg.startsWith("--") && arg.contains("=")) {
        name = arg.substring(2, arg.indexOf('='));
        value = arg.substring(arg.indexOf('=') + 1);
      } else if (arg.startsWith("--") && i + 1 < args.length) {
        name = arg.substring(2);
        value = args[++i];
      } else {
        throw new IllegalArgumentException("unknown or incomplete option: " + arg);
      }
      if (!KNOWN.containsKey(name)) {
        throw new IllegalArgumentException("unknown option: --" + name);
      }
      options.put(name, value);
    }
    return new LocalSettings(
        integer(options, environment, "port", DEFAULT_PORT),
        integer(options, environment, "max-request-bytes", DEFAULT_MAX_REQUEST_BYTES),
        text(options, environment, "default-customer", DEFAULT_CUSTOMER),
        integer(options, environment, "http-threads", 8),
        decimal(options, environment, "approval-rate", SimulatedPaymentGateway.DEFAULT_APPROVAL_RATE),
        integer(options, environment, "payment-seed", 0));
  }

  private static final Map<String, String> KNOWN = Map.of(
      "port", "ORDERFLOW_PORT",
      "max-request-bytes", "ORDERFLOW_MAX_REQUEST_BYTES",
      "default-customer", "ORDERFLOW_DEFAULT_CUSTOMER",
      "http-threads", "ORDERFLOW_HTTP_THREADS",
      "approval-rate", "ORDERFLOW_APPROVAL_RATE",
      "payment-seed", "ORDERFLOW_PAYMENT_SEED");

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

  private static String source(Map<String, String> options, String name) {
    return options.containsKey(name) ? "--" + name : KNOWN.get(name);
  }
}
