package dev.orderflow.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * The outcome emails as deployed ({@link OutcomeMail}): the SES identity and configuration set, the mail queue fed by
 * the outcome topic, the mailer function reading it, and what the mailer may do — asserted by properties.
 */
class OutcomeMailTest {
  private static Template template;
  private static TemplateJson json;

  @BeforeAll
  static void synthesize() {
    template = Synthesized.production().template;
    json = new TemplateJson(template.toJSON());
  }

  private static final Object SENDER = Map.of("Ref", OrderflowStack.SENDER_IDENTITY_PARAMETER);

  private static String only(String type) {
    assertThat(json.ofType(type)).as(type).hasSize(1);
    return json.ofType(type).keySet().iterator().next();
  }

  /** The mail queue: the queue with a redrive policy that the mailer's event source reads. */
  private static String mailQueueId() {
    Map<String, Object> mapping = mailerMapping();
    return (String) TemplateJson.getAtt(mapping.get("EventSourceArn"))[0];
  }

  private static String mailDeadLetterQueueId() {
    return (String) TemplateJson.getAtt(TemplateJson.<Object>map(
        TemplateJson.properties(json.resource(mailQueueId())).get("RedrivePolicy")).get("deadLetterTargetArn"))[0];
  }

  private static Map<String, Object> mailerMapping() {
    String alias = OrderflowStackTemplateTest.liveAliasId(json, json.functionByHandler(OrderflowStack.MAILER_HANDLER));
    List<Map<String, Object>> mappings = json.ofType("AWS::Lambda::EventSourceMapping").values().stream()
        .map(TemplateJson::properties).filter(m -> m.get("FunctionName").toString().contains("Ref=" + alias)).toList();
    assertThat(mappings).hasSize(1);
    return mappings.get(0);
  }

  private static List<Map<String, Object>> mailerStatements() {
    return json.statementsOfRole(json.roleOf(json.functionByHandler(OrderflowStack.MAILER_HANDLER)));
  }

  private static List<Object> resources(Map<String, Object> statement) {
    return TemplateJson.list(statement.get("Resource"));
  }

  @Test
  void the_sender_identity_is_a_deploy_parameter_taking_an_address_or_a_domain() {
    template.hasParameter(OrderflowStack.SENDER_IDENTITY_PARAMETER, Map.of("Type", "String"));
    Pattern allowed = Pattern.compile((String) TemplateJson.<Object>map(TemplateJson.<Object>map(
        json.json.get("Parameters")).get(OrderflowStack.SENDER_IDENTITY_PARAMETER)).get("AllowedPattern"));
    for (String good : List.of("orders@example.com", "example.com", "mail.example.co.uk", "no-reply@shop.example")) {
      assertThat(allowed.matcher(good).matches()).as(good).isTrue();
    }
    for (String bad : List.of("", "localhost", "a b@example.com", "@example.com", "example", "-x.example.com")) {
      assertThat(allowed.matcher(bad).matches()).as(bad).isFalse();
    }
  }

  @Test
  void ses_verifies_the_identity_given_at_deploy_time_which_sends_through_the_configuration_set() {
    String identity = only("AWS::SES::EmailIdentity");
    String configurationSet = only("AWS::SES::ConfigurationSet");
    Map<String, Object> p = TemplateJson.properties(json.resource(identity));
    assertThat(p.get("EmailIdentity")).isEqualTo(SENDER);
    assertThat(p.get("ConfigurationSetAttributes"))
        .isEqualTo(Map.of("ConfigurationSetName", Map.of("Ref", configurationSet)));
  }

  @Test
  void the_configuration_set_suppresses_bounces_and_complaints_and_records_reputation() {
    Map<String, Object> p = TemplateJson.properties(json.resource(only("AWS::SES::ConfigurationSet")));
    assertThat(TemplateJson.<Object>map(p.get("SuppressionOptions")).get("SuppressedReasons"))
        .asList().containsExactlyInAnyOrder("BOUNCE", "COMPLAINT");
    assertThat(p.get("ReputationOptions")).isEqualTo(Map.of("ReputationMetricsEnabled", true));
    assertThat(TemplateJson.<Object>map(p.get("SendingOptions")).get("SendingEnabled")).isEqualTo(true);
    // no physical name: two stacks never collide
    assertThat(p).doesNotContainKey("Name");
  }

  @Test
  void the_mailer_may_send_only_as_the_identity_through_the_configuration_set() {
    String identity = only("AWS::SES::EmailIdentity");
    String configurationSet = only("AWS::SES::ConfigurationSet");
    List<Map<String, Object>> ses = mailerStatements().stream()
        .filter(s -> TemplateJson.actions(s).stream().anyMatch(a -> a.startsWith("ses:"))).toList();
    assertThat(ses).singleElement().satisfies(s -> {
      assertThat(TemplateJson.actions(s)).containsExactly("ses:SendEmail");
      assertThat(resources(s)).hasSize(2);
      assertThat(resources(s).get(0).toString()).contains(":ses:", ":identity/", "Ref=" + identity + "}");
      assertThat(resources(s).get(1).toString()).contains(":ses:", ":configuration-set/", "Ref=" + configurationSet)
          .doesNotContain(identity);
    });
    // and nothing anywhere may take an ses action on "*", or any ses action but SendEmail
    for (Map<String, Object> s : json.allStatements()) {
      if (TemplateJson.actions(s).stream().anyMatch(a -> a.startsWith("ses:"))) {
        assertThat(TemplateJson.actions(s)).as(s.toString()).containsExactly("ses:SendEmail");
        assertThat(resources(s)).as(s.toString()).isNotEmpty()
            .allSatisfy(r -> assertThat(r.toString()).doesNotContain("*"));
      }
    }
  }

  @Test
  void nobody_subscribes_an_email_address_to_the_outcome_topic_the_mail_queue_subscribes_with_raw_delivery() {
    String topic = json.outcomeTopic();
    List<Map<String, Object>> onOutcomes = json.ofType("AWS::SNS::Subscription").values().stream()
        .map(TemplateJson::properties).filter(p -> Map.of("Ref", topic).equals(p.get("TopicArn"))).toList();
    assertThat(onOutcomes).singleElement().satisfies(p -> {
      assertThat(p.get("Protocol")).isEqualTo("sqs");
      assertThat(p.get("Endpoint")).isEqualTo(Map.of("Fn::GetAtt", List.of(mailQueueId(), "Arn")));
      assertThat(p.get("RawMessageDelivery")).isEqualTo(true);
      assertThat(p).doesNotContainKeys("FilterPolicy");
    });
    assertThat(json.ofType("AWS::SNS::Subscription").values().stream().map(TemplateJson::properties)
        .filter(p -> "email".equals(p.get("Protocol")))).allSatisfy(p ->
        assertThat(p.get("TopicArn")).isEqualTo(Map.of("Ref", json.alarmTopic())));
    // the outcome topic keeps its place in the workflow: both final steps publish there
    assertThat(json.ofType("AWS::SNS::Topic")).hasSize(2);
  }

  @Test
  void only_the_outcome_topic_may_send_to_the_mail_queue() {
    String topic = json.outcomeTopic();
    String queue = mailQueueId();
    List<Map<String, Object>> policies = json.ofType("AWS::SQS::QueuePolicy").values().stream()
        .map(TemplateJson::properties).filter(p -> List.of(Map.of("Ref", queue)).equals(p.get("Queues"))).toList();
    assertThat(policies).hasSize(1);
    List<Map<String, Object>> allows = TemplateJson.statements(policies.get(0).get("PolicyDocument")).stream()
        .filter(s -> "Allow".equals(s.get("Effect"))).toList();
    assertThat(allows).singleElement().satisfies(s -> {
      assertThat(s.get("Principal")).isEqualTo(Map.of("Service", "sns.amazonaws.com"));
      assertThat(TemplateJson.actions(s)).containsExactly("sqs:SendMessage");
      assertThat(s.get("Resource")).isEqualTo(Map.of("Fn::GetAtt", List.of(queue, "Arn")));
      assertThat(s.get("Condition")).isEqualTo(Map.of("ArnEquals", Map.of("aws:SourceArn", Map.of("Ref", topic))));
    });
  }

  @Test
  void the_mail_queues_are_encrypted_with_a_rotated_key_sns_may_use_for_the_outcome_topic_only() {
    String key = (String) TemplateJson.getAtt(TemplateJson.properties(json.resource(mailQueueId())).get("KmsMasterKeyId"))[0];
    assertThat(TemplateJson.properties(json.resource(mailDeadLetterQueueId())).get("KmsMasterKeyId"))
        .isEqualTo(Map.of("Fn::GetAtt", List.of(key, "Arn")));
    Map<String, Object> p = TemplateJson.properties(json.resource(key));
    assertThat(p.get("EnableKeyRotation")).isEqualTo(true);
    List<Map<String, Object>> statements = TemplateJson.statements(p.get("KeyPolicy"));
    assertThat(statements).hasSize(3).allSatisfy(s -> assertThat(s.get("Effect")).isEqualTo("Allow"));
    assertThat(statements).filteredOn(s -> Map.of("Service", "sns.amazonaws.com").equals(s.get("Principal")))
        .singleElement().satisfies(s -> {
          assertThat(TemplateJson.actions(s)).containsExactlyInAnyOrderElementsOf(OutcomeMail.SNS_KEY_ACTIONS);
          assertThat(s.get("Condition")).isEqualTo(Map.of("ArnEquals",
              Map.of("aws:SourceArn", Map.of("Ref", json.outcomeTopic()))));
        });
    // the account administers it, and its principals may only decrypt through SQS (the mailer's poller, an operator)
    assertThat(statements).filteredOn(s -> TemplateJson.actions(s).contains("kms:Decrypt")
        && !Map.of("Service", "sns.amazonaws.com").equals(s.get("Principal"))).singleElement().satisfies(s -> {
          assertThat(TemplateJson.actions(s)).containsExactly("kms:Decrypt");
          assertThat(s.get("Condition").toString()).contains("kms:ViaService", "sqs.", "kms:CallerAccount");
        });
    assertThat(statements).filteredOn(s -> TemplateJson.actions(s).contains("kms:Create*")).singleElement()
        .satisfies(s -> assertThat(TemplateJson.actions(s)).containsExactlyInAnyOrderElementsOf(AlarmTopic.ADMIN_ACTIONS));
    // the mailer's role decrypts with this key only
    assertThat(mailerStatements()).filteredOn(s -> TemplateJson.actions(s).stream().anyMatch(a -> a.startsWith("kms:")))
        .singleElement().satisfies(s -> {
          assertThat(TemplateJson.actions(s)).containsExactly("kms:Decrypt");
          assertThat(s.get("Resource")).isEqualTo(Map.of("Fn::GetAtt", List.of(key, "Arn")));
        });
  }

  @Test
  void the_mail_queue_outlasts_a_claim_and_redrives_after_five_receives_with_an_alarm_on_its_dlq() {
    Map<String, Object> queue = TemplateJson.properties(json.resource(mailQueueId()));
    assertThat(queue.get("VisibilityTimeout")).isEqualTo(180);
    // EmailOutcome.CLAIM: two minutes; a redelivery must find a failed delivery's claim run out
    assertThat((Integer) queue.get("VisibilityTimeout")).isGreaterThan(120);
    Number mailerTimeout = (Number) TemplateJson.properties(
        json.resource(json.functionByHandler(OrderflowStack.MAILER_HANDLER))).get("Timeout");
    assertThat((Integer) queue.get("VisibilityTimeout")).isGreaterThanOrEqualTo(6 * mailerTimeout.intValue());
    assertThat(TemplateJson.<Object>map(queue.get("RedrivePolicy")).get("maxReceiveCount")).isEqualTo(5);
    template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
        "Namespace", "AWS/SQS",
        "MetricName", "ApproximateNumberOfMessagesVisible",
        "Dimensions", List.of(Map.of("Name", "QueueName",
            "Value", Map.of("Fn::GetAtt", List.of(mailDeadLetterQueueId(), "QueueName")))),
        "ComparisonOperator", "GreaterThanThreshold",
        "Threshold", 0,
        "EvaluationPeriods", 1,
        "AlarmActions", List.of(Map.of("Ref", json.alarmTopic()))));
  }

  @Test
  void the_mailer_alias_reads_the_mail_queue_in_batches_of_ten_reporting_item_failures_two_at_a_time() {
    Map<String, Object> mapping = mailerMapping();
    assertThat(mapping.get("BatchSize")).isEqualTo(10);
    assertThat(mapping.get("FunctionResponseTypes")).isEqualTo(List.of("ReportBatchItemFailures"));
    assertThat(mapping.get("ScalingConfig")).isEqualTo(Map.of("MaximumConcurrency", 2));
    assertThat(mapping.getOrDefault("MaximumBatchingWindowInSeconds", 0)).isEqualTo(0);
    assertThat(mapping.get("FunctionName").toString()).contains(":live");
    // its poller may read and delete the mail queue's messages, and nothing of any other queue
    Set<Object> queues = new TreeSet<>(java.util.Comparator.comparing(Object::toString));
    mailerStatements().stream().filter(s -> TemplateJson.actions(s).stream().anyMatch(a -> a.startsWith("sqs:")))
        .forEach(s -> {
          assertThat(TemplateJson.actions(s)).containsExactlyInAnyOrder("sqs:ReceiveMessage", "sqs:DeleteMessage",
              "sqs:GetQueueAttributes");
          queues.addAll(resources(s));
        });
    assertThat(queues).containsExactly(Map.of("Fn::GetAtt", List.of(mailQueueId(), "Arn")));
  }

  @Test
  void the_mailer_reads_and_updates_the_table_only() {
    String table = only("AWS::DynamoDB::Table");
    assertThat(mailerStatements()).filteredOn(s -> TemplateJson.actions(s).stream().anyMatch(a -> a.startsWith("dynamodb:")))
        .singleElement().satisfies(s -> {
          assertThat(TemplateJson.actions(s)).containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:UpdateItem");
          assertThat(s.get("Resource")).isEqualTo(Map.of("Fn::GetAtt", List.of(table, "Arn")));
        });
    // it publishes nothing and starts nothing: the outcome topic and the workflow are not its business
    assertThat(mailerStatements()).allSatisfy(s -> assertThat(TemplateJson.actions(s))
        .noneMatch(a -> a.startsWith("sns:") || a.startsWith("states:") || a.equals("sqs:SendMessage")));
  }

  @Test
  void outputs_name_the_mail_dead_letter_queue_and_the_sender_identity() {
    template.hasOutput("MailDeadLetterQueueUrl", Map.of("Value", Map.of("Ref", mailDeadLetterQueueId())));
    template.hasOutput("SenderIdentityArn", Map.of("Value", software.amazon.awscdk.assertions.Match.anyValue()));
  }

  @Test
  void the_dev_stage_has_the_same_mail_resources() {
    TemplateJson dev = new TemplateJson(Synthesized.devStage().template.toJSON());
    assertThat(dev.ofType("AWS::SES::EmailIdentity")).hasSize(1);
    assertThat(dev.ofType("AWS::SES::ConfigurationSet")).hasSize(1);
    assertThat(dev.functionByHandler(OrderflowStack.MAILER_HANDLER)).isNotNull();
  }
}
