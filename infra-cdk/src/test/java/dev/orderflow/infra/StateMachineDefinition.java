package dev.orderflow.infra;

import java.util.List;
import java.util.Map;

/**
 * The state machine's {@code DefinitionString} as deployed, with every {@code Ref} / {@code Fn::GetAtt}
 * of the template replaced by a placeholder ARN that carries the logical id — so a Lambda task's
 * Resource reads {@code arn:aws:lambda:us-east-1:000000000000:function:<alias logical id>}.
 */
final class StateMachineDefinition {
  static final String REGION = "us-east-1";
  static final String ACCOUNT = "000000000000";
  static final String LAMBDA_ARN_PREFIX = "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:";

  private StateMachineDefinition() {
  }

  /** The definition JSON of the one state machine in the template. */
  static String resolve(TemplateJson template) {
    Map<String, Map<String, Object>> machines = template.ofType("AWS::StepFunctions::StateMachine");
    if (machines.size() != 1) {
      throw new AssertionError("expected one state machine, found " + machines.keySet());
    }
    Object definition = TemplateJson.properties(machines.values().iterator().next()).get("DefinitionString");
    return resolveValue(template, definition);
  }

  private static String resolveValue(TemplateJson template, Object value) {
    if (value instanceof String s) {
      return s;
    }
    Map<String, Object> fn = TemplateJson.map(value);
    if (fn.containsKey("Fn::Join")) {
      List<Object> join = TemplateJson.list(fn.get("Fn::Join"));
      StringBuilder out = new StringBuilder();
      List<Object> parts = TemplateJson.list(join.get(1));
      for (int i = 0; i < parts.size(); i++) {
        if (i > 0) {
          out.append((String) join.get(0));
        }
        out.append(resolveValue(template, parts.get(i)));
      }
      return out.toString();
    }
    if (fn.containsKey("Ref")) {
      return placeholder(template, (String) fn.get("Ref"));
    }
    if (fn.containsKey("Fn::GetAtt")) {
      return placeholder(template, (String) TemplateJson.getAtt(value)[0]);
    }
    throw new AssertionError("cannot resolve " + value);
  }

  private static String placeholder(TemplateJson template, String logicalId) {
    switch (logicalId) {
      case "AWS::Partition":
        return "aws";
      case "AWS::Region":
        return REGION;
      case "AWS::AccountId":
        return ACCOUNT;
      case "AWS::URLSuffix":
        return "amazonaws.com";
      default:
        break;
    }
    String type = (String) template.resource(logicalId).get("Type");
    if (type.startsWith("AWS::Lambda::")) {
      return LAMBDA_ARN_PREFIX + logicalId;
    }
    String service = type.split("::")[1].toLowerCase();
    return "arn:aws:" + service + ":" + REGION + ":" + ACCOUNT + ":" + logicalId;
  }
}
