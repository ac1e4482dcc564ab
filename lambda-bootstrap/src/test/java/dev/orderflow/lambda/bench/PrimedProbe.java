package dev.orderflow.lambda.bench;

import com.amazonaws.services.lambda.crac.Core;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;

/**
 * One SnapStart-like start in this fresh JVM, without a snapshot: create the named function's handler with its no-arg
 * constructor (production wiring from the environment, which registers the function's priming), run what Lambda's
 * runtime runs around a snapshot — the CRaC global context's {@code beforeCheckpoint}, then its {@code afterRestore},
 * through the runtime interface client's own {@code com.amazonaws.services.lambda.crac} implementation, which the
 * {@code org.crac} library of the jar reaches with {@code -Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac}, as
 * on Lambda — then handle a first real event (what a restored function does first) and a second one (warm). Prints
 * the two results and
 * {@code METRICS initMs=… primeMs=… firstMs=… firstClasses=… warmMs=… warmClasses=…}: wall time and classes loaded
 * (JVM-wide, background threads included) during each phase.
 *
 * <pre>{@code java -Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac -D<LambdaRuntimeClient.NATIVE_LIBRARY_PROPERTY>=<JNI library> \
 *   -cp orderflow-lambda.jar:<test classes>:<runtime interface client jar> \
 *   dev.orderflow.lambda.bench.PrimedProbe <function> <first orderId> <second orderId>}</pre>
 * With {@code -Xlog:class+load:stdout}, the lines {@code PHASE first-event} and {@code PHASE warm-event} mark where
 * each event's class loading starts, and {@code PHASE end} where it ends.
 */
public final class PrimedProbe {
  /** The value Lambda's Java runtimes set for {@code org.crac.Core.Compat}. */
  public static final String LAMBDA_CRAC = "com.amazonaws.services.lambda.crac";

  private PrimedProbe() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: PrimedProbe <function> <first orderId> <second orderId>");
      System.exit(2);
    }
    if (!LAMBDA_CRAC.equals(System.getProperty("org.crac.Core.Compat"))) {
      throw new IllegalStateException("run with -Dorg.crac.Core.Compat=" + LAMBDA_CRAC
          + ", else org.crac registers nothing and no priming runs");
    }
    // the runtime's JNI library, as the runtime loads it: Lambda's CRaC context clears the JDK's DNS cache through it
    System.load(System.getProperty(LambdaRuntimeClient.NATIVE_LIBRARY_PROPERTY));
    ProbeFunction function = ProbeFunction.named(args[0]);
    ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();

    long start = System.nanoTime();
    RequestHandler<Object, Object> handler = function.newHandler();
    long initialised = System.nanoTime();
    Core.getGlobalContext().beforeCheckpoint(null);
    Core.getGlobalContext().afterRestore(null);
    long primed = System.nanoTime();

    Object firstEvent = function.event(args[1], ColdStartProbe.CUSTOMER);
    Object warmEvent = function.event(args[2], ColdStartProbe.CUSTOMER);
    phase("first-event");
    long firstClasses = classes.getTotalLoadedClassCount();
    long firstStart = System.nanoTime();
    Object first = handler.handleRequest(firstEvent, null);
    long firstEnd = System.nanoTime();
    firstClasses = classes.getTotalLoadedClassCount() - firstClasses;
    phase("warm-event");
    long warmClasses = classes.getTotalLoadedClassCount();
    long warmStart = System.nanoTime();
    Object warm = handler.handleRequest(warmEvent, null);
    long warmEnd = System.nanoTime();
    warmClasses = classes.getTotalLoadedClassCount() - warmClasses;
    phase("end");

    // composed before it is written, so that a class-load log on the same stream cannot split a line
    String report = "RESULT " + first + "\nRESULT2 " + warm + "\n" + String.format(java.util.Locale.ROOT,
        "METRICS initMs=%.1f primeMs=%.1f firstMs=%.2f firstClasses=%d warmMs=%.2f warmClasses=%d%n",
        (initialised - start) / 1e6, (primed - initialised) / 1e6, (firstEnd - firstStart) / 1e6, firstClasses,
        (warmEnd - warmStart) / 1e6, warmClasses);
    System.out.print(report);
    System.out.flush();
  }

  private static void phase(String name) {
    System.out.println("PHASE " + name);
    System.out.flush();
  }
}
