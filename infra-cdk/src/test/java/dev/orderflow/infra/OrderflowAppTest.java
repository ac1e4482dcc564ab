package dev.orderflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.logs.RetentionDays;

/** The app's defaults, its errors, and props, without synthesizing the whole stack. */
class OrderflowAppTest {

  @Test
  void finds_the_repository_root_from_the_module_or_the_root() {
    Path root = Synthesized.REPO_ROOT;
    assertThat(root.resolve("lambda-bootstrap")).isDirectory();
    assertThat(OrderflowApp.repositoryRoot(root.resolve("infra-cdk"))).isEqualTo(root);
    assertThat(OrderflowApp.repositoryRoot(root)).isEqualTo(root);
  }

  @Test
  void defaults_point_at_lambda_bootstrap_s_jar_schema_and_template() {
    assertThat(OrderflowApp.DEFAULT_JAR).isEqualTo("lambda-bootstrap/target/orderflow-lambda.jar");
    assertThat(Synthesized.REPO_ROOT.resolve(OrderflowApp.DEFAULT_SCHEMA)).isRegularFile();
    assertThat(Synthesized.REPO_ROOT.resolve(OrderflowApp.DEFAULT_RESPONSE_TEMPLATE)).isRegularFile();
  }

  @Test
  void a_missing_jar_is_refused_with_the_command_that_builds_it(@TempDir Path dir) {
    OrderflowStack.Props props = OrderflowStack.Props.defaults(
        dir.resolve("missing.jar"), Synthesized.SCHEMA, Synthesized.RESPONSE_TEMPLATE);
    assertThatThrownBy(() -> new OrderflowStack(new App(), "Orderflow", props))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing.jar")
        .hasMessageContaining("mvn -q install -pl lambda-bootstrap -am");
  }

  @Test
  void a_missing_schema_is_refused_by_name(@TempDir Path dir) throws Exception {
    Path jar = Files.writeString(dir.resolve("code.jar"), "x");
    OrderflowStack.Props props = OrderflowStack.Props.defaults(
        jar, dir.resolve("nowhere.graphql"), Synthesized.RESPONSE_TEMPLATE);
    assertThatThrownBy(() -> new OrderflowStack(new App(), "Orderflow", props))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GraphQL schema not found")
        .hasMessageContaining("nowhere.graphql");
  }

  @Test
  void the_queue_s_visibility_is_six_times_whatever_the_consumer_timeout_is() {
    Stack stack = new Stack(new App(), "S");
    new OrderQueue(stack, "Q", new OrderQueue.Props(Duration.seconds(45), 7));
    Template.fromStack(stack).hasResourceProperties("AWS::SQS::Queue", Map.of(
        "VisibilityTimeout", 270,
        "RedrivePolicy", Map.of("deadLetterTargetArn", Match.anyValue(), "maxReceiveCount", 7)));
    assertThatThrownBy(() -> OrderQueue.Props.of(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("consumerTimeout");
    assertThatThrownBy(() -> new OrderQueue.Props(Duration.seconds(45), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void props_refuse_out_of_range_settings() {
    OrderflowStack.Props props = OrderflowStack.Props.defaults(
        Synthesized.placeholderCode(), Synthesized.SCHEMA, Synthesized.RESPONSE_TEMPLATE);
    assertThatThrownBy(() -> props.withConsumerMaxConcurrency(1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2–1000");
    assertThatThrownBy(() -> props.withPaymentApprovalRate("1.5"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SnapStartFunction.Props(Code.fromInline("x"), "h", null, Duration.seconds(20), 64,
            Map.of(), RetentionDays.ONE_MONTH))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
