package dev.orderflow.lambda.bench;

import com.google.inject.Injector;
import dev.orderflow.core.application.InitializeOrder;
import dev.orderflow.lambda.steps.InitializeOrderHandler;
import dev.orderflow.lambda.steps.SampleSteps;
import dev.orderflow.lambda.testing.LambdaJson;
import dev.orderflow.lambda.wiring.LambdaWiring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Cold start per function, not a unit test: N fresh JVMs per function, JVM configuration and launch, each
 * building one handler from the shaded jar with the production wiring (AWS adapters on the local protocol servers)
 * and handling one real event, against a trivial handler in the same harness (and the {@code sdk-floor}
 * reference). Prints a Markdown table of the medians: wall time (process start to exit, or to the response
 * through the runtime client), CPU time, classes loaded (direct launch only), and wall time relative to the
 * trivial handler under the same configuration and launch.
 *
 * <pre>{@code cd lambda-bootstrap && mvn -q package -DskipTests && mvn -q exec:java \
 *   -Dexec.mainClass=dev.orderflow.lambda.bench.ColdStartHarness -Dexec.classpathScope=test -Dexec.args="7"}</pre>
 *
 * <p>Arguments: runs per cell, then optionally the jar, or several comma-separated jars run round robin (an A/B
 * of two builds under the same load; rows are labelled {@code <configuration> @ <jar file>}). System properties:
 * {@code orderflow.bench.configs} — only these configurations, separated by {@code ;} (e.g. {@code deployed});
 * {@code orderflow.bench.launch} — {@code direct} (default: the probe's {@code main} calls the handler), {@code runtime}
 * (through Lambda's runtime interface client, the jar unpacked as the task root), {@code runtime-lib} (the same with
 * the jar under {@code lib/}), several comma-separated, or {@code all};
 * {@code orderflow.bench.extraOptions} — appended to every probe's {@code JAVA_TOOL_OPTIONS}, e.g.
 * {@code -Xlog:class+load:file=/tmp/cl-%p.txt:uptime,tid} for a class-load log per probe.
 */
public final class ColdStartHarness {
  private static final String CUSTOMER = "probe-customer";
  private static final List<ProbeFunction> FUNCTIONS = List.of(ProbeFunction.values());

  private ColdStartHarness() {}

  /**
   * How a probe JVM starts the function: calling the handler itself, or through Lambda's runtime interface client
   * with the jar unpacked into the task root (what a jar deployment package becomes) or as {@code lib/} of the
   * task root (a zip deployment package holding the jar under {@code lib/}).
   */
  enum Launch {
    DIRECT("direct", ""),
    RUNTIME("runtime", ", runtime client"),
    RUNTIME_LIB("runtime-lib", ", runtime client, jar in lib/");

    private final String option;
    private final String suffix;

    Launch(String option, String suffix) {
      this.option = option;
      this.suffix = suffix;
    }

    static Launch of(String option) {
      for (Launch launch : values()) {
        if (launch.option.equals(option.trim())) {
          return launch;
        }
      }
      throw new IllegalArgumentException("no launch " + option + "; direct, runtime or runtime-lib");
    }
  }

  record Config(String name, String javaToolOptions, Path jar, Launch launch) {
    Config(String name, String javaToolOptions) {
      this(name, javaToolOptions, null, Launch.DIRECT);
    }

    Config on(Path jar, String label, Launch launch) {
      return new Config(name + launch.suffix + label, javaToolOptions, jar, launch);
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
    // JAVA_TOOL_OPTIONS per configuration; AppCDS is not among them: an archive only works on the JVM build that
    // wrote it, and this build cannot write one for Lambda's JVM (see docs/benchmarks.md)
    String c1 = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    String c1SerialNoPerf = c1 + " -XX:+UseSerialGC -XX:-UsePerfData";
    String deployed = c1SerialNoPerf + " -XX:CICompilerCount=1"; // infra-cdk SnapStartFunction.JVM_OPTIONS
    List<Config> allConfigs = List.of(
        new Config("default JVM", null),
        new Config("C1 only", c1),
        new Config("C1 only, no background init", c1 + " -D" + LambdaWiring.BACKGROUND_INIT + "=false"),
        new Config("C1 + SerialGC + -UsePerfData", c1SerialNoPerf),
        new Config("deployed", deployed),
        new Config("C1 + SerialGC + -UsePerfData, no app bytecode verification", c1SerialNoPerf
            + " -XX:+UnlockDiagnosticVMOptions -XX:-BytecodeVerificationRemote"));
    // -Dorderflow.bench.configs="deployed;C1 only" runs only the named configurations (default: all);
    // -Dorderflow.bench.extraOptions=... is appended to every probe's JAVA_TOOL_OPTIONS (e.g. a class-load log)
    String only = System.getProperty("orderflow.bench.configs", "");
    List<Config> configs = only.isBlank() ? allConfigs : allConfigs.stream()
        .filter(c -> List.of(only.split(";")).stream().map(String::trim).anyMatch(c.name()::equals)).toList();
    if (configs.isEmpty()) {
      throw new IllegalArgumentException("no configuration named in orderflow.bench.configs=" + only);
    }
    // -Dorderflow.bench.launch=direct,runtime,runtime-lib (any of them, comma-separated; or all): call the handler
    // from the probe's main (default), or start the function through Lambda's runtime interface client
    String launchNames = System.getProperty("orderflow.bench.launch", "direct");
    List<Launch> launches = launchNames.equals("all") ? List.of(Launch.values())
        : Stream.of(launchNames.split(",")).map(Launch::of).toList();
    List<Config> cells = new ArrayList<>();
    for (Launch launch : launches) {
      for (Path each : jars) {
        for (Config config : configs) {
          cells.add(config.on(each, jars.size() > 1 ? " @ " + each.getFileName() : "", launch));
        }
      }
    }
    configs = cells;

    try (LocalFunctions functions = LocalFunctions.start()) {
      Map<String, String> seedEnvironment = new HashMap<>(functions.environment());
      seedEnvironment.put("AWS_ENDPOINT_URL", functions.dynamoDbEndpoint().toString());
      Injector seeding = LambdaWiring.workflowStep(seedEnvironment, false);
      InitializeOrderHandler seed = new InitializeOrderHandler(seeding.getInstance(InitializeOrder.class));

      for (ProbeFunction function : FUNCTIONS) {
        // one training run per function and launch: warms the servers, and fails early if a launch is broken
        String trainingId = "train-" + function.label();
        seedIfNeeded(seed, function, trainingId);
        check(functions.probe(jar, function.label(), trainingId, Map.of()), function);
        for (Launch launch : launches) {
          if (launch != Launch.DIRECT) {
            seedIfNeeded(seed, function, trainingId + "-" + launch.option);
            check(run(functions, new Config("training", null).on(jar, "", launch), function,
                trainingId + "-" + launch.option, Map.of()), function);
          }
        }
      }

      // round robin (run i of every configuration and function before run i + 1), so that load from
      // other processes on the machine spreads over every cell instead of skewing one configuration
      Map<String, List<long[]>> samples = new LinkedHashMap<>();
      for (int i = 0; i < runs; i++) {
        for (Config config : configs) {
          for (ProbeFunction function : FUNCTIONS) {
            String orderId = ("bench-" + function.label() + "-" + config.name() + "-" + i)
                .replaceAll("[^A-Za-z0-9_-]", "-");
            seedIfNeeded(seed, function, orderId);
            LocalFunctions.Run run = run(functions, config, function, orderId, options(config));
            check(run, function);
            samples.computeIfAbsent(config.name() + "|" + function.label(), k -> new ArrayList<>())
                .add(new long[] {run.wallNanos() / 1_000_000, run.cpuMs(), run.classes()});
          }
        }
        System.err.println("round " + (i + 1) + " of " + runs + " done");
      }
      StringBuilder table = new StringBuilder();
      table.append("| configuration | function | wall ms | CPU ms | classes | × trivial, same configuration | × first configuration's trivial |\n");
      table.append("|---|---|---:|---:|---:|---:|---:|\n");
      long firstTrivial = median(samples.get(configs.get(0).name() + "|trivial"), 0);
      for (Config config : configs) {
        long trivial = median(samples.get(config.name() + "|trivial"), 0);
        for (ProbeFunction function : FUNCTIONS) {
          List<long[]> cell = samples.get(config.name() + "|" + function.label());
          long wall = median(cell, 0);
          long classes = median(cell, 2);
          table.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %s | %.1f | %.1f |%n", config.name(),
              function.label(), wall, median(cell, 1), classes < 0 ? "n/a" : Long.toString(classes),
              (double) wall / trivial, (double) wall / firstTrivial));
        }
      }
      System.out.println("runs per cell: " + runs + ", probe JVM: " + LocalFunctions.java() + ", cores: "
          + Runtime.getRuntime().availableProcessors() + ", load average: "
          + Files.readString(Path.of("/proc/loadavg")).trim());
      System.out.print(table);
    }
  }

  private static LocalFunctions.Run run(LocalFunctions functions, Config config, ProbeFunction function,
      String orderId, Map<String, String> environment) {
    return switch (config.launch()) {
      case DIRECT -> functions.probe(config.jar(), function.label(), orderId, environment);
      case RUNTIME, RUNTIME_LIB -> functions.invokeThroughRuntime(
          functions.taskRoot(config.jar(), config.launch() == Launch.RUNTIME_LIB), function,
          LambdaJson.eventJson(function.event(orderId, CUSTOMER)), environment);
    };
  }

  private static Map<String, String> options(Config config) {
    List<String> options = new ArrayList<>();
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
  private static void seedIfNeeded(InitializeOrderHandler seed, ProbeFunction function, String orderId) {
    if (function.needsOrder()) {
      seed.handleRequest(SampleSteps.executionInput(orderId, CUSTOMER), null);
    }
  }

  private static void check(LocalFunctions.Run run, ProbeFunction function) {
    if (run.exitCode() != 0) {
      throw new IllegalStateException(function.label() + " failed (" + run.exitCode() + "): " + run.stdout()
          + run.stderr());
    }
  }

  private static long median(List<long[]> samples, int column) {
    List<Long> sorted = new ArrayList<>();
    samples.forEach(sample -> sorted.add(sample[column]));
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

}
