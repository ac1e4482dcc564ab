package dev.orderflow.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cognito.Mfa;

/**
 * {@code cdk synth|deploy} entry point (see cdk.json). Context values ({@code -c name=value}), all optional:
 * <ul>
 *   <li>{@code lambdaJar}: the shaded jar; default {@code lambda-bootstrap/target/orderflow-lambda.jar}
 *       under the repository root;</li>
 *   <li>{@code schemaFile}, {@code responseTemplate}: default lambda-bootstrap's
 *       {@code src/main/resources/graphql/schema.graphql} and {@code response.vtl};</li>
 *   <li>{@code devStage=true}: adds an API key acting as {@code demoCustomer} (default {@code demo-customer});</li>
 *   <li>{@code stackName}: default {@code Orderflow};</li>
 *   <li>{@code paymentApprovalRate}: "0.0"–"1.0" for the simulated payment gateway;</li>
 *   <li>{@code mfa}: {@code off} (default), {@code optional} or {@code required}: the user pool's MFA (TOTP).</li>
 * </ul>
 * Relative paths are resolved against the repository root (the first directory upwards from the working
 * directory holding {@code lambda-bootstrap/}).
 */
public final class OrderflowApp {
  static final String DEFAULT_JAR = "lambda-bootstrap/target/orderflow-lambda.jar";
  static final String DEFAULT_SCHEMA = "lambda-bootstrap/src/main/resources/graphql/schema.graphql";
  static final String DEFAULT_RESPONSE_TEMPLATE = "lambda-bootstrap/src/main/resources/graphql/response.vtl";

  private OrderflowApp() {
  }

  public static void main(String[] args) {
    App app = new App();
    checkWithNag(app);
    Path root = repositoryRoot(Path.of("").toAbsolutePath());
    String stackName = context(app, "stackName", "Orderflow");
    new OrderflowStack(app, stackName, OrderflowStack.Props.defaults(
            root.resolve(context(app, "lambdaJar", DEFAULT_JAR)),
            root.resolve(context(app, "schemaFile", DEFAULT_SCHEMA)),
            root.resolve(context(app, "responseTemplate", DEFAULT_RESPONSE_TEMPLATE)))
        .withStackProps(StackProps.builder()
            .description("orderflow: event-driven order pipeline (AppSync, SQS, Step Functions, DynamoDB, SNS)")
            .env(Environment.builder()
                .account(System.getenv("CDK_DEFAULT_ACCOUNT"))
                .region(System.getenv("CDK_DEFAULT_REGION"))
                .build())
            .build())
        .withDevStage(Boolean.parseBoolean(context(app, "devStage", "false")))
        .withDemoCustomer(context(app, "demoCustomer", "demo-customer"))
        .withPaymentApprovalRate(context(app, "paymentApprovalRate", null))
        .withMfa(mfa(context(app, "mfa", "off"))));
    app.synth();
  }

  /**
   * Checks every construct with cdk-nag's AWS Solutions rules: an unsuppressed error fails the synth.
     */
  public static void checkWithNag(App app) {
    Aspects.of(app).add(AwsSolutionsChecks.Builder.create().verbose(true).build());
  }

  /** The {@code mfa} context value: off, optional or required (any case). */
  static Mfa mfa(String value) {
    return switch (value.toLowerCase(java.util.Locale.ROOT)) {
      case "off" -> Mfa.OFF;
      case "optional" -> Mfa.OPTIONAL;
      case "required" -> Mfa.REQUIRED;
      default -> throw new IllegalArgumentException("mfa must be off, optional or required, was " + value);
    };
  }

  static String context(App app, String name, String fallback) {
    Object value = app.getNode().tryGetContext(name);
    return value == null ? fallback : String.valueOf(value).strip();
  }

  /** The nearest directory at or above {@code start} that holds {@code lambda-bootstrap/}; else {@code start}. */
  static Path repositoryRoot(Path start) {
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("lambda-bootstrap"))) {
        return dir;
      }
    }
    return start;
  }
}
