package dev.orderflow.lambda.bench;

import dev.orderflow.aws.LocalAws;
import dev.orderflow.testing.servers.Dynalite;
import dev.orderflow.testing.servers.ElasticMq;
import dev.orderflow.testing.servers.Fauxqs;
import dev.orderflow.testing.servers.LocalAwsCredentials;
import dev.orderflow.testing.servers.StepFunctionsStub;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The four local AWS-protocol servers with the pipeline's resources, and fresh JVMs that run one function
 * from the shaded Lambda jar (the probes themselves from the test classes, see {@link #probeClasses()}) against them with the production wiring — directly ({@code ColdStartProbe}) or
 * through the Lambda runtime interface client ({@link #invokeThroughRuntime}) — and the
 * environment a deployed function gets, with the SDK's per-service endpoint variables
 * ({@code AWS_ENDPOINT_URL_DYNAMODB} …) pointing at the servers, since one function may use two of them.
 */
public final class LocalFunctions implements AutoCloseable {
  private final Dynalite dynalite;
  private final ElasticMq elasticMq;
  private final Fauxqs fauxqs;
  private final StepFunctionsStub stepFunctions;
  private final Map<String, String> environment = new LinkedHashMap<>();
  private final Map<String, Path> taskRoots = new HashMap<>();
  private Path runtimeLibraries;
  private Path nativeLibrary;
  private Path probeClasses;

  private LocalFunctions(Dynalite dynalite, ElasticMq elasticMq, Fauxqs fauxqs, StepFunctionsStub stepFunctions) {
    this.dynalite = dynalite;
    this.elasticMq = elasticMq;
    this.fauxqs = fauxqs;
    this.stepFunctions = stepFunctions;
  }

  public static LocalFunctions start() {
    List<AutoCloseable> started = new ArrayList<>();
    try {
      Dynalite dynalite = track(started, Dynalite.start());
      ElasticMq elasticMq = track(started, ElasticMq.start());
      Fauxqs fauxqs = track(started, Fauxqs.start());
      StepFunctionsStub stepFunctions = track(started, StepFunctionsStub.start());
      LocalFunctions functions = new LocalFunctions(dynalite, elasticMq, fauxqs, stepFunctions);
      functions.createResources();
      return functions;
    } catch (RuntimeException e) {
      for (AutoCloseable server : started) {
        try {
          server.close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  private static <T extends AutoCloseable> T track(List<AutoCloseable> started, T server) {
    started.add(server);
    return server;
  }

  private void createResources() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String table = "orders-" + suffix;
    try (DynamoDbClient dynamo = LocalAws.clients(dynalite.endpoint()).dynamoDb();
        SqsClient sqs = LocalAws.clients(elasticMq.endpoint()).sqs();
        SnsClient sns = LocalAws.clients(fauxqs.endpoint()).sns()) {
      LocalAws.createOrdersTable(dynamo, table);
      String queueUrl = LocalAws.createQueue(sqs, "orders-" + suffix);
      String topicArn = sns.createTopic(b -> b.name("outcomes-" + suffix)).topicArn();

      environment.put("AWS_REGION", LocalAwsCredentials.REGION);
      environment.put("AWS_ACCESS_KEY_ID", LocalAwsCredentials.ACCESS_KEY);
      environment.put("AWS_SECRET_ACCESS_KEY", LocalAwsCredentials.SECRET_KEY);
      environment.put("AWS_EC2_METADATA_DISABLED", "true");
      environment.put("ORDERS_TABLE", table);
      environment.put("ORDER_QUEUE_URL", queueUrl);
      environment.put("ORDER_STATE_MACHINE_ARN", "arn:aws:states:" + LocalAwsCredentials.REGION + ":"
          + LocalAwsCredentials.ACCOUNT_ID + ":stateMachine:orders-" + suffix);
      environment.put("ORDER_TOPIC_ARN", topicArn);
      environment.put("PAYMENT_APPROVAL_RATE", "1.0");
      environment.put("AWS_ENDPOINT_URL_DYNAMODB", dynalite.endpoint().toString());
      environment.put("AWS_ENDPOINT_URL_SQS", elasticMq.endpoint().toString());
      environment.put("AWS_ENDPOINT_URL_SFN", stepFunctions.endpoint().toString());
      environment.put("AWS_ENDPOINT_URL_SNS", fauxqs.endpoint().toString());
    }
  }


  /** The environment a deployed function would have, pointing at the local servers. */
  public Map<String, String> environment() {
    return Map.copyOf(environment);
  }

  /**
   * A task root for {@code jar}, as Lambda lays out a function's deployment package in {@code /var/task}: the jar
   * unpacked (a jar package), or, with {@code jarInLib}, the jar itself under {@code lib/} (a zip package holding
   * {@code lib/<jar>}, which the runtime puts on the function's class path). Once per jar and layout; deleted on
   * {@link #close()}.
   */
  public synchronized Path taskRoot(Path jar, boolean jarInLib) {
    Path absolute = jar.toAbsolutePath();
    return taskRoots.computeIfAbsent(absolute + (jarInLib ? "|lib" : "|unpacked"),
        key -> jarInLib ? inLib(absolute) : unpack(absolute));
  }

  /**
   * The class files of the test sources (probes, fixtures), copied once into a temporary directory deleted on
   * {@link #close()}: class files only, so none of the test resources — the SDK interceptors and JUnit extensions
   * the tests register through service files — reaches a probe's class path.
   */
  synchronized Path probeClasses() {
    if (probeClasses == null) {
      try {
        Path testClasses = Path.of(ColdStartProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!Files.isDirectory(testClasses)) {
          throw new IllegalStateException("the probes are not in a class directory: " + testClasses);
        }
        Path copy = Files.createTempDirectory("orderflow-probes");
        try (Stream<Path> files = Files.walk(testClasses)) {
          for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
            Path target = copy.resolve(testClasses.relativize(file).toString());
            Files.createDirectories(target.getParent());
            Files.copy(file, target);
          }
        }
        probeClasses = copy;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (java.net.URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    return probeClasses;
  }

  /** The runtime client's JNI library, unpacked once into a temporary directory deleted on {@link #close()}. */
  synchronized Path nativeLibrary() {
    if (nativeLibrary == null) {
      try {
        runtimeLibraries = Files.createTempDirectory("orderflow-runtime");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      nativeLibrary = LambdaRuntimeClient.unpackNativeLibrary(runtimeLibraries);
    }
    return nativeLibrary;
  }

  /**
   * {@link #taskRoot(Path, boolean)} plus the class files of the reference handlers that are no function of the stack
   * ({@link TrivialHandler}, {@link SdkFloorHandler}; test classes, not in the jar), for the runtime-client launch of
   * the {@code trivial} and {@code sdk-floor} references. The stack's functions run from {@link #taskRoot(Path, boolean)}.
   */
  public synchronized Path referenceTaskRoot(Path jar, boolean jarInLib) {
    Path absolute = jar.toAbsolutePath();
    return taskRoots.computeIfAbsent(absolute + (jarInLib ? "|lib" : "|unpacked") + "|references", key -> {
      Path root = jarInLib ? inLib(absolute) : unpack(absolute);
      try {
        for (Class<?> handler : List.of(TrivialHandler.class, SdkFloorHandler.class)) {
          String file = handler.getName().replace('.', '/') + ".class";
          Path target = root.resolve(file);
          Files.createDirectories(target.getParent());
          Files.copy(probeClasses().resolve(file), target);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return root;
    });
  }

  /** {@link #taskRoot(Path, boolean)} with the jar unpacked, as a jar deployment package is. */
  public Path taskRoot(Path jar) {
    return taskRoot(jar, false);
  }

  private static Path inLib(Path jar) {
    try {
      Path root = Files.createTempDirectory("orderflow-task");
      Files.createDirectories(root.resolve("lib"));
      Files.copy(jar, root.resolve("lib").resolve(jar.getFileName()));
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path unpack(Path jar) {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      Path root = Files.createTempDirectory("orderflow-task");
      for (ZipEntry entry : Collections.list(zip.entries())) {
        Path target = root.resolve(entry.getName()).normalize();
        if (!target.startsWith(root)) {
          throw new IllegalStateException("entry outside the task root: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          try (InputStream in = zip.getInputStream(entry)) {
            Files.copy(in, target);
          }
        }
      }
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The DynamoDB server's endpoint, for seeding orders from this JVM. */
  public URI dynamoDbEndpoint() {
    return dynalite.endpoint();
  }

  public StepFunctionsStub stepFunctions() {
    return stepFunctions;
  }

  /**
   * One fresh JVM running one function: how it ended, what the function returned, and what it cost. {@code wallNanos}
   * runs from process start to exit for a direct probe, and to the function's response for a run through the
   * runtime client (which then waits for its next event). {@code classes} is -1 where the JVM did not report it.
   */
  public record Run(int exitCode, String result, String stdout, String stderr, long wallNanos, long cpuMs,
      long classes) {
    /** A direct probe's run, with its metrics read from its {@code RESULT} and {@code METRICS} lines. */
    static Run ofProbe(int exitCode, String stdout, String stderr, long wallNanos) {
      String result = null;
      long cpuMs = -1;
      long classes = -1;
      for (String line : stdout.split("\n")) {
        if (line.startsWith("RESULT ")) {
          result = line.substring("RESULT ".length());
        } else if (line.startsWith("METRICS ")) {
          for (String pair : line.substring("METRICS ".length()).trim().split(" ")) {
            String[] kv = pair.split("=");
            switch (kv[0]) {
              case "cpuMs" -> cpuMs = Long.parseLong(kv[1]);
              case "classes" -> classes = Long.parseLong(kv[1]);
              default -> { }
            }
          }
        }
      }
      return new Run(exitCode, result, stdout, stderr, wallNanos, cpuMs, classes);
    }
  }

  /**
   * The {@code java} the probes run on: this JVM's, or the one under the system property
   * {@code orderflow.bench.javaHome} (e.g. a JDK 21+ as a stand-in for Lambda's Java 21).
   */
  public static String java() {
    String home = System.getProperty("orderflow.bench.javaHome", System.getProperty("java.home"));
    return Path.of(home, "bin", "java").toString();
  }

  /**
   * Runs {@code ColdStartProbe <function> <orderId>} from {@code jar} in a fresh JVM with exactly the
   * function environment (plus {@code extraEnvironment}, e.g. {@code JAVA_TOOL_OPTIONS}).
   */
  public Run probe(Path jar, String function, String orderId, Map<String, String> extraEnvironment) {
    return probe(jar, List.of(), List.of(), ColdStartProbe.class, List.of(function, orderId), extraEnvironment);
  }

  /**
   * Runs {@code main} (a probe of this package) with {@code arguments} in a fresh JVM with exactly the function
   * environment (plus {@code extraEnvironment}). The class path is {@code jar} — every handler, the wiring and their
   * dependencies come from it — followed by {@link #probeClasses()}, where the probes and the test fixtures they
   * send are found (the jar holds production code only), then {@code libraries} (e.g. the runtime interface client).
   */
  public Run probe(Path jar, List<String> jvmArguments, List<Path> libraries, Class<?> main, List<String> arguments,
      Map<String, String> extraEnvironment) {
    StringBuilder classPath = new StringBuilder(jar.toString()).append(java.io.File.pathSeparator).append(probeClasses());
    libraries.forEach(library -> classPath.append(java.io.File.pathSeparator).append(library));
    List<String> command = new ArrayList<>(List.of(java()));
    command.addAll(jvmArguments);
    command.addAll(List.of("-cp", classPath.toString(), main.getName()));
    command.addAll(arguments);
    String function = arguments.isEmpty() ? main.getSimpleName() : arguments.get(0);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(environment);
    builder.environment().putAll(extraEnvironment);
    try (Output output = Output.of(builder)) {
      long start = System.nanoTime();
      Process process = builder.start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("probe " + function + " did not finish in 120 s");
      }
      long wall = System.nanoTime() - start;
      return Run.ofProbe(process.exitValue(), output.stdout(), output.stderr(), wall);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs {@code function} the way Lambda's Java runtime does: a fresh JVM of the Lambda runtime interface client
   * ({@code AWSLambda <handler>}, the runtime's own libraries on the class path) in {@code taskRoot} (the
   * extracted function jar, as Lambda unpacks a deployment package), which loads the handler through its own
   * class loader, takes the event as JSON from a local Runtime API, deserialises it with the runtime's
   * serialisation library, calls the handler and posts the serialised response. The run ends when the response
   * (or an error) arrives; its CPU time is read from {@code /proc} then, and the JVM is stopped.
   *
   * @param eventJson the event as Lambda would deliver it
   */
  public Run invokeThroughRuntime(Path taskRoot, ProbeFunction function, String eventJson,
      Map<String, String> extraEnvironment) {
    return invokeThroughRuntime(taskRoot, function.label(), function.handler(), eventJson, extraEnvironment);
  }

  /**
   * {@link #invokeThroughRuntime(Path, ProbeFunction, String, Map)} for any handler string
   * ({@code <class>::handleRequest}), e.g. a function the cold-start probe does not know.
   */
  public Run invokeThroughRuntime(Path taskRoot, String label, String handler, String eventJson,
      Map<String, String> extraEnvironment) {
    return invokeThroughRuntime(taskRoot, label, handler, List.of(eventJson), extraEnvironment);
  }

  /**
   * {@link #invokeThroughRuntime(Path, String, String, String, Map)} with several events, one after the other, to the
   * same runtime (one warm container after its cold start); the run's result is the last response, or the first
   * error. The request id of event {@code i} is {@link #requestId(int)}.
   */
  public Run invokeThroughRuntime(Path taskRoot, String label, String handler, List<String> eventsJson,
      Map<String, String> extraEnvironment) {
    String name = "orderflow-" + label;
    String arn = "arn:aws:lambda:" + LocalAwsCredentials.REGION + ":" + LocalAwsCredentials.ACCOUNT_ID
        + ":function:" + name;
    List<byte[]> events = eventsJson.stream().map(json -> json.getBytes(StandardCharsets.UTF_8)).toList();
    try (LocalRuntimeApi api = LocalRuntimeApi.serving(events, arn)) {
      ProcessBuilder builder = new ProcessBuilder(java(),
          "-D" + LambdaRuntimeClient.NATIVE_LIBRARY_PROPERTY + "=" + nativeLibrary(),
          "-cp", LambdaRuntimeClient.classPath(), LambdaRuntimeClient.MAIN_CLASS, handler)
          .directory(taskRoot.toFile());
      builder.environment().clear();
      builder.environment().putAll(environment);
      builder.environment().putAll(Map.of(
          "AWS_LAMBDA_RUNTIME_API", api.address(),
          "LAMBDA_TASK_ROOT", taskRoot.toString(),
          "_HANDLER", handler,
          "AWS_LAMBDA_FUNCTION_NAME", name,
          "AWS_LAMBDA_FUNCTION_VERSION", "$LATEST",
          "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024",
          "AWS_EXECUTION_ENV", "AWS_Lambda_java21",
          "TZ", ":UTC"));
      builder.environment().putAll(extraEnvironment);
      try (Output output = Output.of(builder)) {
        long start = System.nanoTime();
        Process process = builder.start();
        try {
          LocalRuntimeApi.Outcome outcome = awaitOutcome(api, process);
          if (outcome == null) {
            throw new IllegalStateException(label + ": the runtime exited (" + process.exitValue()
                + ") without a response: " + output.stdout() + output.stderr());
          }
          long cpuMs = LambdaRuntimeClient.cpuMillis(process.pid());
          return new Run(outcome.error() ? 1 : 0, outcome.body(), output.stdout(),
              outcome.error() ? outcome.errorType() + ": " + outcome.body() : output.stderr(),
              outcome.reportedNanos() - start, cpuMs, -1);
        } finally {
          process.destroy();
          if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The Lambda request id the local Runtime API gives the {@code index}-th event of a run (from 0). */
  public static String requestId(int index) {
    return LocalRuntimeApi.requestId(index);
  }

  /** The invocation's outcome, or {@code null} if the process exited without one. */
  private static LocalRuntimeApi.Outcome awaitOutcome(LocalRuntimeApi api, Process process)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      try {
        return api.outcome().get(20, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (!process.isAlive()) {
          return api.outcome().getNow(null);
        }
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    }
    throw new IllegalStateException("no response in 120 s");
  }

  /** A process's standard output and error in temporary files, deleted on close. */
  private record Output(Path out, Path err) implements AutoCloseable {
    static Output of(ProcessBuilder builder) throws IOException {
      Output output = new Output(Files.createTempFile("probe", ".out"), Files.createTempFile("probe", ".err"));
      builder.redirectOutput(output.out().toFile()).redirectError(output.err().toFile());
      return output;
    }

    String stdout() throws IOException {
      return Files.readString(out, StandardCharsets.UTF_8);
    }

    String stderr() throws IOException {
      return Files.readString(err, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  @Override
  public void close() {
    taskRoots.values().forEach(LocalFunctions::delete);
    taskRoots.clear();
    if (runtimeLibraries != null) {
      delete(runtimeLibraries);
    }
    if (probeClasses != null) {
      delete(probeClasses);
    }
    RuntimeException failure = null;
    for (AutoCloseable server : new AutoCloseable[] {stepFunctions, fauxqs, elasticMq, dynalite}) {
      try {
        server.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("stopping the local servers failed", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
