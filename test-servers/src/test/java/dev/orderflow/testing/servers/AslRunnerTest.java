package dev.orderflow.testing.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.core.internal.JsonText;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AslRunnerTest {
  /** Reserve (lambda:invoke with a Retry) then Charge (direct Lambda ARN); Charge's failure is caught into Failed. */
  private static final String DEFINITION = """
      {
        "StartAt": "Reserve",
        "States": {
          "Reserve": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "arn:aws:lambda:us-east-1:000000000000:function:reserve", "Payload.$": "$"},
            "ResultSelector": {"reserved.$": "$.Payload.reserved"},
            "ResultPath": "$.reservation",
            "Retry": [{"ErrorEquals": ["Transient"], "IntervalSeconds": 3600, "MaxAttempts": 2}],
            "Next": "Charge"
          },
          "Charge": {
            "Type": "Task",
            "Resource": "arn:aws:lambda:us-east-1:000000000000:function:charge",
            "Catch": [{"ErrorEquals": ["PaymentDeclined"], "ResultPath": "$.error", "Next": "Failed"}],
            "End": true
          },
          "Failed": {"Type": "Fail", "Error": "OrderFailed", "Cause": "payment declined"}
        }
      }
      """;

  private final List<TaskBridge.TaskCall> calls = new CopyOnWriteArrayList<>();
  private final AtomicInteger reserveFailuresLeft = new AtomicInteger();
  private volatile boolean declinePayment;
  private TaskBridge bridge;

  @BeforeEach
  void startBridge() {
    bridge = TaskBridge.start(call -> {
      calls.add(call);
      if (call.functionName().endsWith(":reserve")) {
        if (reserveFailuresLeft.getAndDecrement() > 0) {
          throw new TaskBridge.TaskFailure("Transient", "try again");
        }
        return "{\"reserved\":true}";
      }
      if (declinePayment) {
        throw new TaskBridge.TaskFailure("PaymentDeclined", "card declined");
      }
      Map<String, Object> in = JsonText.readObject(call.payloadJson());
      return "{\"orderId\":" + JsonText.write(String.valueOf(in.get("orderId"))) + ",\"charged\":true}";
    });
  }

  @AfterEach
  void stopBridge() {
    bridge.close();
  }

  @Test
  void runsTasksThroughTheBridge() {
    AslResult r = AslRunner.run(DEFINITION, "{\"orderId\":\"o-1\"}", bridge.endpoint(), Duration.ofSeconds(60));

    assertThat(r.succeeded()).as(r.toString()).isTrue();
    assertThat(JsonText.read(r.outputJson())).isEqualTo(Map.of("orderId", "o-1", "charged", true));
    assertThat(r.statesEntered()).containsExactly("Reserve", "Charge");
    assertThat(calls).extracting(TaskBridge.TaskCall::stateName).containsExactly("Reserve", "Charge");
    assertThat(JsonText.read(calls.get(0).payloadJson())).isEqualTo(Map.of("orderId", "o-1"));
    assertThat(calls.get(0).functionName()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:reserve");
    assertThat(calls.get(1).resource()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:charge");
    assertThat(JsonText.read(calls.get(1).payloadJson()))
        .isEqualTo(Map.of("orderId", "o-1", "reservation", Map.of("reserved", true)));
  }

  @Test
  void retriesWithoutWaitingAndCatchesIntoAFailState() {
    reserveFailuresLeft.set(1);
    declinePayment = true;

    // The Retry waits an hour; only the runner's zero retry interval lets this finish within its timeout.
    AslResult r = AslRunner.run(DEFINITION, "{\"orderId\":\"o-2\"}", bridge.endpoint(), Duration.ofSeconds(60));

    assertThat(r.status()).isEqualTo("FAILED");
    assertThat(r.error()).isEqualTo("OrderFailed");
    assertThat(r.cause()).isEqualTo("payment declined");
    assertThat(r.statesEntered()).containsExactly("Reserve", "Charge", "Failed"); // a retry is not a new entry
    assertThat(calls).extracting(TaskBridge.TaskCall::stateName).containsExactly("Reserve", "Reserve", "Charge");
  }

  @Test
  void rejectsADefinitionThatIsNotJson() {
    assertThatThrownBy(() -> AslRunner.run("{nope", "{}", bridge.endpoint(), Duration.ofSeconds(60)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void validateAcceptsAGoodDefinitionAndReportsABrokenOne() {
    assertThat(AslRunner.validate(DEFINITION)).isEmpty();

    String broken = DEFINITION.replace("\"Next\": \"Charge\"", "\"Next\": \"Nowhere\"");
    assertThat(AslRunner.validate(broken)).isNotEmpty().anySatisfy(m -> assertThat(m).contains("Nowhere"));
    assertThat(AslRunner.validate("{nope")).singleElement().satisfies(m -> assertThat(m).startsWith("InvalidJson"));
  }
}
