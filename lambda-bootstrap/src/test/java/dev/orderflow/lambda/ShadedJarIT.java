package dev.orderflow.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.lambda.bench.LocalFunctions;
import dev.orderflow.lambda.bench.ProbeFunction;
import dev.orderflow.lambda.changes.SampleStreamEvents;
import dev.orderflow.lambda.testing.GraphQLEndpoint;
import dev.orderflow.lambda.testing.LambdaJson;
import dev.orderflow.testing.servers.LocalAwsCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The one jar every function deploys, as built by {@code package}: its size, its contents, and that it runs. */
class ShadedJarIT {
  /** 13.3 MB before the SES v2 client (≈ 3.2 MB of models, all referenced by its client: nothing to trim). */
  private static final long MAX_BYTES = 17L * 1024 * 1024;
  private static final Path JAR = Path.of(System.getProperty("orderflow.lambda.jar", "target/orderflow-lambda.jar"));

  private static List<String> entries;
  private static LocalFunctions functions;

  @BeforeAll
  static void readJar() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      entries = Collections.list(jar.entries()).stream().map(ZipEntry::getName).toList();
    }
    functions = LocalFunctions.start();
  }

  @AfterAll
  static void stopServers() {
    if (functions != null) {
      functions.close();
    }
  }

  private static String entry(String name) throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      ZipEntry entry = jar.getEntry(name);
      assertThat(entry).as(name).isNotNull();
      return new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void isAtMost17MegabytesWithoutApacheNettyOrLogback() throws IOException {
    assertThat(Files.size(JAR)).isLessThanOrEqualTo(MAX_BYTES);
    assertThat(entries).noneMatch(name -> name.startsWith("org/apache/http/") || name.startsWith("org/apache/hc/")
        || name.startsWith("io/netty/") || name.startsWith("ch/qos/logback/")
        || name.startsWith("software/amazon/awssdk/http/apache") || name.startsWith("software/amazon/awssdk/http/nio/"));
  }

  @Test
  void holdsEveryHandlerTheSchemaAndOneHttpClient() throws IOException {
    assertThat(entries).contains(
        "dev/orderflow/lambda/appsync/GraphQLResolverHandler.class",
        "dev/orderflow/lambda/sqs/OrderQueueHandler.class",
        "dev/orderflow/lambda/steps/InitializeOrderHandler.class",
        "dev/orderflow/lambda/steps/DecidePaymentHandler.class",
        "dev/orderflow/lambda/steps/CompleteOrderHandler.class",
        "dev/orderflow/lambda/steps/FailOrderHandler.class",
        "dev/orderflow/lambda/changes/OrderChangesHandler.class",
        "graphql/schema.graphql",
        "graphql/response.vtl");
    assertThat(entry("META-INF/services/software.amazon.awssdk.http.SdkHttpService").lines()
        .filter(line -> !line.isBlank() && !line.startsWith("#")))
        .containsExactly("software.amazon.awssdk.http.urlconnection.UrlConnectionSdkHttpService");
    assertThat(entry("META-INF/services/org.slf4j.spi.SLF4JServiceProvider")).contains("NOP");
  }

  @Test
  void everyFunctionStartsFromTheJarAndHandlesARealEventQuietly() {
    Map<String, String> none = Map.of();

    LocalFunctions.Run resolver = functions.probe(JAR, "resolver", "smoke-token", none);
    assertThat(resolver.exitCode()).as(resolver.stderr()).isZero();
    assertThat(resolver.result()).contains("status=PENDING").contains("version=1");

    LocalFunctions.Run consumer = functions.probe(JAR, "consumer", "smoke-consumer", none);
    assertThat(consumer.exitCode()).as(consumer.stderr()).isZero();
    assertThat(consumer.result()).contains("batchItemFailures=[]");
    assertThat(functions.stepFunctions().execution("smoke-consumer")).isPresent();

    for (String[] step : new String[][] {
        {"initialize", "smoke-1", "status=PENDING"}, {"decide", "smoke-1", "approved=true"},
        {"complete", "smoke-1", "status=SUCCESS"}, {"initialize", "smoke-2", "status=PENDING"},
        {"fail", "smoke-2", "status=FAILED"}}) {
      LocalFunctions.Run run = functions.probe(JAR, step[0], step[1], none);
      assertThat(run.exitCode()).as(step[0] + ": " + run.stderr()).isZero();
      assertThat(run.result()).as(step[0]).contains(step[2]);
      assertThat(run.stderr()).as(step[0] + " logs nothing").isEmpty();
    }
    assertThat(resolver.stderr()).isEmpty();
  }

  @Test
  void everyFunctionRunsUnderTheLambdaRuntimeClientWithItsDeployedHandlerString() {
    Path taskRoot = functions.taskRoot(JAR);
    Map<ProbeFunction, String> expected = Map.of(
        ProbeFunction.RESOLVER, "\"status\":\"PENDING\"",
        ProbeFunction.CONSUMER, "\"batchItemFailures\":[]",
        ProbeFunction.INITIALIZE, "\"status\":\"PENDING\"");

    for (ProbeFunction function : List.of(ProbeFunction.RESOLVER, ProbeFunction.CONSUMER, ProbeFunction.INITIALIZE)) {
      String orderId = "runtime-" + function.label();
      LocalFunctions.Run run = functions.invokeThroughRuntime(taskRoot, function,
          LambdaJson.eventJson(function.event(orderId, "runtime-customer")), Map.of());

      assertThat(run.exitCode()).as(function.label() + ": " + run.stderr()).isZero();
      assertThat(run.result()).as(function.label()).contains(expected.get(function));
      assertThat(run.cpuMs()).as(function.label()).isPositive();
    }
    assertThat(functions.stepFunctions().execution("runtime-consumer")).isPresent();
  }

  @Test
  void theOrderChangesPublisherRunsUnderTheLambdaRuntimeClientAndPublishesSigned() {
    try (GraphQLEndpoint api = GraphQLEndpoint.start()) {
      String event = LambdaJson.json(SampleStreamEvents.created("runtime-changes", "runtime-customer"));

      LocalFunctions.Run run = functions.invokeThroughRuntime(functions.taskRoot(JAR), "changes",
          "dev.orderflow.lambda.changes.OrderChangesHandler::handleRequest", event,
          Map.of("ORDER_UPDATES_URL", api.url().toString()));

      assertThat(run.exitCode()).as(run.stderr()).isZero();
      assertThat(run.result()).isEqualTo("{\"batchItemFailures\":[]}");
      assertThat(api.requests).singleElement().satisfies(request -> {
        assertThat(request.input()).containsEntry("id", "runtime-changes").containsEntry("change", "CREATED");
        assertThat(request.signatureProblem(LocalAwsCredentials.SECRET_KEY)).isNull();
      });
    }
  }

  @Test
  void aFailingInitIsReportedToTheRuntimeApi() {
    LocalFunctions.Run run = functions.invokeThroughRuntime(functions.taskRoot(JAR), ProbeFunction.INITIALIZE,
        LambdaJson.eventJson(ProbeFunction.INITIALIZE.event("runtime-init", "runtime-customer")),
        Map.of("ORDERS_TABLE", ""));

    assertThat(run.exitCode()).isNotZero();
    // what the runtime reports as the init error names the cause, not just ExceptionInInitializerError
    assertThat(run.stderr()).contains("IllegalStateException").contains("missing environment variable: ORDERS_TABLE");
  }

  @Test
  void aMissingVariableFailsInitNamingIt() {
    LocalFunctions.Run run = functions.probe(JAR, "initialize", "smoke-3", Map.of("ORDERS_TABLE", ""));

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.stderr()).contains("missing environment variable").contains("ORDERS_TABLE");
  }
}
