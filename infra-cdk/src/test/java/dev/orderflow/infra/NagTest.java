package dev.orderflow.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;

/** cdk-nag's AWS Solutions rules, applied by the app itself ({@link OrderflowApp#checkWithNag}). */
class NagTest {

  @Test
  void production_stack_has_no_unsuppressed_aws_solutions_errors_or_warnings() {
    Annotations annotations = Synthesized.production().annotations;
    assertThat(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
    assertThat(annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
    // nor any other warning (e.g. CDK's own) left unacknowledged
    assertThat(annotations.findWarning("*", Match.anyValue())).isEmpty();
  }

  @Test
  void dev_stage_has_no_unsuppressed_aws_solutions_errors_or_warnings() {
    Annotations annotations = Synthesized.devStage().annotations;
    assertThat(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
    assertThat(annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
  }

  @Test
  void every_suppression_names_one_rule_and_gives_a_specific_reason() {
    List<Map<String, Object>> suppressions = new ArrayList<>();
    TemplateJson json = new TemplateJson(Synthesized.production().template.toJSON());
    json.resources().values().forEach(r -> {
      Map<String, Object> metadata = TemplateJson.map(r.get("Metadata"));
      if (metadata != null && metadata.get("cdk_nag") != null) {
        for (Object s : TemplateJson.list(TemplateJson.<Object>map(metadata.get("cdk_nag")).get("rules_to_suppress"))) {
          suppressions.add(TemplateJson.map(s));
        }
      }
    });
    assertThat(suppressions).isNotEmpty().allSatisfy(s -> {
      assertThat((String) s.get("id")).matches("AwsSolutions-[A-Z]+[0-9]+");
      assertThat((String) s.get("reason")).hasSizeGreaterThan(60);
    });
    // exactly these rules are waived, and IAM5 only for Resource::*
    assertThat(suppressions).extracting(s -> s.get("id")).containsOnly(
        "AwsSolutions-IAM5", "AwsSolutions-ASC3", "AwsSolutions-COG2", "AwsSolutions-COG3",
        "AwsSolutions-SF1", "AwsSolutions-SQS3");
    assertThat(suppressions).filteredOn(s -> "AwsSolutions-IAM5".equals(s.get("id")))
        .allSatisfy(s -> assertThat(s.get("applies_to")).isEqualTo(List.of("Resource::*")));
  }

  @Test
  void sqs3_is_waived_for_the_live_updates_failure_queue_only_itself_a_dead_letter_destination() {
    TemplateJson json = new TemplateJson(Synthesized.production().template.toJSON());
    List<String> waived = new ArrayList<>();
    json.resources().forEach((id, r) -> {
      Map<String, Object> metadata = TemplateJson.map(r.get("Metadata"));
      if (metadata != null && String.valueOf(metadata.get("cdk_nag")).contains("AwsSolutions-SQS3")) {
        waived.add(id);
      }
    });
    assertThat(waived).singleElement().satisfies(id -> {
      // the event source mapping's on-failure destination
      Object arn = Map.of("Fn::GetAtt", List.of(id, "Arn"));
      assertThat(json.ofType("AWS::Lambda::EventSourceMapping").values().stream()
          .map(TemplateJson::properties).filter(m -> m.containsKey("DestinationConfig"))
          .map(m -> TemplateJson.<Object>map(TemplateJson.<Object>map(m.get("DestinationConfig")).get("OnFailure"))
              .get("Destination"))
          .toList()).containsExactly(arn);
    });
  }

  @Test
  void the_check_is_live_a_plain_queue_fails_it() {
    App app = new App();
    OrderflowApp.checkWithNag(app);
    Stack stack = new Stack(app, "Offender");
    Queue.Builder.create(stack, "Plain").encryption(QueueEncryption.UNENCRYPTED).build();

    Annotations annotations = Annotations.fromStack(stack);

    assertThat(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-SQS[0-9].*"))).isNotEmpty();
  }
}
