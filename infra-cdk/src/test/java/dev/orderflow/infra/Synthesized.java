package dev.orderflow.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Template;

/**
 * The stack as the app builds it, synthesized once per configuration per test JVM (a synth costs
 * seconds). The Lambda code is a placeholder directory: the stack must synth before lambda-bootstrap's
 * jar is built. Schema and response template are lambda-bootstrap's real files.
 */
final class Synthesized {
  static final Path REPO_ROOT = OrderflowApp.repositoryRoot(Path.of("").toAbsolutePath());
  static final Path SCHEMA = REPO_ROOT.resolve(OrderflowApp.DEFAULT_SCHEMA);
  static final Path RESPONSE_TEMPLATE = REPO_ROOT.resolve(OrderflowApp.DEFAULT_RESPONSE_TEMPLATE);

  private static final Map<Boolean, Synthesized> CACHE = new ConcurrentHashMap<>();

  final OrderflowStack stack;
  final Template template;
  final Annotations annotations;

  private Synthesized(boolean devStage) {
    App app = new App();
    OrderflowApp.checkWithNag(app);
    this.stack = new OrderflowStack(app, "Orderflow",
        OrderflowStack.Props.defaults(placeholderCode(), SCHEMA, RESPONSE_TEMPLATE).withDevStage(devStage));
    this.template = Template.fromStack(stack);
    this.annotations = Annotations.fromStack(stack);
  }

  /** The production configuration (Cognito only). */
  static Synthesized production() {
    return CACHE.computeIfAbsent(false, Synthesized::new);
  }

  /** A dev stage ({@code devStage=true}: API key + demo customer). */
  static Synthesized devStage() {
    return CACHE.computeIfAbsent(true, Synthesized::new);
  }

  static Path placeholderCode() {
    Path dir = Path.of("target", "placeholder-lambda-code");
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("README.txt"), "stands in for lambda-bootstrap's jar in tests\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }
}
