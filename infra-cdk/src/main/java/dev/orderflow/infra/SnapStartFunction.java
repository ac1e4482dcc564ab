package dev.orderflow.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * One function of the shaded lambda-bootstrap jar: Java 25 (ADR 0021), SnapStart on published versions, and an
 * alias {@value #ALIAS} on the current version. Callers (event sources, state machine tasks, AppSync)
 * must use {@link #alias()}: SnapStart only applies to published versions, so invoking
 * {@code $LATEST} would cold-start the JVM every time.
 *
 * <p>The function gets its own role that may only write to its own log group (no
 * {@code AWSLambdaBasicExecutionRole}) and send its X-Ray trace segments ({@link #TRACING_ACTIONS}); grant
 * anything else to {@link #alias()}.
 *
 * <p>Observability, the same on every function: active X-Ray tracing (Lambda samples the requests that come
 * without a sampled trace header; a Step Functions task or AppSync call passes its own), and the environment
 * of the structured logs and EMF metrics ({@link #observabilityEnvironment}): the service name is the stack's
 * name, which is the {@value Operations#SERVICE_DIMENSION} dimension of every metric in namespace
 * {@value Operations#METRICS_NAMESPACE}. EMF metrics are log lines: the role needs no
 * {@code cloudwatch:PutMetricData}.
 */
public final class SnapStartFunction extends Construct {
  public static final String ALIAS = "live";
  /** All the role may do with logs: write streams of its own log group. */
  public static final java.util.Set<String> LOG_ACTIONS = java.util.Set.of("logs:CreateLogStream", "logs:PutLogEvents");
  /**
   * What active tracing adds to the role: sending trace segments and telemetry to X-Ray. Neither action supports
   * resource-level permissions (AWS documents Resource "*" for them), so they are granted on "*".
   */
  public static final java.util.Set<String> TRACING_ACTIONS =
      java.util.Set.of("xray:PutTraceSegments", "xray:PutTelemetryRecords");
  /** Log level of the functions' structured logs. */
  public static final String LOG_LEVEL = "INFO";

  private final Function function;
  private final Alias alias;
  private final LogGroup logGroup;
  private final Role role;
  private final String handler;

  /**
   * JVM options for the short-lived, init-heavy work of a function, as measured by the cold-start harness
   * (docs/benchmarks.md, Lambda cold start): C1-only JIT (the Java 17+ runtimes' default, stated anyway), one
   * compiler thread so compilation competes less with the init threads, the serial collector (what the JVM
   * picks by itself below 1,769 MB; explicit so a memory change does not switch to G1), no perf-data file.
   */
  static final String JVM_OPTIONS =
      "-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -XX:CICompilerCount=1";

  private static Map<String, String> withDefaults(Map<String, String> environment, String service) {
    Map<String, String> all = new java.util.LinkedHashMap<>(environment);
    all.putIfAbsent("JAVA_TOOL_OPTIONS", JVM_OPTIONS);
    observabilityEnvironment(service).forEach(all::putIfAbsent);
    return all;
  }

  /**
   * The variables lambda-bootstrap's logging and metrics read: {@code POWERTOOLS_SERVICE_NAME} (the
   * {@value Operations#SERVICE_DIMENSION} dimension and the logs' service), {@code POWERTOOLS_METRICS_NAMESPACE}
   * and {@code POWERTOOLS_LOG_LEVEL}.
   */
  public static Map<String, String> observabilityEnvironment(String service) {
    // in a fixed order: the template (and the published version's hash) must not depend on Map.of's order
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("POWERTOOLS_SERVICE_NAME", Objects.requireNonNull(service, "service"));
    variables.put("POWERTOOLS_METRICS_NAMESPACE", Operations.METRICS_NAMESPACE);
    variables.put("POWERTOOLS_LOG_LEVEL", LOG_LEVEL);
    return java.util.Collections.unmodifiableMap(variables);
  }

  public SnapStartFunction(Construct scope, String id, Props props) {
    super(scope, id);
    Objects.requireNonNull(props, "props");
    this.logGroup = LogGroup.Builder.create(this, "Logs")
        .retention(props.logRetention())
        .removalPolicy(RemovalPolicy.DESTROY)
        .build();
    this.role = Role.Builder.create(this, "Role")
        .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
        .description("Runs " + props.handler())
        .build();
    logGroup.grant(role, LOG_ACTIONS.stream().sorted().toArray(String[]::new));
    this.handler = props.handler();
    this.function = Function.Builder.create(this, "Function")
        .description(props.description())
        .runtime(Runtime.JAVA_25)
        .code(props.code())
        .handler(props.handler())
        .memorySize(props.memorySize())
        .timeout(props.timeout())
        .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
        .tracing(Tracing.ACTIVE)
        .environment(withDefaults(props.environment(), Stack.of(this).getStackName()))
        .role(role)
        .logGroup(logGroup)
        .build();
    // active tracing added xray:PutTraceSegments and xray:PutTelemetryRecords on "*" to the role
    NagSuppressions.addResourceSuppressions(role, List.of(NagPackSuppression.builder()
        .id("AwsSolutions-IAM5")
        .reason("Active X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level "
            + "permissions (AWS documents Resource \"*\" for them); they send trace data, read nothing. Every other "
            + "statement of the role names its resource (the publisher's dynamodb:ListStreams, which supports none "
            + "either, excepted).")
        .appliesTo(List.of("Resource::*"))
        .build()), true);
    // the warning asks for a published version: the alias below publishes currentVersion
    Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
        "invoked only through the alias on currentVersion, a published version");

    this.alias = Alias.Builder.create(this, "Alias")
        .aliasName(ALIAS)
        .version(function.getCurrentVersion())
        .build();
  }

  /** What every caller invokes: the alias on the published (snapshotted) version. */
  public Alias alias() {
    return alias;
  }

  /** The unqualified function, for configuration only; never invoke it. */
  public IFunction function() {
    return function;
  }

  public LogGroup logGroup() {
    return logGroup;
  }

  public IRole role() {
    return role;
  }

  /** {@code package.Class::method} the function runs. */
  public String handler() {
    return handler;
  }

  /**
   * Properties of {@link SnapStartFunction}: {@link #of} gives the defaults.
   *
   * @param code         the shaded jar
   * @param handler      {@code package.Class::method}
   * @param description  null: the handler
   * @param timeout      default 20 seconds
   * @param memorySize   memory in MB (128–10240); CPU grows with it, and the JVM with its JIT is CPU-hungry.
   *                     Default 1024
   * @param environment  the function's own variables, in the order given (Map.copyOf would iterate in an order
   *                     that changes from one JVM to the next); default none
   * @param logRetention default {@link RetentionDays#ONE_MONTH}
   */
  public record Props(Code code, String handler, String description, Duration timeout, int memorySize,
      Map<String, String> environment, RetentionDays logRetention) {
    public Props {
      Objects.requireNonNull(code, "code is required");
      Objects.requireNonNull(handler, "handler is required");
      description = description == null ? handler : description;
      Objects.requireNonNull(timeout, "timeout");
      if (memorySize < 128 || memorySize > 10240) {
        throw new IllegalArgumentException("memorySize must be 128–10240 MB, was " + memorySize);
      }
      environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
      Objects.requireNonNull(logRetention, "logRetention");
    }

    /** The function with the given timeout and description; 1024 MB, no environment, a month of logs. */
    public static Props of(Code code, String handler, Duration timeout, String description) {
      return new Props(code, handler, description, timeout, 1024, Map.of(), RetentionDays.ONE_MONTH);
    }

    /** These props with one more environment variable. */
    public Props withEnvironment(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(environment);
      more.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, name));
      return new Props(code, handler, description, timeout, memorySize, more, logRetention);
    }
  }
}
