package dev.orderflow.lambda.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.orderflow.core.application.StartOrderProcessing;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.port.OrderMessageFormat;
import dev.orderflow.core.port.TransientFailureException;
import dev.orderflow.lambda.testing.CapturedTelemetry;
import dev.orderflow.lambda.testing.Events;
import dev.orderflow.lambda.testing.RecordingContext;
import dev.orderflow.lambda.testing.InMemoryPorts;
import dev.orderflow.lambda.testing.LambdaJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderQueueHandlerTest {
  private final InMemoryPorts.Workflow workflow = new InMemoryPorts.Workflow();
  private final OrderQueueHandler handler = new OrderQueueHandler(new StartOrderProcessing(workflow));

  private static String body(int n) {
    return OrderMessageFormat.encode(new OrderRequest(OrderId.of("order-" + n), CustomerId.of("customer-" + (n % 3)),
        new OrderDetails("item " + n, n + 1, "r-" + n), Instant.parse("2026-01-01T00:00:00Z")));
  }

  private static List<String> failedIds(SQSBatchResponse response) {
    return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
  }

  @Test
  void aBatchWithOneMalformedAndNineGoodMessagesReportsExactlyTheMalformedOne() {
    List<Events.Message> messages = new ArrayList<>();
    for (int n = 0; n < 10; n++) {
      messages.add(n == 4
          ? new Events.Message("bad-message-id", "{\"orderId\":\"order-4\",\"quantity\":\"lots\"}")
          : new Events.Message("good-" + n, body(n)));
    }

    SQSBatchResponse response = handler.handleRequest(Events.sqs(messages), new RecordingContext());

    assertThat(failedIds(response)).containsExactly("bad-message-id");
    assertThat(LambdaJson.json(response)).isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"bad-message-id\"}]}");
    assertThat(workflow.starts).hasSize(9);
    assertThat(workflow.runs).hasSize(9).allSatisfy((id, runs) -> assertThat(runs).isEqualTo(1));
    assertThat(workflow.runs).doesNotContainKey("order-4");
  }

  @Test
  void aRedeliveredMessageSucceedsWithoutASecondRun() {
    handler.handleRequest(Events.sqs(List.of(new Events.Message("m-1", body(1)))), new RecordingContext());

    SQSBatchResponse again = handler.handleRequest(Events.sqs(List.of(new Events.Message("m-1", body(1)))), new RecordingContext());

    assertThat(again.getBatchItemFailures()).isEmpty();
    assertThat(LambdaJson.json(again)).isEqualTo("{\"batchItemFailures\":[]}");
    assertThat(workflow.starts).hasSize(2);
    assertThat(workflow.runs).containsExactly(java.util.Map.entry("order-1", 2));
  }

  @Test
  void emptyAndNonJsonBodiesAreFailures() {
    RecordingContext context = new RecordingContext();
    SQSBatchResponse response = handler.handleRequest(Events.sqs(List.of(
        new Events.Message("empty", ""), new Events.Message("text", "hello"), new Events.Message("ok", body(7)))),
        context);

    assertThat(failedIds(response)).containsExactly("empty", "text");
    assertThat(CapturedTelemetry.logs("WARN")).hasSize(2).allSatisfy(line -> assertThat(line)
        .containsEntry("event", "message.malformed").doesNotContainKey("orderId")
        .extractingByKey("message").asString().startsWith("message ").contains("malformed, leaving it for the DLQ")
        .doesNotContain("hello"));
    assertThat(workflow.runs).containsOnlyKeys("order-7");
  }

  @Test
  void transientAndUnexpectedFailuresFailOnlyTheirMessage() {
    OrderQueueHandler flaky = new OrderQueueHandler(new StartOrderProcessing(request -> {
      switch (request.id().value()) {
        case "order-1" -> throw new TransientFailureException("throttled");
        case "order-2" -> throw new IllegalStateException("a bug");
        default -> {
          return true;
        }
      }
    }));

    SQSBatchResponse response = flaky.handleRequest(Events.sqs(List.of(new Events.Message("a", body(1)),
        new Events.Message("b", body(2)), new Events.Message("c", body(3)))), new RecordingContext());

    assertThat(failedIds(response)).containsExactly("a", "b");
  }

  @Test
  void primingDecodesTheSampleWithoutStartingAnything() {
    OrderQueueHandler.prime();

    assertThat(OrderMessageFormat.decode(SampleMessages.body()).id().value()).isEqualTo("sample-order");
    assertThat(workflow.starts).isEmpty();
  }
}
