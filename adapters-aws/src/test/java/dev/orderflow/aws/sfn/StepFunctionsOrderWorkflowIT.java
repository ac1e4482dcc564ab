package dev.orderflow.aws.sfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.aws.LocalAws;
import dev.orderflow.core.contract.OrderWorkflowContract;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.fixtures.Orders;
import dev.orderflow.core.port.OrderMessageFormat;
import dev.orderflow.core.port.OrderWorkflow;
import dev.orderflow.core.port.PermanentFailureException;
import dev.orderflow.core.port.TransientFailureException;
import dev.orderflow.testing.servers.LocalAwsCredentials;
import dev.orderflow.testing.servers.StepFunctionsStub;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;

/** The workflow contract on the Step Functions API stub (AWS's same-name semantics). */
class StepFunctionsOrderWorkflowIT extends OrderWorkflowContract {
  private static final String STATE_MACHINE_ARN =
      "arn:aws:states:" + LocalAwsCredentials.REGION + ":" + LocalAwsCredentials.ACCOUNT_ID + ":stateMachine:orders";

  private static StepFunctionsStub stub;
  private static SfnClient sfn;
  private static StepFunctionsOrderWorkflow workflow;

  @BeforeAll
  static void startStub() {
    stub = StepFunctionsStub.start();
    sfn = LocalAws.clients(stub.endpoint()).stepFunctions();
    workflow = new StepFunctionsOrderWorkflow(sfn, STATE_MACHINE_ARN);
  }

  @AfterAll
  static void stopStub() {
    sfn.close();
    stub.close();
  }

  @Override
  protected OrderWorkflow workflow() {
    return workflow;
  }

  @Override
  protected long runsStartedFor(OrderId id) {
    return stub.executions().stream().filter(e -> e.name().equals(id.value())).count();
  }

  @Test
  void startsAnExecutionNamedByTheOrderWithTheOrderMessageAsInput() {
    OrderRequest request = Orders.aRequest().build();

    workflow.start(request);

    StepFunctionsStub.Execution execution = stub.execution(request.id().value()).orElseThrow();
    assertThat(execution.stateMachineArn()).isEqualTo(STATE_MACHINE_ARN);
    assertThat(OrderMessageFormat.decode(execution.input())).isEqualTo(request);
  }

  @Test
  void aFinishedExecutionCountsAsStarted() {
    OrderRequest request = Orders.aRequest().build();
    workflow.start(request);
    stub.closeExecution(request.id().value(), "SUCCEEDED");

    assertThat(workflow.start(request)).isFalse();
    assertThat(runsStartedFor(request.id())).isEqualTo(1);
  }

  @Test
  void aRejectedStateMachineArnIsPermanent() {
    StepFunctionsOrderWorkflow broken = new StepFunctionsOrderWorkflow(sfn, "arn:aws:states:us-east-1:1:activity:x");

    assertThatThrownBy(() -> broken.start(Orders.aRequest().build())).isInstanceOf(PermanentFailureException.class);
  }

  @Test
  void anUnreachableServiceIsTransient() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    try (SfnClient unreachable = LocalAws.clients(URI.create("http://127.0.0.1:" + closedPort)).stepFunctions()) {
      StepFunctionsOrderWorkflow down = new StepFunctionsOrderWorkflow(unreachable, STATE_MACHINE_ARN);

      assertThatThrownBy(() -> down.start(Orders.aRequest().build())).isInstanceOf(TransientFailureException.class);
    }
  }
}
