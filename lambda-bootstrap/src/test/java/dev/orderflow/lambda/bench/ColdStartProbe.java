package dev.orderflow.lambda.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.lang.management.ManagementFactory;

/**
 * One cold start in this fresh JVM, calling the handler directly: create the named function's handler with
 * its no-arg constructor (production wiring from the environment), as Lambda does, then handle one real
 * event. Prints the result and {@code METRICS cpuMs=… classes=… uptimeMs=…}; the cold-start harness runs
 * this many times. (The harness can also start a function through the Lambda runtime interface client
 * instead, with the event as JSON from a local Runtime API.)
 *
 * <pre>{@code java -cp orderflow-lambda.jar:<test classes> dev.orderflow.lambda.bench.ColdStartProbe <function> [orderId]}</pre>
 * A test class: the handlers and their wiring come from the production jar, the probe and its events from the test
 * classes ({@link LocalFunctions#probe}).
 * Functions: those of {@link ProbeFunction}, in lower case ({@code trivial resolver consumer …}).
 */
public final class ColdStartProbe {
  static final String CUSTOMER = "probe-customer";

  private ColdStartProbe() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: ColdStartProbe trivial|resolver|consumer|initialize|decide|complete|fail|changes|sdk-floor [orderId]");
      System.exit(2);
    }
    ProbeFunction function = ProbeFunction.named(args[0]);
    String orderId = args.length > 1 ? args[1] : "probe-order";
    RequestHandler<Object, Object> handler = function.newHandler();
    Object result = handler.handleRequest(function.event(orderId, CUSTOMER), null);
    System.out.println("RESULT " + result);
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    System.out.println("METRICS cpuMs=" + os.getProcessCpuTime() / 1_000_000
        + " classes=" + ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount()
        + " uptimeMs=" + ManagementFactory.getRuntimeMXBean().getUptime());
  }
}
