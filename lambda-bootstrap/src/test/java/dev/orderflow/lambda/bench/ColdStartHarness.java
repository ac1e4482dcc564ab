package dev.orderflow.lambda.bench;

import com.google.inject.Injector;
import dev.orderflow.core.application.InitializeOrder;
import dev.orderflow.lambda.steps.InitializeOrderHandler;
import dev.orderflow.lambda.steps.SampleSteps;
import dev.orderflow.lambda.testing.GraphQLEndpoint;
import dev.orderflow.lambda.testing.LambdaJson;
import dev.orderflow.lambda.wiring.LambdaWiring;
import dev.orderflow.lambda.wiring.StartUp;
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
 * {@code -Xlog:class+load:file=/tmp/cl-%p.txt:uptime,tid} for a class-load log per probe;
 * {@code orderflow.bench.mode=primed} — instead of cold starts, the first event after SnapStart priming against a warm
 * one ({@link PrimedProbe}), with {@code orderflow.bench.output=<directory>} keeping each probe's output there and
 * {@code orderflow.bench.classList=<file>} adding the classes the events loaded to the priming class list;
 * {@code orderflow.bench.javaHome} — the JDK the probes run on, or several comma-separated, run round robin (rows
 * labelled {@code @ <JDK directory>}).
 *
 * <p>The probes are test classes: each probe JVM runs the handlers from the jar and the probe from the test classes
 * ({@link LocalFunctions#probe}).
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

  /** One cell: a JVM configuration on one jar, launch and JDK ({@code javaHome}, {@code null} for this JVM's). */
  record Config(String name, String javaToolOptions, Path jar, Launch launch, String javaHome) {
    Config(String name, String javaToolOptions) {
      this(name, javaToolOptions, null, Launch.DIRECT, null);
    }

    Config on(Path jar, String label, Launch launch) {
      return new Config(name + launch.suffix + label, javaToolOptions, jar, launch, javaHome);
    }

    Config onJava(String home, String label) {
      return new Config(name + label, javaToolOptions, jar, launch, home);
    }

    /** Makes the probes of this cell run on its JDK ({@link LocalFunctions#java()}). */
    Config use() {
      System.setProperty(JAVA_HOME, javaHome == null ? System.getProperty("java.home") : javaHome);
      return this;
    }
  }

  private static final String JAVA_HOME = "orderflow.bench.javaHome";

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
    // the stubs on the JDK's HTTP server (the Step Functions stub, the AppSync stand-in) answer a reused connection
    // without TCP_NODELAY ~40 ms late (the client's delayed ACK), which would inflate every warm event's time
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
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
        new Config("C1 only, no background init", c1 + " -D" + StartUp.BACKGROUND_INIT + "=false"),
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
    // -Dorderflow.bench.javaHome=<JDK>[,<JDK>…]: the probes' JDK, or several run round robin like the jars
    List<String> javaHomes = List.of(System.getProperty(JAVA_HOME, System.getProperty("java.home")).split(","));
    List<Config> cells = new ArrayList<>();
    for (Launch launch : launches) {
      for (Path each : jars) {
        for (Config config : configs) {
          for (String home : javaHomes) {
            cells.add(config.on(each, jars.size() > 1 ? " @ " + each.getFileName() : "", launch)
                .onJava(home.trim(), javaHomes.size() > 1 ? " @ " + Path.of(home.trim()).getFileName() : ""));
          }
        }
      }
    }
    configs = cells;
    configs.get(0).use();

    try (LocalFunctions functions = LocalFunctions.start(); GraphQLEndpoint updates = GraphQLEndpoint.start()) {
      // the order changes publisher posts to a local stand-in for the AppSync API
      Map<String, String> publisher = Map.of("ORDER_UPDATES_URL", updates.url().toString());
      Map<String, String> seedEnvironment = new HashMap<>(functions.environment());
      seedEnvironment.put("AWS_ENDPOINT_URL", functions.dynamoDbEndpoint().toString());
      Injector seeding = LambdaWiring.workflowStep(seedEnvironment, false);
      InitializeOrderHandler seed = new InitializeOrderHandler(seeding.getInstance(InitializeOrder.class));
      if ("primed".equals(System.getProperty("orderflow.bench.mode"))) {
        primed(functions, jar, runs, seed, publisher, configs);
        return;
      }

      for (ProbeFunction function : FUNCTIONS) {
        // one training run per function and launch: warms the servers, and fails early if a launch is broken
        String trainingId = "train-" + function.label();
        seedIfNeeded(seed, function, trainingId);
        check(functions.probe(jar, function.label(), trainingId, publisher), function);
        for (Launch launch : launches) {
          if (launch != Launch.DIRECT) {
            seedIfNeeded(seed, function, trainingId + "-" + launch.option);
            check(run(functions, new Config("training", null).on(jar, "", launch), function,
                trainingId + "-" + launch.option, publisher), function);
          }
        }
      }

      // round robin (run i of every configuration and function before run i + 1), so that load from
      // other processes on the machine spreads over every cell instead of skewing one configuration
      Map<String, List<long[]>> samples = new LinkedHashMap<>();
      for (int i = 0; i < runs; i++) {
        for (Config config : configs) {
          for (ProbeFunction function : FUNCTIONS) {
            // order ids have at most 64 characters: the cell's number, not its name
            String orderId = "bench-" + function.label() + "-c" + configs.indexOf(config) + "-" + i;
            seedIfNeeded(seed, function, orderId);
            Map<String, String> environment = new HashMap<>(options(config));
            environment.putAll(publisher);
            LocalFunctions.Run run = run(functions, config.use(), function, orderId, environment);
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
      System.out.println("runs per cell: " + runs + ", probe JVMs: " + javaHomes + ", cores: "
          + Runtime.getRuntime().availableProcessors() + ", load average: "
          + Files.readString(Path.of("/proc/loadavg")).trim());
      System.out.print(table);
    }
  }

  /** The functions of the stack, each with its SnapStart priming. */
  private static final List<ProbeFunction> PRIMED = List.of(ProbeFunction.RESOLVER, ProbeFunction.CONSUMER,
      ProbeFunction.INITIALIZE, ProbeFunction.DECIDE, ProbeFunction.COMPLETE, ProbeFunction.FAIL, ProbeFunction.CHANGES);

  /**
   * {@code -Dorderflow.bench.mode=primed}: per function (of {@link #PRIMED}) and configuration, N fresh JVMs each
   * running {@link PrimedProbe} — production wiring, the priming Lambda runs before a SnapStart snapshot and the
   * after-restore hooks (no snapshot), a first real event, then a second (warm) one. Prints the medians: classes loaded
   * and wall time of the first event, of the warm event, and their ratio.
   */
  private static void primed(LocalFunctions functions, Path jar, int runs, InitializeOrderHandler seed,
      Map<String, String> publisher, List<Config> configs) {
    List<String> jvm = List.of("-Dorg.crac.Core.Compat=" + PrimedProbe.LAMBDA_CRAC,
        "-D" + LambdaRuntimeClient.NATIVE_LIBRARY_PROPERTY + "=" + functions.nativeLibrary());
    List<Path> libraries = List.of(LambdaRuntimeClient.runtimeInterfaceClient());
    Map<String, List<double[]>> samples = new LinkedHashMap<>();
    String classList = System.getProperty("orderflow.bench.classList");
    java.util.SortedSet<String> loaded = new java.util.TreeSet<>();
    for (int i = -1; i < runs; i++) { // run -1 trains the servers and fails early if a function is broken
      for (Config config : configs) {
        for (ProbeFunction function : PRIMED) {
          String orderId = "primed-" + function.label() + "-c" + configs.indexOf(config) + "-" + i;
          seedIfNeeded(seed, function, orderId + "-a");
          seedIfNeeded(seed, function, orderId + "-b");
          Map<String, String> environment = new HashMap<>(options(config));
          environment.putAll(publisher);
          if (classList != null) {
            environment.merge("JAVA_TOOL_OPTIONS", "-Xlog:class+load:stdout", (a, b) -> a + " " + b);
          }
          LocalFunctions.Run run = functions.probe(config.use().jar(), jvm, libraries, PrimedProbe.class,
              List.of(function.label(), orderId + "-a", orderId + "-b"), environment);
          check(run, function);
          keep(run, orderId);
          loaded.addAll(loadedByEvents(run.stdout(), config.jar()));
          Map<String, Double> metrics = metrics(run.stdout());
          if (i >= 0) {
            samples.computeIfAbsent(config.name() + "|" + function.label(), k -> new ArrayList<>()).add(new double[] {
                metrics.get("firstClasses"), metrics.get("firstMs"), metrics.get("warmMs"), metrics.get("warmClasses"),
                metrics.get("initMs"), metrics.get("primeMs"), metrics.get("firstMs") / metrics.get("warmMs")});
          }
        }
      }
      System.err.println(i < 0 ? "training done" : "round " + (i + 1) + " of " + runs + " done");
    }
    if (classList != null) {
      writeClassList(Path.of(classList), loaded);
    }
    StringBuilder table = new StringBuilder("| configuration | function | classes loaded by the first event | "
        + "first event ms | warm event ms | first / warm | classes loaded by the warm event | init ms | priming ms |\n"
        + "|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Config config : configs) {
      for (ProbeFunction function : PRIMED) {
        List<double[]> cell = samples.get(config.name() + "|" + function.label());
        table.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.1f | %.1f | %.1f | %.0f | %.0f | %.0f |%n",
            config.name(), function.label(), medianOf(cell, 0), medianOf(cell, 1), medianOf(cell, 2),
            medianOf(cell, 6), medianOf(cell, 3), medianOf(cell, 4), medianOf(cell, 5)));
      }
    }
    try {
      System.out.println("primed, runs per cell: " + runs + ", probe JVMs: " + configs.stream()
          .map(c -> c.javaHome() == null ? System.getProperty("java.home") : c.javaHome()).distinct().toList() + ", cores: "
          + Runtime.getRuntime().availableProcessors() + ", load average: "
          + Files.readString(Path.of("/proc/loadavg")).trim());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    System.out.print(table);
  }

  /**
   * With {@code -Dorderflow.bench.output=<directory>}, writes the probe's standard output to {@code <orderId>.out}
   * there: with {@code -Dorderflow.bench.extraOptions=-Xlog:class+load:stdout}, which classes each phase loaded.
   */
  private static void keep(LocalFunctions.Run run, String orderId) {
    String directory = System.getProperty("orderflow.bench.output");
    if (directory != null) {
      try {
        Files.createDirectories(Path.of(directory));
        Files.writeString(Path.of(directory, orderId + ".out"), run.stdout());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  /**
   * The classes to load and initialise before a snapshot so that a primed probe's two events load less, from its
   * class-load log on standard output: the named classes the events loaded from the JDK or from {@code jar}, and the
   * classes whose code spun the lambda classes the events loaded (hidden and lambda classes cannot be loaded by name,
   * but initialising the class that declares them creates those of its static initialiser — e.g. a request model's
   * field accessors, whose class the bytecode verifier loaded long before without initialising it).
   */
  static java.util.Set<String> loadedByEvents(String stdout, Path jar) {
    java.util.Set<String> names = new java.util.TreeSet<>();
    java.util.regex.Matcher load = java.util.regex.Pattern.compile(
        "\\[class,load\\] (\\S+) source: (jrt:/\\S+|shared objects file\\S*|file:(\\S+)|([\\w.$]+)$)").matcher("");
    boolean during = false;
    for (String line : stdout.split("\n")) {
      if (line.startsWith("PHASE ")) {
        during = !line.equals("PHASE end");
      } else if (during && load.reset(line).find()) {
        if (load.group(4) != null) {
          if (load.group(4).contains(".")) { // not __JVM_LookupDefineClass__ and the like
            names.add(load.group(4));
          }
        } else if (!load.group(1).contains("$$Lambda") && !load.group(1).contains("/0x")
            && (load.group(3) == null || Path.of(load.group(3)).equals(jar))) {
          names.add(load.group(1));
        }
      }
    }
    return names;
  }

  /**
   * {@code -Dorderflow.bench.classList=<file>}: adds {@code names} to the priming class list in {@code file}
   * (src/main/resources/dev/orderflow/lambda/internal/priming/first-event-classes.txt), keeping its comments and
   * the names already there, so that runs on several JDKs add up.
   */
  private static void writeClassList(Path file, java.util.Set<String> names) {
    try {
      List<String> comments = new ArrayList<>();
      java.util.SortedSet<String> all = new java.util.TreeSet<>(names);
      if (Files.exists(file)) {
        for (String line : Files.readAllLines(file)) {
          if (line.startsWith("#")) {
            comments.add(line);
          } else if (!line.isBlank()) {
            all.add(line.strip());
          }
        }
      }
      List<String> lines = new ArrayList<>(comments);
      lines.addAll(all);
      Files.write(file, lines);
      System.err.println(file + ": " + all.size() + " classes (" + names.size() + " loaded by the events of this run)");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The {@code key=value} pairs of a probe's {@code METRICS} line. */
  private static Map<String, Double> metrics(String stdout) {
    Map<String, Double> metrics = new HashMap<>();
    // found anywhere in a line: with a class-load log on the same stream, the JVM's lines may run into it
    java.util.regex.Matcher pairs = java.util.regex.Pattern.compile("METRICS (.*)").matcher(stdout);
    if (pairs.find()) {
      java.util.regex.Matcher pair = java.util.regex.Pattern.compile("([A-Za-z]+)=([0-9]+(?:\\.[0-9]+)?)")
          .matcher(pairs.group(1));
      while (pair.find()) {
        metrics.put(pair.group(1), Double.parseDouble(pair.group(2)));
      }
    }
    if (metrics.size() < 6) {
      throw new IllegalStateException("no METRICS line: " + stdout);
    }
    return metrics;
  }

  private static double medianOf(List<double[]> samples, int column) {
    double[] sorted = samples.stream().mapToDouble(sample -> sample[column]).sorted().toArray();
    return sorted[sorted.length / 2];
  }

  private static LocalFunctions.Run run(LocalFunctions functions, Config config, ProbeFunction function,
      String orderId, Map<String, String> environment) {
    return switch (config.launch()) {
      case DIRECT -> functions.probe(config.jar(), function.label(), orderId, environment);
      case RUNTIME, RUNTIME_LIB -> functions.invokeThroughRuntime(function == ProbeFunction.TRIVIAL
              || function == ProbeFunction.SDK_FLOOR
              ? functions.referenceTaskRoot(config.jar(), config.launch() == Launch.RUNTIME_LIB)
              : functions.taskRoot(config.jar(), config.launch() == Launch.RUNTIME_LIB), function,
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
