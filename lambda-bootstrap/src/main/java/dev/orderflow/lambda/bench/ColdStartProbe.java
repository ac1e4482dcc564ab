package dev.orderflow.lambda.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.orderflow.lambda.appsync.GraphQLResolverHandler;
import dev.orderflow.lambda.appsync.SampleEvents;
import dev.orderflow.lambda.sqs.OrderQueueHandler;
import dev.orderflow.lambda.sqs.SampleMessages;
import dev.orderflow.lambda.steps.CompleteOrderHandler;
import dev.orderflow.lambda.steps.DecidePaymentHandler;
import dev.orderflow.lambda.steps.FailOrderHandler;
import dev.orderflow.lambda.steps.InitializeOrderHandler;
import dev.orderflow.lambda.steps.SampleSteps;
import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * One cold start in this fresh JVM, the way Lambda does it: create the named function's handler with its
 * no-arg constructor (production wiring from the environment), then handle one real event. Prints the
 * result and {@code METRICS cpuMs=… classes=… uptimeMs=…}; the cold-start harness runs this many times.
 *
 * <pre>{@code java -cp orderflow-lambda.jar dev.orderflow.lambda.bench.ColdStartProbe <function> [orderId]}</pre>
 * Functions: {@code trivial resolver consumer initialize decide complete fail}.
 */
public final class ColdStartProbe {
  static final String CUSTOMER = "probe-customer";

  private ColdStartProbe() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: ColdStartProbe trivial|resolver|consumer|initialize|decide|complete|fail [orderId]");
      System.exit(2);
    }
    String orderId = args.length > 1 ? args[1] : "probe-order";
    Object result = switch (args[0]) {
      case "trivial" -> invoke(new TrivialHandler(), Map.of("orderId", orderId));
      case "resolver" -> invoke(new GraphQLResolverHandler(), SampleEvents.postOrder(orderId));
      case "consumer" -> new OrderQueueHandler().handleRequest(
          SampleMessages.event("probe-" + orderId, SampleMessages.body(orderId, CUSTOMER)), null).getBatchItemFailures();
      case "initialize" -> invoke(new InitializeOrderHandler(), SampleSteps.executionInput(orderId, CUSTOMER));
      case "decide" -> invoke(new DecidePaymentHandler(), SampleSteps.key(orderId, CUSTOMER));
      case "complete" -> invoke(new CompleteOrderHandler(), SampleSteps.key(orderId, CUSTOMER));
      case "fail" -> invoke(new FailOrderHandler(), SampleSteps.declinedState(orderId, CUSTOMER));
      default -> throw new IllegalArgumentException("unknown function " + args[0]);
    };
    System.out.println("RESULT " + result);
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    System.out.println("METRICS cpuMs=" + os.getProcessCpuTime() / 1_000_000
        + " classes=" + ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount()
        + " uptimeMs=" + ManagementFactory.getRuntimeMXBean().getUptime());
  }

  private static <I, O> O invoke(RequestHandler<I, O> handler, I event) {
    return handler.handleRequest(event, null);
  }
}
