package dev.orderflow.lambda.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks of CloudWatch Embedded Metric Format documents against the specification
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html),
 * and what they hold, metric by metric.
 */
public final class EmfDocuments {
  private EmfDocuments() {}

  /** One metric as a document defines it: its unit, dimension sets, dimension values and value(s). */
  public record Metric(String namespace, String name, String unit, List<List<String>> dimensions,
      Map<String, String> dimensionValues, Object value) {}

  /** Asserts {@code document} is valid EMF: {@code _aws.Timestamp}, directives, every referenced member present. */
  @SuppressWarnings("unchecked")
  public static void assertValid(Map<String, Object> document) {
    assertThat(document).containsKey("_aws");
    Map<String, Object> aws = (Map<String, Object>) document.get("_aws");
    assertThat(aws.get("Timestamp")).as("_aws.Timestamp").isInstanceOf(Number.class);
    assertThat(((Number) aws.get("Timestamp")).longValue()).isPositive();
    List<Object> directives = (List<Object>) aws.get("CloudWatchMetrics");
    assertThat(directives).as("CloudWatchMetrics").isNotEmpty();
    int metrics = 0;
    for (Object each : directives) {
      Map<String, Object> directive = (Map<String, Object>) each;
      assertThat(directive).containsKeys("Namespace", "Dimensions", "Metrics");
      assertThat((String) directive.get("Namespace")).matches("[^:].{0,254}").doesNotContain(":");
      List<List<String>> dimensionSets = (List<List<String>>) directive.get("Dimensions");
      assertThat(dimensionSets).isNotEmpty();
      for (List<String> set : dimensionSets) {
        assertThat(set).isNotEmpty().hasSizeLessThanOrEqualTo(30);
        for (String dimension : set) {
          assertThat(document.get(dimension)).as("value of dimension " + dimension).isInstanceOf(String.class);
        }
      }
      List<Map<String, Object>> definitions = (List<Map<String, Object>>) directive.get("Metrics");
      assertThat(definitions).isNotEmpty();
      for (Map<String, Object> definition : definitions) {
        metrics++;
        String name = (String) definition.get("Name");
        assertThat(name).isNotBlank();
        assertThat((String) definition.get("Unit")).isIn("Count", "Milliseconds");
        Object value = document.get(name);
        assertThat(value).as("value of metric " + name).isNotNull();
        if (value instanceof List<?> values) {
          assertThat(values).isNotEmpty().hasSizeLessThanOrEqualTo(100).allMatch(v -> v instanceof Number);
        } else {
          assertThat(value).isInstanceOf(Number.class);
        }
      }
    }
    assertThat(metrics).isLessThanOrEqualTo(100);
  }

  /** Every metric the documents define, each validated first. */
  @SuppressWarnings("unchecked")
  public static List<Metric> metrics(List<Map<String, Object>> documents) {
    List<Metric> all = new ArrayList<>();
    for (Map<String, Object> document : documents) {
      assertValid(document);
      for (Object each : (List<Object>) ((Map<String, Object>) document.get("_aws")).get("CloudWatchMetrics")) {
        Map<String, Object> directive = (Map<String, Object>) each;
        List<List<String>> dimensions = (List<List<String>>) directive.get("Dimensions");
        Map<String, String> values = new LinkedHashMap<>();
        dimensions.forEach(set -> set.forEach(dimension -> values.put(dimension, (String) document.get(dimension))));
        for (Map<String, Object> definition : (List<Map<String, Object>>) directive.get("Metrics")) {
          String name = (String) definition.get("Name");
          all.add(new Metric((String) directive.get("Namespace"), name, (String) definition.get("Unit"), dimensions,
              values, document.get(name)));
        }
      }
    }
    return all;
  }

  /** The one metric named {@code name}. */
  public static Metric metric(List<Map<String, Object>> documents, String name) {
    List<Metric> named = metrics(documents).stream().filter(metric -> metric.name().equals(name)).toList();
    assertThat(named).as("metric " + name).hasSize(1);
    return named.get(0);
  }
}
