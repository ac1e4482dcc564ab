package dev.orderflow.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The synthesized stack carries exactly the {@link PipelineCapacity} settings that the capacity simulation
 * ({@code dev.orderflow.infra.capacity}) runs on; change one there and both move together.
 */
class PipelineCapacityTemplateTest {
  private static TemplateJson json;

  @BeforeAll
  static void synthesize() {
    json = new TemplateJson(Synthesized.production().template.toJSON());
  }

  @Test
  void the_consumer_event_source_mapping_has_the_simulated_batch_window_and_concurrency() {
    String queueId = orderQueueId();
    List<Map<String, Object>> mappings = json.ofType("AWS::Lambda::EventSourceMapping").values().stream()
        .map(TemplateJson::properties)
        .filter(p -> queueId.equals(TemplateJson.getAtt(p.get("EventSourceArn"))[0]))
        .toList();
    assertThat(mappings).hasSize(1);
    Map<String, Object> mapping = mappings.get(0);
    assertThat(mapping.get("BatchSize")).isEqualTo(PipelineCapacity.CONSUMER_BATCH_SIZE);
    assertThat(mapping.getOrDefault("MaximumBatchingWindowInSeconds", 0))
        .isEqualTo(PipelineCapacity.CONSUMER_MAX_BATCHING_WINDOW_SECONDS);
    assertThat(mapping.get("ScalingConfig"))
        .isEqualTo(Map.of("MaximumConcurrency", PipelineCapacity.CONSUMER_MAX_CONCURRENCY));
    assertThat(mapping.get("FunctionResponseTypes")).isEqualTo(List.of("ReportBatchItemFailures"));
  }

  /** The order queue: the one queue whose dead-letter queue the stack outputs. */
  private static String orderQueueId() {
    List<String> withRedrive = json.ofType("AWS::SQS::Queue").entrySet().stream()
        .filter(e -> TemplateJson.properties(e.getValue()).containsKey("RedrivePolicy")
            && e.getKey().startsWith("OrderQueue"))
        .map(Map.Entry::getKey)
        .toList();
    assertThat(withRedrive).hasSize(1);
    return withRedrive.get(0);
  }

  @Test
  void the_order_queue_and_its_consumer_have_the_simulated_timeouts_and_redrive() {
    Map<String, Object> queue = TemplateJson.properties(json.resource(orderQueueId()));
    assertThat(TemplateJson.<Object>map(queue.get("RedrivePolicy")).get("maxReceiveCount"))
        .isEqualTo(PipelineCapacity.MAX_RECEIVE_COUNT);
    assertThat(queue.get("VisibilityTimeout")).isEqualTo(PipelineCapacity.visibilityTimeoutSeconds());
    Map<String, Object> consumer = TemplateJson.properties(
        json.resource(json.functionByHandler(OrderflowStack.CONSUMER_HANDLER)));
    assertThat(consumer.get("Timeout")).isEqualTo(PipelineCapacity.CONSUMER_TIMEOUT_SECONDS);
  }
}
