package dev.orderflow.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.lambda.bench.ProbeFunction;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The handler strings the stack deploys are the ones the jar's functions are tested and measured with (the
 * Lambda runtime client runs them by these strings in lambda-bootstrap's ShadedJarIT and cold-start harness).
 */
class DeployedHandlersTest {

  @Test
  void everyDeployedHandlerIsAFunctionOfTheJarByTheSameString() throws ClassNotFoundException {
    Map<String, ProbeFunction> deployed = Map.of(
        OrderflowStack.RESOLVER_HANDLER, ProbeFunction.RESOLVER,
        OrderflowStack.CONSUMER_HANDLER, ProbeFunction.CONSUMER,
        OrderflowStack.INITIALIZE_ORDER_HANDLER, ProbeFunction.INITIALIZE,
        OrderflowStack.DECIDE_PAYMENT_HANDLER, ProbeFunction.DECIDE,
        OrderflowStack.COMPLETE_ORDER_HANDLER, ProbeFunction.COMPLETE,
        OrderflowStack.FAIL_ORDER_HANDLER, ProbeFunction.FAIL);

    for (Map.Entry<String, ProbeFunction> entry : deployed.entrySet()) {
      assertThat(entry.getValue().handler()).isEqualTo(entry.getKey());
      String className = entry.getKey().substring(0, entry.getKey().indexOf("::"));
      assertThat(Class.forName(className)).as(className)
          .isAssignableTo(com.amazonaws.services.lambda.runtime.RequestHandler.class);
    }
  }

  @Test
  void thePublisherHandlerIsAFunctionOfTheJar() throws ClassNotFoundException {
    String handler = OrderflowStack.PUBLISHER_HANDLER;
    assertThat(handler).endsWith("::handleRequest");
    String className = handler.substring(0, handler.indexOf("::"));
    assertThat(Class.forName(className)).as(className)
        .isAssignableTo(com.amazonaws.services.lambda.runtime.RequestHandler.class);
  }
}
