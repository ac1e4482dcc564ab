package dev.orderflow.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** Read-only navigation of a synthesized template ({@code Template.toJSON()}), by properties, not logical ids. */
final class TemplateJson {
  final Map<String, Object> json;

  TemplateJson(Map<String, Object> json) {
    this.json = json;
  }

  Map<String, Map<String, Object>> resources() {
    return map(json.get("Resources"));
  }

  /** Logical id → resource, of one type. */
  Map<String, Map<String, Object>> ofType(String type) {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    resources().forEach((id, r) -> {
      if (type.equals(r.get("Type"))) {
        out.put(id, r);
      }
    });
    return out;
  }

  Map<String, Object> resource(String logicalId) {
    return Objects.requireNonNull(resources().get(logicalId), () -> "no resource " + logicalId);
  }

  /** The logical id of the function whose {@code Handler} is {@code handler}. */
  String functionByHandler(String handler) {
    List<String> ids = ofType("AWS::Lambda::Function").entrySet().stream()
        .filter(e -> handler.equals(properties(e.getValue()).get("Handler")))
        .map(Map.Entry::getKey)
        .collect(Collectors.toList());
    if (ids.size() != 1) {
      throw new AssertionError("expected one function with handler " + handler + ", found " + ids);
    }
    return ids.get(0);
  }

  /** The logical id of the one SNS topic whose {@code DisplayName} is {@code displayName}. */
  String topicByDisplayName(String displayName) {
    List<String> ids = ofType("AWS::SNS::Topic").entrySet().stream()
        .filter(e -> displayName.equals(properties(e.getValue()).get("DisplayName")))
        .map(Map.Entry::getKey)
        .collect(Collectors.toList());
    if (ids.size() != 1) {
      throw new AssertionError("expected one topic named " + displayName + ", found " + ids);
    }
    return ids.get(0);
  }

  /** The outcome topic (order notifications). */
  String outcomeTopic() {
    return topicByDisplayName("Order outcomes");
  }

  /** The alarm topic ({@link AlarmTopic}). */
  String alarmTopic() {
    return topicByDisplayName("Orderflow alarms");
  }

  /** The logical id of the role a function runs with. */
  String roleOf(String functionId) {
    return (String) getAtt(properties(resource(functionId)).get("Role"))[0];
  }

  /** Every statement of every IAM policy attached to {@code roleId} (inline and AWS::IAM::Policy). */
  List<Map<String, Object>> statementsOfRole(String roleId) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> policy : ofType("AWS::IAM::Policy").values()) {
      List<Object> roles = list(properties(policy).get("Roles"));
      if (roles.stream().anyMatch(r -> roleId.equals(ref(r)))) {
        out.addAll(statements(properties(policy).get("PolicyDocument")));
      }
    }
    for (Object inline : list(properties(resource(roleId)).get("Policies"))) {
      out.addAll(statements(map(inline).get("PolicyDocument")));
    }
    return out;
  }

  /** Every statement of every identity and resource policy in the template. */
  List<Map<String, Object>> allStatements() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> r : resources().values()) {
      Map<String, Object> props = properties(r);
      for (String key : List.of("PolicyDocument", "KeyPolicy", "AssumeRolePolicyDocument")) {
        if (props.get(key) != null) {
          out.addAll(statements(props.get(key)));
        }
      }
      if (String.valueOf(r.get("Type")).startsWith("AWS::IAM::")) {
        for (Object inline : list(props.get("Policies"))) {
          out.addAll(statements(map(inline).get("PolicyDocument")));
        }
      }
    }
    return out;
  }

  static List<String> actions(Map<String, Object> statement) {
    Object a = statement.get("Action");
    if (a == null) {
      return List.of();
    }
    return a instanceof List<?> l ? l.stream().map(String::valueOf).collect(Collectors.toList()) : List.of(String.valueOf(a));
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> statements(Object document) {
    return (List<Map<String, Object>>) (List<?>) list(map(document).get("Statement"));
  }

  static Map<String, Object> properties(Map<String, Object> resource) {
    Map<String, Object> p = map(resource.get("Properties"));
    return p == null ? Map.of() : p;
  }

  /** The logical id of a {@code {"Ref": id}}, else null. */
  static String ref(Object value) {
    return value instanceof Map<?, ?> m && m.get("Ref") instanceof String s ? s : null;
  }

  /** {@code [id, attribute]} of a {@code {"Fn::GetAtt": [id, attribute]}}. */
  static Object[] getAtt(Object value) {
    Object attr = map(value).get("Fn::GetAtt");
    return list(attr).toArray();
  }

  @SuppressWarnings("unchecked")
  static <V> Map<String, V> map(Object o) {
    return (Map<String, V>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    if (o == null) {
      return List.of();
    }
    return o instanceof List<?> l ? (List<Object>) l : List.of(o);
  }
}
