package dev.orderflow.testing.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.core.internal.JsonText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

class StepFunctionsStubTest {
  private static final String SM = "arn:aws:states:us-east-1:000000000000:stateMachine:order-saga";
  private static final Instant NOW = Instant.parse("2030-01-02T03:04:05.678Z");

  private StepFunctionsStub stub;
  private SfnClient sfn;

  @BeforeEach
  void start() {
    stub = StepFunctionsStub.start(Clock.fixed(NOW, ZoneOffset.UTC));
    sfn = Clients.sfn(stub.endpoint());
  }

  @AfterEach
  void stop() {
    sfn.close();
    stub.close();
  }

  private StartExecutionResponse start(String name, String input) {
    return sfn.startExecution(b -> b.stateMachineArn(SM).name(name).input(input));
  }

  @Test
  void newNameStartsARunningExecution() {
    StartExecutionResponse r = start("order-1", "{\"orderId\":\"1\"}");

    assertThat(r.executionArn()).isEqualTo("arn:aws:states:us-east-1:000000000000:execution:order-saga:order-1");
    assertThat(r.startDate()).isEqualTo(NOW);
    assertThat(stub.executions()).containsExactly(new StepFunctionsStub.Execution(
        SM, "order-1", "{\"orderId\":\"1\"}", r.executionArn(), NOW, "RUNNING"));
  }

  @Test
  void sameNameAndInputWhileRunningIsIdempotent() {
    StartExecutionResponse first = start("order-1", "{\"orderId\":\"1\"}");
    StartExecutionResponse again = start("order-1", "{\"orderId\":\"1\"}");

    assertThat(again.executionArn()).isEqualTo(first.executionArn());
    assertThat(again.startDate()).isEqualTo(first.startDate());
    assertThat(stub.executions()).hasSize(1);
  }

  @Test
  void sameNameWithDifferentInputFails() {
    start("order-1", "{\"orderId\":\"1\"}");

    assertThatThrownBy(() -> start("order-1", "{\"orderId\":\"2\"}"))
        .isInstanceOf(ExecutionAlreadyExistsException.class)
        .satisfies(e -> assertThat(((ExecutionAlreadyExistsException) e).statusCode()).isEqualTo(400));
    assertThat(stub.executions()).extracting(StepFunctionsStub.Execution::input).containsExactly("{\"orderId\":\"1\"}");
  }

  @Test
  void sameNameAfterCloseFailsEvenWithSameInput() {
    start("order-1", "{\"orderId\":\"1\"}");
    stub.closeExecution("order-1", "SUCCEEDED");

    assertThatThrownBy(() -> start("order-1", "{\"orderId\":\"1\"}"))
        .isInstanceOf(ExecutionAlreadyExistsException.class);
    assertThat(stub.executions()).extracting(StepFunctionsStub.Execution::status).containsExactly("SUCCEEDED");
  }

  @Test
  void namesAreScopedToTheStateMachine() {
    String other = "arn:aws:states:us-east-1:000000000000:stateMachine:other";
    start("order-1", "{}");
    StartExecutionResponse r = sfn.startExecution(b -> b.stateMachineArn(other).name("order-1").input("{\"x\":1}"));

    assertThat(r.executionArn()).endsWith(":execution:other:order-1");
    assertThat(stub.executions()).extracting(StepFunctionsStub.Execution::stateMachineArn).containsExactly(SM, other);
  }

  @Test
  void executionsAreListedInStartOrder() {
    start("b", "{}");
    start("a", "{}");
    start("c", "{}");
    assertThat(stub.executions()).extracting(StepFunctionsStub.Execution::name).containsExactly("b", "a", "c");
    assertThat(stub.execution("a")).map(StepFunctionsStub.Execution::status).contains("RUNNING");
    assertThat(stub.execution("zzz")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space", "tab\there", "a/b", "a:b", "a{b}", "a[b]", "q?", "star*", "quote\"",
      "hash#", "pct%", "back\\slash", "caret^", "pipe|", "tilde~", "tick`", "dollar$", "amp&", "comma,", "semi;",
      "lt<", "gt>", "ctl\u0001", "del\u007f", "c1\u0085",
      "x12345678901234567890123456789012345678901234567890123456789012345678901234567890"})
  void invalidNamesAreRejected(String name) {
    assertThatThrownBy(() -> start(name, "{}")).isInstanceOf(InvalidNameException.class);
    assertThat(stub.executions()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "order-1_2.3", "ÄÖÜ-unicode",
      "x1234567890123456789012345678901234567890123456789012345678901234567890123456789"})
  void validNamesAreAccepted(String name) {
    assertThat(start(name, "{}").executionArn()).endsWith(":" + name);
  }

  @Test
  void missingNameGetsAGeneratedOneAndMissingInputIsEmptyObject() {
    StartExecutionResponse r = sfn.startExecution(b -> b.stateMachineArn(SM));
    assertThat(stub.executions()).singleElement().satisfies(e -> {
      assertThat(e.name()).isNotBlank();
      assertThat(e.input()).isEqualTo("{}");
      assertThat(e.executionArn()).isEqualTo(r.executionArn());
    });
  }

  @Test
  void inputMustBeJsonAndArnMustBeAStateMachineArn() {
    assertThatThrownBy(() -> start("n", "not json")).isInstanceOf(InvalidExecutionInputException.class);
    assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn("order-saga").name("n")))
        .isInstanceOf(InvalidArnException.class);
    assertThat(stub.executions()).isEmpty();
  }

  @Test
  void describeAndStopExecution() {
    String arn = start("order-1", "{\"orderId\":\"1\"}").executionArn();

    DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(arn));
    assertThat(d.status()).isEqualTo(ExecutionStatus.RUNNING);
    assertThat(d.name()).isEqualTo("order-1");
    assertThat(d.input()).isEqualTo("{\"orderId\":\"1\"}");
    assertThat(d.stateMachineArn()).isEqualTo(SM);
    assertThat(d.startDate()).isEqualTo(NOW);
    assertThat(d.stopDate()).isNull();

    assertThat(sfn.stopExecution(b -> b.executionArn(arn)).stopDate()).isEqualTo(NOW);
    assertThat(sfn.describeExecution(b -> b.executionArn(arn)).status()).isEqualTo(ExecutionStatus.ABORTED);
    assertThatThrownBy(() -> start("order-1", "{\"orderId\":\"1\"}")).isInstanceOf(ExecutionAlreadyExistsException.class);

    assertThatThrownBy(() -> sfn.describeExecution(b -> b.executionArn(arn + "-nope")))
        .isInstanceOf(ExecutionDoesNotExistException.class);
  }

  @Test
  void closedStatusIsShownByDescribe() {
    String arn = start("order-1", "{}").executionArn();
    stub.closeExecution("order-1", "FAILED");
    DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(arn));
    assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(d.stopDate()).isEqualTo(NOW);
  }

  @Test
  void closeExecutionRejectsUnknownNamesAndOpenStatuses() {
    start("order-1", "{}");
    assertThatThrownBy(() -> stub.closeExecution("nope", "SUCCEEDED")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> stub.closeExecution("order-1", "RUNNING")).isInstanceOf(IllegalArgumentException.class);
    assertThat(stub.executions()).extracting(StepFunctionsStub.Execution::status).containsExactly("RUNNING");
  }

  @Test
  void unknownTargetIsRejected() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(stub.endpoint())
        .header("Content-Type", "application/x-amz-json-1.0")
        .header("X-Amz-Target", "AWSStepFunctions.ListStateMachines")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/x-amz-json-1.0");
    assertThat(JsonText.readObject(r.body())).containsEntry("__type", "UnknownOperationException");
  }

  @Test
  void rawStartExecutionAnswerHasEpochSecondsAsNumber() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(stub.endpoint())
        .header("Content-Type", "application/x-amz-json-1.0")
        .header("X-Amz-Target", "AWSStepFunctions.StartExecution")
        .POST(HttpRequest.BodyPublishers.ofString("{\"stateMachineArn\":\"" + SM + "\",\"name\":\"n\",\"input\":\"{}\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(200);
    Map<String, Object> body = JsonText.readObject(r.body());
    assertThat(body.get("startDate")).hasToString("1893553445.678");
    assertThat(body.get("executionArn")).isEqualTo("arn:aws:states:us-east-1:000000000000:execution:order-saga:n");
  }

  @Test
  void closeStopsTheServer() {
    int port = stub.port();
    assertThat(stub.endpoint()).isEqualTo(URI.create("http://127.0.0.1:" + port));
    assertThat(Clients.portClosed(port)).isFalse();
    stub.close();
    assertThat(Clients.portClosed(port)).isTrue();
  }
}
