package dev.orderflow.aws.sfn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.fixtures.Orders;
import dev.orderflow.core.port.OrderMessageFormat;
import org.junit.jupiter.api.Test;

class StepFunctionsOrderWorkflowTest {

  @Test
  void theInputIsTheOrderMessagePlusAStartIdAndDecodesToTheRequest() {
    OrderRequest request = Orders.aRequest().withDetails("A \"quoted\" }", 2, "r").build();

    String input = StepFunctionsOrderWorkflow.input(request, "s-1");

    assertThat(input).startsWith(OrderMessageFormat.encode(request).replaceFirst("}$", ""))
        .endsWith(",\"startId\":\"s-1\"}");
    assertThat(OrderMessageFormat.decode(input)).isEqualTo(request);
  }

  @Test
  void theExecutionNameIsTheOrderId() {
    OrderRequest request = Orders.aRequest().build();

    assertThat(StepFunctionsOrderWorkflow.executionName(request)).isEqualTo(request.id().value());
  }
}
