package dev.orderflow.lambda.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** How the harness reads a primed probe's class-load log into the priming class list. */
class PrimingClassListTest {
  private static final Path JAR = Path.of("/work/orderflow-lambda.jar");

  @Test
  void takesTheEventsNamedClassesOfTheJdkAndTheJarAndTheDeclaringClassesOfTheirLambdas() {
    String log = String.join("\n",
        "[1.000s][info][class,load] software.amazon.awssdk.services.dynamodb.model.Select source: file:/work/orderflow-lambda.jar",
        "PHASE first-event",
        "[2.001s][info][class,load] java.net.Socket source: jrt:/java.base",
        "[2.002s][info][class,load] java.util.HexFormat source: shared objects file (top)",
        "[2.003s][info][class,load] software.amazon.awssdk.services.dynamodb.model.GetItemRequest$BuilderImpl source: file:/work/orderflow-lambda.jar",
        "[2.004s][info][class,load] software.amazon.awssdk.services.dynamodb.model.QueryRequest$$Lambda$871/0x00007f789927c238 source: software.amazon.awssdk.services.dynamodb.model.QueryRequest",
        "[2.005s][info][class,load] java.lang.invoke.LambdaForm$MH/0x00007f7899283000 source: __JVM_LookupDefineClass__",
        "[2.006s][info][class,load] dev.orderflow.lambda.bench.Elsewhere source: file:/tmp/orderflow-probes/",
        "PHASE warm-event",
        "[3.001s][info][class,load] sun.net.www.http.KeepAliveCache source: jrt:/java.base",
        "PHASE end",
        "[4.000s][info][class,load] java.util.Formatter source: jrt:/java.base");

    assertThat(ColdStartHarness.loadedByEvents(log, JAR)).containsExactly(
        "java.net.Socket",
        "java.util.HexFormat",
        "software.amazon.awssdk.services.dynamodb.model.GetItemRequest$BuilderImpl",
        "software.amazon.awssdk.services.dynamodb.model.QueryRequest",
        "sun.net.www.http.KeepAliveCache");
  }
}
