package dev.orderflow.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AwsSettingsTest {
  private static final Map<String, String> FULL = Map.of(
      "ORDERS_TABLE", "orders",
      "ORDER_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/1/orders",
      "ORDER_STATE_MACHINE_ARN", "arn:aws:states:eu-west-1:1:stateMachine:orders",
      "ORDER_TOPIC_ARN", "arn:aws:sns:eu-west-1:1:outcomes",
      "AWS_REGION", "eu-west-1");

  @Test
  void readsEveryVariable() {
    AwsSettings settings = AwsSettings.fromEnvironment(FULL);

    assertThat(settings.tableName()).isEqualTo("orders");
    assertThat(settings.queueUrl()).endsWith("/orders");
    assertThat(settings.stateMachineArn()).endsWith(":stateMachine:orders");
    assertThat(settings.topicArn()).endsWith(":outcomes");
    assertThat(settings.region()).isEqualTo("eu-west-1");
    assertThat(settings.endpointOverride()).isEmpty();
  }

  @Test
  void namesEveryMissingOrBlankVariable() {
    assertThatThrownBy(() -> AwsSettings.fromEnvironment(Map.of("ORDERS_TABLE", "orders", "ORDER_TOPIC_ARN", " ")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("missing environment variables: AWS_REGION, ORDER_QUEUE_URL, ORDER_STATE_MACHINE_ARN, ORDER_TOPIC_ARN");
  }

  @Test
  void aDeploymentNeedsOnlyWhatItUses() {
    AwsSettings tableOnly = AwsSettings.fromEnvironment(Map.of("ORDERS_TABLE", "orders", "AWS_REGION", "us-east-1"),
        EnumSet.of(AwsResource.TABLE));

    assertThat(tableOnly.tableName()).isEqualTo("orders");
    assertThat(tableOnly.has(AwsResource.QUEUE)).isFalse();
    assertThatThrownBy(tableOnly::queueUrl).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ORDER_QUEUE_URL");
    assertThatThrownBy(() -> AwsSettings.fromEnvironment(Map.of("AWS_REGION", "us-east-1"), EnumSet.of(AwsResource.TABLE)))
        .hasMessage("missing environment variable: ORDERS_TABLE");
  }

  @Test
  void readsAnEndpointOverrideAndRejectsANonUrl() {
    Map<String, String> local = new java.util.HashMap<>(FULL);
    local.put("AWS_ENDPOINT_URL", "http://127.0.0.1:4566");
    assertThat(AwsSettings.fromEnvironment(local).endpointOverride()).contains(URI.create("http://127.0.0.1:4566"));

    local.put("AWS_ENDPOINT_URL", "localhost");
    assertThatThrownBy(() -> AwsSettings.fromEnvironment(local)).hasMessageContaining("AWS_ENDPOINT_URL");
  }

  @Test
  void readsTheOutcomeEmailsSenderAndConfigurationSetWhenPresent() {
    Map<String, String> withEmail = new java.util.HashMap<>(FULL);
    withEmail.put("ORDER_EMAIL_FROM", " Orders <orders@example.com> ");
    withEmail.put("ORDER_EMAIL_CONFIGURATION_SET", "outcomes");
    AwsSettings settings = AwsSettings.fromEnvironment(withEmail);

    assertThat(settings.emailFrom()).isEqualTo("Orders <orders@example.com>");
    assertThat(settings.emailConfigurationSet()).contains("outcomes");

    withEmail.put("ORDER_EMAIL_CONFIGURATION_SET", " ");
    assertThat(AwsSettings.fromEnvironment(withEmail).emailConfigurationSet()).isEmpty();
    withEmail.put("ORDER_EMAIL_FROM", "orders@example.com\nBcc: someone@example.com");
    assertThatThrownBy(() -> AwsSettings.fromEnvironment(withEmail)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ORDER_EMAIL_FROM");
  }

  @Test
  void aMissingSenderIsNamedWhenTheMailerAsksForIt() {
    AwsSettings settings = AwsSettings.fromEnvironment(FULL);

    assertThat(settings.emailConfigurationSet()).isEmpty();
    assertThatThrownBy(settings::emailFrom).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ORDER_EMAIL_FROM");
  }

  @Test
  void theBuilderNeedsARegion() {
    assertThat(AwsSettings.builder().region("us-east-1").tableName("t").build())
        .isEqualTo(new AwsSettings("t", null, null, null, "us-east-1", Optional.empty()))
        .isEqualTo(new AwsSettings("t", null, null, null, "us-east-1", Optional.empty(), null, Optional.empty()));
    assertThat(AwsSettings.builder().region("us-east-1").emailFrom("o@example.com").emailConfigurationSet("c").build())
        .isEqualTo(new AwsSettings(null, null, null, null, "us-east-1", Optional.empty(), "o@example.com",
            Optional.of("c")));
    assertThatThrownBy(() -> AwsSettings.builder().tableName("t").build()).hasMessageContaining("AWS_REGION");
  }
}
