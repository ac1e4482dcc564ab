package dev.orderflow.lambda.telemetry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The metrics of one invocation, written as CloudWatch Embedded Metric Format documents (log lines CloudWatch turns
 * into metrics; no API call). Every metric has the dimension set {@code [Service]}; a metric recorded with a
 * dimension ({@link #count(String, String, String)}) has {@code [Service]} and {@code [Service, <dimension>]}.
 *
 * <p>Counts recorded under the same name and dimensions add up to one value; {@link #milliseconds} keeps every value
 * (CloudWatch computes percentiles from them). One document holds one directive per dimension group, so an invocation
 * usually writes one line; a second document is written only when the same dimension takes two values in one
 * invocation, or a metric holds more than {@value #MAX_VALUES} values (EMF's limit per metric per document).
 */
public final class Metrics {
  public static final String COUNT = "Count";
  public static final String MILLISECONDS = "Milliseconds";
  /** EMF: at most 100 values per metric and 100 metrics per document. */
  static final int MAX_VALUES = 100;
  static final int MAX_METRICS = 100;

  /** A dimension beyond {@code Service}, or none. */
  private record Group(String dimension, String value) {}

  private static final class Metric {
    final String unit;
    final List<Long> values = new ArrayList<>(1);

    Metric(String unit) {
      this.unit = unit;
    }
  }

  private final Map<Group, Map<String, Metric>> groups = new LinkedHashMap<>();

  /** Adds one to the count {@code name}, dimension set {@code [Service]}. */
  public void count(String name) {
    add(new Group(null, null), name, COUNT, 1, true);
  }

  /** Adds one to the count {@code name}, dimension sets {@code [Service]} and {@code [Service, dimension]}. */
  public void count(String name, String dimension, String value) {
    Objects.requireNonNull(dimension, "dimension");
    add(new Group(dimension, value == null || value.isBlank() ? "none" : value), name, COUNT, 1, true);
  }

  /** Records one value of {@code name} in milliseconds, dimension set {@code [Service]}. */
  public void milliseconds(String name, long value) {
    add(new Group(null, null), name, MILLISECONDS, Math.max(0, value), false);
  }

  public boolean isEmpty() {
    return groups.isEmpty();
  }

  private void add(Group group, String name, String unit, long value, boolean sum) {
    Metric metric = groups.computeIfAbsent(group, g -> new LinkedHashMap<>()).computeIfAbsent(name, n -> new Metric(unit));
    if (!metric.unit.equals(unit)) {
      throw new IllegalArgumentException("metric " + name + " is in " + metric.unit + ", not " + unit);
    }
    if (sum && !metric.values.isEmpty()) {
      metric.values.set(0, metric.values.get(0) + value);
    } else {
      metric.values.add(value);
    }
  }

  /**
   * The EMF documents, one line each; empty if nothing was recorded.
   *
   * @param properties members added to every document as they are (not dimensions): e.g. the request id
   */
  List<String> documents(long timestampMillis, String namespace, String service, Map<String, String> properties) {
    // pack the groups into as few documents as their dimension values allow
    List<Map<Group, Map<String, List<Long>>>> documents = new ArrayList<>();
    for (Map.Entry<Group, Map<String, Metric>> entry : groups.entrySet()) {
      Group group = entry.getKey();
      for (Map.Entry<String, Metric> metric : entry.getValue().entrySet()) {
        List<Long> values = metric.getValue().values;
        for (int from = 0, chunk = 0; from < values.size(); from += MAX_VALUES, chunk++) {
          List<Long> part = values.subList(from, Math.min(values.size(), from + MAX_VALUES));
          place(documents, chunk, group, metric.getKey(), part);
        }
      }
    }
    List<String> lines = new ArrayList<>(documents.size());
    for (Map<Group, Map<String, List<Long>>> document : documents) {
      lines.add(render(document, timestampMillis, namespace, service, properties));
    }
    return lines;
  }

  /** Puts a metric's values into the first document from {@code fromIndex} that can hold them. */
  private void place(List<Map<Group, Map<String, List<Long>>>> documents, int fromIndex, Group group, String name,
      List<Long> values) {
    for (int i = fromIndex; ; i++) {
      if (i == documents.size()) {
        documents.add(new LinkedHashMap<>());
      }
      Map<Group, Map<String, List<Long>>> document = documents.get(i);
      boolean clash = document.keySet().stream().anyMatch(other -> group.dimension() != null
          && group.dimension().equals(other.dimension()) && !group.value().equals(other.value()));
      boolean taken = document.values().stream().anyMatch(metrics -> metrics.containsKey(name));
      int size = document.values().stream().mapToInt(Map::size).sum();
      if (!clash && !taken && size < MAX_METRICS) {
        document.computeIfAbsent(group, g -> new LinkedHashMap<>()).put(name, values);
        return;
      }
    }
  }

  private String render(Map<Group, Map<String, List<Long>>> document, long timestampMillis, String namespace,
      String service, Map<String, String> properties) {
    StringBuilder directives = new StringBuilder("[");
    for (Map.Entry<Group, Map<String, List<Long>>> entry : document.entrySet()) {
      if (directives.length() > 1) {
        directives.append(',');
      }
      directives.append("{\"Namespace\":");
      JsonLine.quote(directives, namespace);
      directives.append(",\"Dimensions\":[[\"Service\"]");
      if (entry.getKey().dimension() != null) {
        directives.append(",[\"Service\",");
        JsonLine.quote(directives, entry.getKey().dimension());
        directives.append(']');
      }
      directives.append("],\"Metrics\":[");
      boolean firstMetric = true;
      for (String name : entry.getValue().keySet()) {
        if (!firstMetric) {
          directives.append(',');
        }
        firstMetric = false;
        directives.append("{\"Name\":");
        JsonLine.quote(directives, name);
        directives.append(",\"Unit\":");
        JsonLine.quote(directives, unitOf(name));
        directives.append('}');
      }
      directives.append("]}");
    }
    directives.append(']');

    JsonLine line = new JsonLine().raw("_aws", "{\"Timestamp\":" + timestampMillis + ",\"CloudWatchMetrics\":" + directives + "}");
    line.string("Service", service);
    for (Group group : document.keySet()) {
      if (group.dimension() != null) {
        line.string(group.dimension(), group.value());
      }
    }
    properties.forEach((name, value) -> {
      if (value != null) {
        line.string(name, value);
      }
    });
    for (Map<String, List<Long>> metrics : document.values()) {
      metrics.forEach((name, values) -> line.raw(name, values.size() == 1 ? values.get(0).toString()
          : values.toString().replace(" ", "")));
    }
    return line.toString();
  }

  private String unitOf(String name) {
    for (Map<String, Metric> metrics : groups.values()) {
      Metric metric = metrics.get(name);
      if (metric != null) {
        return metric.unit;
      }
    }
    throw new IllegalStateException(name);
  }
}
