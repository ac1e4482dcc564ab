package dev.orderflow.lambda.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.lambda.testing.EmfDocuments;
import dev.orderflow.lambda.testing.LambdaJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {
  private static List<Map<String, Object>> documents(Metrics metrics) {
    return metrics.documents(1_767_225_600_000L, "Orderflow", "orderflow", Map.of("function", "f"))
        .stream().map(LambdaJson::map).toList();
  }

  @Test
  void countsAddUpAndEveryMetricHasTheServiceDimension() {
    Metrics metrics = new Metrics();
    metrics.count("UpdatesPublished");
    metrics.count("UpdatesPublished");
    metrics.count("ValidationErrors", "Field", "quantity");

    List<Map<String, Object>> documents = documents(metrics);

    assertThat(documents).hasSize(1);
    assertThat(documents.get(0)).containsEntry("function", "f").containsEntry("Field", "quantity");
    assertThat(((Map<?, ?>) documents.get(0).get("_aws")).get("Timestamp")).isEqualTo(1_767_225_600_000L);
    assertThat(EmfDocuments.metric(documents, "UpdatesPublished").value()).isEqualTo(2);
    assertThat(EmfDocuments.metric(documents, "UpdatesPublished").dimensions()).containsExactly(List.of("Service"));
    assertThat(EmfDocuments.metric(documents, "ValidationErrors").dimensions())
        .containsExactly(List.of("Service"), List.of("Service", "Field"));
  }

  @Test
  void twoValuesOfOneDimensionGoToTwoDocuments() {
    Metrics metrics = new Metrics();
    metrics.count("ValidationErrors", "Field", "quantity");
    metrics.count("ValidationErrors", "Field", "name");

    List<Map<String, Object>> documents = documents(metrics);

    assertThat(documents).hasSize(2).extracting(document -> document.get("Field")).containsExactly("quantity", "name");
    documents.forEach(EmfDocuments::assertValid);
  }

  @Test
  void timesKeepEveryValueAtMostOneHundredPerDocument() {
    Metrics metrics = new Metrics();
    for (int i = 0; i < 150; i++) {
      metrics.milliseconds("TimeToFinal", i);
    }
    metrics.milliseconds("TimeToFinal", -5); // a clock step: never negative

    List<Map<String, Object>> documents = documents(metrics);

    assertThat(documents).hasSize(2);
    documents.forEach(EmfDocuments::assertValid);
    assertThat((List<?>) documents.get(0).get("TimeToFinal")).hasSize(100);
    assertThat((List<?>) documents.get(1).get("TimeToFinal")).hasSize(51).last().isEqualTo(0);
  }

  @Test
  void nothingRecordedWritesNothing() {
    assertThat(new Metrics().documents(1, "Orderflow", "orderflow", Map.of())).isEmpty();
    assertThat(new Metrics().isEmpty()).isTrue();
  }
}
