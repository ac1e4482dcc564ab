package dev.orderflow.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.inmemory.InMemoryOrderWorkflow;
import dev.orderflow.testing.servers.AslRunner;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The synthesized state machine against docs/workflow-contract.md, statically, and asl-validator. */
class WorkflowDefinitionTest {
  private static TemplateJson template;
  private static String definitionJson;
  private static Map<String, Object> states;
  private static Map<String, Object> definition;

  @BeforeAll
  static void synthesize() throws Exception {
    template = new TemplateJson(Synthesized.production().template.toJSON());
    definitionJson = StateMachineDefinition.resolve(template);
    definition = new ObjectMapper().readValue(definitionJson, new TypeReference<Map<String, Object>>() {});
    states = TemplateJson.map(definition.get("States"));
  }

  @Test
  void asl_validator_accepts_the_definition() {
    assertThat(AslRunner.validate(definitionJson)).isEmpty();
  }

  @Test
  void asl_validator_would_reject_a_broken_definition() {
    // the guard above can fail: the same definition with a dangling Next is refused
    String broken = definitionJson.replace("\"Next\":\"DecidePayment\"", "\"Next\":\"NoSuchState\"");
    assertThat(broken).isNotEqualTo(definitionJson);
    assertThat(AslRunner.validate(broken)).isNotEmpty();
  }

  @Test
  void states_are_the_contract_s_five_in_order() {
    assertThat(definition.get("StartAt")).isEqualTo("InitializeOrder");
    assertThat(states).containsOnlyKeys("InitializeOrder", "DecidePayment", "PaymentApproved?", "CompleteOrder", "FailOrder");
    assertThat(state("InitializeOrder").get("Next")).isEqualTo("DecidePayment");
    assertThat(state("DecidePayment").get("Next")).isEqualTo("PaymentApproved?");
    assertThat(state("CompleteOrder").get("End")).isEqualTo(true);
    assertThat(state("FailOrder").get("End")).isEqualTo(true);
  }

  @Test
  void each_task_gets_the_contract_s_payload_and_places_the_result_where_the_contract_says() {
    Map<String, Object> key = Map.of("orderId.$", "$.orderId", "customer.$", "$.customer");
    assertThat(state("InitializeOrder")).doesNotContainKeys("Parameters", "InputPath").containsEntry("ResultPath", "$.initialized");
    assertThat(state("DecidePayment")).containsEntry("Parameters", key).containsEntry("ResultPath", "$.payment");
    assertThat(state("CompleteOrder")).containsEntry("Parameters", key).containsEntry("ResultPath", "$.result");
    assertThat(state("FailOrder")).doesNotContainKeys("Parameters", "InputPath").containsEntry("ResultPath", "$.result");
    for (String task : List.of("InitializeOrder", "DecidePayment", "CompleteOrder", "FailOrder")) {
      assertThat(state(task)).containsEntry("Type", "Task").doesNotContainKeys("OutputPath", "ResultSelector");
    }
  }

  @Test
  void the_choice_completes_only_an_approved_payment() {
    Map<String, Object> choice = state("PaymentApproved?");
    assertThat(choice.get("Type")).isEqualTo("Choice");
    assertThat(choice.get("Choices")).isEqualTo(List.of(
        Map.of("Variable", "$.payment.approved", "BooleanEquals", true, "Next", "CompleteOrder")));
    assertThat(choice.get("Default")).isEqualTo("FailOrder");
  }

  @Test
  void every_step_retries_exactly_the_transient_errors_with_backoff_and_catches_the_rest_into_fail_order() {
    for (String task : List.of("InitializeOrder", "DecidePayment", "CompleteOrder")) {
      List<Object> retry = TemplateJson.list(state(task).get("Retry"));
      assertThat(retry).as(task).hasSize(1);
      Map<String, Object> retrier = TemplateJson.map(retry.get(0));
      assertThat(retrier.get("ErrorEquals")).as(task).isEqualTo(List.of(
          "Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException",
          "Lambda.TooManyRequestsException", "dev.orderflow.core.port.TransientFailureException"));
      assertThat(((Number) retrier.get("BackoffRate")).doubleValue()).as(task).isGreaterThan(1.0);
      assertThat(((Number) retrier.get("MaxAttempts")).intValue()).as(task).isGreaterThan(1);
      assertThat(state(task).get("Catch")).as(task).isEqualTo(List.of(
          Map.of("ErrorEquals", List.of("States.ALL"), "ResultPath", "$.error", "Next", "FailOrder")));
    }
  }

  @Test
  void fail_order_retries_every_error_longer_and_catches_nothing() {
    Map<String, Object> retrier = TemplateJson.map(TemplateJson.list(state("FailOrder").get("Retry")).get(0));
    int stepAttempts = ((Number) TemplateJson.map(TemplateJson.list(state("CompleteOrder").get("Retry")).get(0))
        .get("MaxAttempts")).intValue();
    assertThat(retrier.get("ErrorEquals")).isEqualTo(List.of("States.ALL"));
    assertThat(((Number) retrier.get("MaxAttempts")).intValue()).isGreaterThan(stepAttempts);
    assertThat(((Number) retrier.get("BackoffRate")).doubleValue()).isGreaterThan(1.0);
    assertThat(state("FailOrder")).doesNotContainKey("Catch");
  }

  @Test
  void the_in_memory_workflow_makes_as_many_attempts_as_the_state_machine() {
    for (String task : List.of("InitializeOrder", "DecidePayment", "CompleteOrder")) {
      Map<String, Object> retrier = TemplateJson.map(TemplateJson.list(state(task).get("Retry")).get(0));
      assertThat(1 + ((Number) retrier.get("MaxAttempts")).intValue()).as(task)
          .isEqualTo(InMemoryOrderWorkflow.STATE_MACHINE_TASK_ATTEMPTS);
    }
    Map<String, Object> failRetrier = TemplateJson.map(TemplateJson.list(state("FailOrder").get("Retry")).get(0));
    assertThat(1 + ((Number) failRetrier.get("MaxAttempts")).intValue())
        .isEqualTo(InMemoryOrderWorkflow.STATE_MACHINE_FAIL_ORDER_ATTEMPTS);
  }

  @Test
  void each_task_invokes_the_live_alias_of_the_function_with_the_matching_handler() {
    Map<String, String> handlers = Map.of(
        "InitializeOrder", OrderflowStack.INITIALIZE_ORDER_HANDLER,
        "DecidePayment", OrderflowStack.DECIDE_PAYMENT_HANDLER,
        "CompleteOrder", OrderflowStack.COMPLETE_ORDER_HANDLER,
        "FailOrder", OrderflowStack.FAIL_ORDER_HANDLER);
    handlers.forEach((task, handler) -> {
      String resource = (String) state(task).get("Resource");
      assertThat(resource).as(task).startsWith(StateMachineDefinition.LAMBDA_ARN_PREFIX);
      String aliasId = resource.substring(StateMachineDefinition.LAMBDA_ARN_PREFIX.length());
      Map<String, Object> alias = template.resource(aliasId);
      assertThat(alias.get("Type")).as(task).isEqualTo("AWS::Lambda::Alias");
      assertThat(TemplateJson.properties(alias).get("Name")).isEqualTo("live");
      assertThat(TemplateJson.ref(TemplateJson.properties(alias).get("FunctionName")))
          .as(task).isEqualTo(template.functionByHandler(handler));
    });
  }

  private static Map<String, Object> state(String name) {
    return TemplateJson.map(states.get(name));
  }
}
