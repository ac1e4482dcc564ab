package dev.orderflow.lambda.bench;

import com.google.inject.Injector;
import dev.orderflow.core.application.InitializeOrder;
import dev.orderflow.lambda.steps.InitializeOrderHandler;
import dev.orderflow.lambda.steps.SampleSteps;
import dev.orderflow.lambda.wiring.LambdaWiring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cold start per function, not a unit test: N fresh JVMs per function and JVM configuration, each building
 * one handler from the shaded jar with the production wiring (AWS adapters on the local protocol servers)
 * and handling one real event, against a trivial handler in the same harness. Prints a Markdown table of
 * the medians: wall time (process start to exit), CPU time, classes loaded, and wall time relative to the
 * trivial handler under the same configuration.
 *
 * <pre>{@code cd lambda-bootstrap && mvn -q package -DskipTests && mvn -q exec:java \
 *   -Dexec.mainClass=dev.orderflow.lambda.bench.ColdStartHarness -Dexec.classpathScope=test -Dexec.args="7"}</pre>
 *
 * <p>Arguments: runs per cell, then optionally the jar, or several comma-separated jars run round robin (an A/B
 * of two builds under the same load; rows are labelled {@code <configuration> @ <jar file>}). System properties:
 * {@code orderflow.bench.configs} — only these configurations, separated by {@code ;} (e.g. {@code deployed});
 * {@code orderflow.bench.extraOptions} — appended to every probe's {@code JAVA_TOOL_OPTIONS}, e.g.
 * {@code -Xlog:class+load:file=/tmp/cl-%p.txt:uptime,tid} for a class-load log per probe.
 */
public final class ColdStartHarness {
  private static final String CUSTOMER = "probe-customer";
  private static final List<String> FUNCTIONS =
      List.of("trivial", "resolver", "consumer", "initialize", "decide", "complete", "fail");

  private ColdStartHarness() {}

  record Config(String name, String javaToolOptions, boolean appCds, Path jar) {
    Config(String name, String javaToolOptions, boolean appCds) {
      this(name, javaToolOptions, appCds, null);
    }
  }

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    // several jars, comma-separated, run round robin as well (an A/B of two builds under the same load)
    List<Path> jars = new ArrayList<>();
    for (String name : (args.length > 1 ? args[1] : "target/orderflow-lambda.jar").split(",")) {
      jars.add(Path.of(name.trim()).toAbsolutePath());
    }
    Path jar = jars.get(0);
    if (System.getProperty("orderflow.node.dir") == null) {
      System.setProperty("orderflow.node.dir", Path.of("..", "test-servers").toAbsolutePath().normalize().toString());
    }
    System.setProperty("aws.accessKeyId", "test");
    System.setProperty("aws.secretAccessKey", "test");
    Path archives = Files.createTempDirectory("orderflow-cds");
    // JAVA_TOOL_OPTIONS per configuration; AppCDS is not among them: an archive only works on the JVM build that
    // wrote it, and this build cannot write one for Lambda's JVM (see docs/benchmarks.md)
    String c1 = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    String c1SerialNoPerf = c1 + " -XX:+UseSerialGC -XX:-UsePerfData";
    String deployed = c1SerialNoPerf + " -XX:CICompilerCount=1"; // infra-cdk SnapStartFunction.JVM_OPTIONS
    List<Config> allConfigs = List.of(
        new Config("default JVM", null, false),
        new Config("C1 only", c1, false),
        new Config("C1 only, no background init", c1 + " -D" + LambdaWiring.BACKGROUND_INIT + "=false", false),
        new Config("C1 + SerialGC + -UsePerfData", c1SerialNoPerf, false),
        new Config("deployed", deployed, false),
        new Config("C1 + SerialGC + -UsePerfData, no app bytecode verification", c1SerialNoPerf
            + " -XX:+UnlockDiagnosticVMOptions -XX:-BytecodeVerificationRemote", false));
    // -Dorderflow.bench.configs="deployed;C1 only" runs only the named configurations (default: all);
    // -Dorderflow.bench.extraOptions=... is appended to every probe's JAVA_TOOL_OPTIONS (e.g. a class-load log)
    String only = System.getProperty("orderflow.bench.configs", "");
    List<Config> configs = only.isBlank() ? allConfigs : allConfigs.stream()
        .filter(c -> List.of(only.split(";")).stream().map(String::trim).anyMatch(c.name()::equals)).toList();
    if (configs.isEmpty()) {
      throw new IllegalArgumentException("no configuration named in orderflow.bench.configs=" + only);
    }
    if (jars.size() > 1) {
      List<Config> perJar = new ArrayList<>();
      for (Path each : jars) {
        for (Config config : configs) {
          perJar.add(new Config(config.name() + " @ " + each.getFileName(), config.javaToolOptions(), config.appCds(), each));
        }
      }
      configs = perJar;
    } else {
      configs = configs.stream().map(c -> new Config(c.name(), c.javaToolOptions(), c.appCds(), jar)).toList();
    }
    boolean anyAppCds = configs.stream().anyMatch(Config::appCds);

    try (LocalFunctions functions = LocalFunctions.start()) {
      Map<String, String> seedEnvironment = new HashMap<>(functions.environment());
      seedEnvironment.put("AWS_ENDPOINT_URL", functions.dynamoDbEndpoint().toString());
      Injector seeding = LambdaWiring.workflowStep(seedEnvironment, false);
      InitializeOrderHandler seed = new InitializeOrderHandler(seeding.getInstance(InitializeOrder.class));

      for (String function : FUNCTIONS) {
        // one training run per function: warms the servers (and records the function's AppCDS archive if a
        // configuration uses one)
        String trainingId = "train-" + function;
        seedIfNeeded(seed, function, trainingId);
        check(functions.probe(jar, function, trainingId, anyAppCds
            ? Map.of("JAVA_TOOL_OPTIONS", "-XX:ArchiveClassesAtExit=" + archives.resolve(function + ".jsa"))
            : Map.of()), function);
      }

      // round robin (run i of every configuration and function before run i + 1), so that load from
      // other processes on the machine spreads over every cell instead of skewing one configuration
      Map<String, List<long[]>> samples = new LinkedHashMap<>();
      for (int i = 0; i < runs; i++) {
        for (Config config : configs) {
          for (String function : FUNCTIONS) {
            String orderId = ("bench-" + function + "-" + config.name() + "-" + i).replaceAll("[^A-Za-z0-9_-]", "-");
            seedIfNeeded(seed, function, orderId);
            LocalFunctions.Run run = functions.probe(config.jar(), function, orderId, options(config, archives, function));
            check(run, function);
            samples.computeIfAbsent(config.name() + "|" + function, k -> new ArrayList<>())
                .add(new long[] {run.wallNanos() / 1_000_000, run.metric("cpuMs"), run.metric("classes")});
          }
        }
        System.err.println("round " + (i + 1) + " of " + runs + " done");
      }
      StringBuilder table = new StringBuilder();
      table.append("| configuration | function | wall ms | CPU ms | classes | × trivial, same config | × trivial, default JVM |\n");
      table.append("|---|---|---:|---:|---:|---:|---:|\n");
      long defaultTrivial = median(samples.get(configs.get(0).name() + "|trivial"), 0);
      for (Config config : configs) {
        long trivial = median(samples.get(config.name() + "|trivial"), 0);
        for (String function : FUNCTIONS) {
          List<long[]> cell = samples.get(config.name() + "|" + function);
          long wall = median(cell, 0);
          table.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %.1f | %.1f |%n", config.name(), function,
              wall, median(cell, 1), median(cell, 2), (double) wall / trivial, (double) wall / defaultTrivial));
        }
      }
      System.out.println("runs per cell: " + runs + ", probe JVM: " + LocalFunctions.java() + ", cores: "
          + Runtime.getRuntime().availableProcessors() + ", load average: "
          + Files.readString(Path.of("/proc/loadavg")).trim());
      System.out.print(table);
    }
  }

  private static Map<String, String> options(Config config, Path archives, String function) {
    List<String> options = new ArrayList<>();
    if (config.appCds()) {
      options.add("-XX:SharedArchiveFile=" + archives.resolve(function + ".jsa"));
    }
    if (config.javaToolOptions() != null) {
      options.add(config.javaToolOptions());
    }
    String extra = System.getProperty("orderflow.bench.extraOptions", "");
    if (!extra.isBlank()) {
      options.add(extra);
    }
    return options.isEmpty() ? Map.of() : Map.of("JAVA_TOOL_OPTIONS", String.join(" ", options));
  }

  /** decide, complete and fail act on an existing PENDING order. */
  private static void seedIfNeeded(InitializeOrderHandler seed, String function, String orderId) {
    if (function.equals("decide") || function.equals("complete") || function.equals("fail")) {
      seed.handleRequest(SampleSteps.executionInput(orderId, CUSTOMER), null);
    }
  }

  private static void check(LocalFunctions.Run run, String function) {
    if (run.exitCode() != 0) {
      throw new IllegalStateException(function + " failed (" + run.exitCode() + "): " + run.stdout() + run.stderr());
    }
  }

  private static long median(List<long[]> samples, int column) {
    List<Long> sorted = new ArrayList<>();
    samples.forEach(sample -> sorted.add(sample[column]));
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

}
