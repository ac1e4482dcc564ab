package dev.orderflow.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.core.application.ProcessOrder;
import dev.orderflow.core.application.ProcessOrder.State;
import dev.orderflow.testing.servers.AslRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The synthesized state machine against the core's {@link ProcessOrder} (the one definition of the workflow) and
 * docs/workflow-contract.md, statically, and asl-validator.
 */
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
    String broken = definitionJson.replace("\"Next\":\"OrderDeleted?\"", "\"Next\":\"NoSuchState\"");
    assertThat(broken).isNotEqualTo(definitionJson);
    assertThat(AslRunner.validate(broken)).isNotEmpty();
  }

  @Test
  void states_are_process_order_s_tasks_choices_and_cancelled_end() {
    assertThat(definition.get("StartAt")).isEqualTo(State.INITIALIZE_ORDER.stateName());
    List<String> names = new ArrayList<>();
    for (State state : State.values()) {
      names.add(state.stateName());
    }
    names.addAll(List.of(ProcessOrder.ORDER_DELETED_CHOICE, ProcessOrder.PAYMENT_APPROVED_CHOICE, ProcessOrder.CANCELLED));
    assertThat(states.keySet()).containsExactlyInAnyOrderElementsOf(names);
    assertThat(state("InitializeOrder").get("Next")).isEqualTo(ProcessOrder.ORDER_DELETED_CHOICE);
    assertThat(state("DecidePayment").get("Next")).isEqualTo(ProcessOrder.PAYMENT_APPROVED_CHOICE);
    assertThat(state("CompleteOrder").get("End")).isEqualTo(true);
    assertThat(state("FailOrder").get("End")).isEqualTo(true);
    assertThat(state(ProcessOrder.CANCELLED).get("Type")).isEqualTo("Succeed");
  }

  @Test
  void each_task_gets_the_contract_s_payload_and_places_the_result_where_the_contract_says() {
    Map<String, Object> key = Map.of("orderId.$", "$.orderId", "customer.$", "$.customer");
    assertThat(state("InitializeOrder")).doesNotContainKeys("Parameters", "InputPath").containsEntry("ResultPath", "$.initialized");
    assertThat(state("DecidePayment")).containsEntry("Parameters", key).containsEntry("ResultPath", "$.payment");
    assertThat(state("CompleteOrder")).containsEntry("Parameters", key).containsEntry("ResultPath", "$.result");
    assertThat(state("FailOrder")).doesNotContainKeys("Parameters", "InputPath").containsEntry("ResultPath", "$.result");
    for (State task : State.values()) {
      assertThat(state(task.stateName())).containsEntry("Type", "Task").doesNotContainKeys("OutputPath", "ResultSelector");
    }
  }

  @Test
  void a_deleted_order_is_cancelled_after_initialisation_and_any_other_goes_on_to_the_payment() {
    Map<String, Object> choice = state(ProcessOrder.ORDER_DELETED_CHOICE);
    assertThat(choice.get("Type")).isEqualTo("Choice");
    assertThat(choice.get("Choices")).isEqualTo(List.of(
        Map.of("Variable", "$.initialized.status", "StringEquals", ProcessOrder.DELETED, "Next", ProcessOrder.CANCELLED)));
    assertThat(choice.get("Default")).isEqualTo("DecidePayment");
  }

  @Test
  void the_payment_choice_completes_an_approved_order_cancels_a_deleted_one_and_fails_the_rest() {
    Map<String, Object> choice = state(ProcessOrder.PAYMENT_APPROVED_CHOICE);
    assertThat(choice.get("Type")).isEqualTo("Choice");
    assertThat(choice.get("Choices")).isEqualTo(List.of(
        Map.of("Variable", "$.payment.approved", "BooleanEquals", true, "Next", "CompleteOrder"),
        Map.of("And", List.of(
                Map.of("Variable", "$.payment.deleted", "IsPresent", true),
                Map.of("Variable", "$.payment.deleted", "BooleanEquals", true)),
            "Next", ProcessOrder.CANCELLED)));
    assertThat(choice.get("Default")).isEqualTo("FailOrder");
  }

  @Test
  void every_task_retries_and_catches_exactly_as_process_order_defines() {
    for (State task : State.values()) {
      String name = task.stateName();
      ProcessOrder.Retry expected = ProcessOrder.retryOf(task);
      Map<String, Object> retrier = TemplateJson.map(single(state(name).get("Retry"), name));
      assertThat(retrier.get("ErrorEquals")).as(name).isEqualTo(expected.errors());
      assertThat(((Number) retrier.get("MaxAttempts")).intValue()).as(name).isEqualTo(expected.maxAttempts());
      assertThat(((Number) retrier.get("IntervalSeconds")).longValue()).as(name).isEqualTo(expected.interval().toSeconds());
      assertThat(((Number) retrier.get("BackoffRate")).doubleValue()).as(name).isEqualTo(expected.backoffRate());
      assertThat(((Number) retrier.get("MaxDelaySeconds")).longValue()).as(name).isEqualTo(expected.maxDelay().toSeconds());
      assertThat(retrier.get("JitterStrategy")).as(name).isEqualTo("FULL");
      if (ProcessOrder.catchesIntoFailOrder(task)) {
        assertThat(state(name).get("Catch")).as(name).isEqualTo(List.of(Map.of(
            "ErrorEquals", List.of(ProcessOrder.ALL_ERRORS), "ResultPath", "$.error", "Next", "FailOrder")));
      } else {
        assertThat(state(name)).as(name).doesNotContainKey("Catch");
      }
    }
  }

  @Test
  void a_step_that_timed_out_is_retried_before_it_is_caught() {
    // every step is idempotent, so a step that timed out after its effect may run again
    for (State task : List.of(State.INITIALIZE_ORDER, State.DECIDE_PAYMENT, State.COMPLETE_ORDER)) {
      Map<String, Object> retrier = TemplateJson.map(single(state(task.stateName()).get("Retry"), task.stateName()));
      assertThat(TemplateJson.list(retrier.get("ErrorEquals"))).as(task.stateName())
          .contains(ProcessOrder.STATES_TIMEOUT, ProcessOrder.LAMBDA_TIMEOUT);
    }
  }

  @Test
  void each_task_invokes_the_live_alias_of_the_function_with_the_matching_handler() {
    Map<String, String> handlers = Map.of(
        State.INITIALIZE_ORDER.stateName(), OrderflowStack.INITIALIZE_ORDER_HANDLER,
        State.DECIDE_PAYMENT.stateName(), OrderflowStack.DECIDE_PAYMENT_HANDLER,
        State.COMPLETE_ORDER.stateName(), OrderflowStack.COMPLETE_ORDER_HANDLER,
        State.FAIL_ORDER.stateName(), OrderflowStack.FAIL_ORDER_HANDLER);
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

  private static Object single(Object retry, String task) {
    List<Object> retriers = TemplateJson.list(retry);
    assertThat(retriers).as(task).hasSize(1);
    return retriers.get(0);
  }
}
