package dev.orderflow.lambda.testing;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Real event shapes from the JSON files under {@code events/}, parsed as the Lambda runtime parses them. */
public final class Events {
  private Events() {}

  /** An AppSync direct Lambda resolver event from a Cognito user pool user with this {@code sub}. */
  public static Map<String, Object> appSync(String sub, String parentTypeName, String fieldName, String argumentsJson) {
    return LambdaJson.map(appSyncJson(sub, parentTypeName, fieldName, argumentsJson));
  }

  public static String appSyncJson(String sub, String parentTypeName, String fieldName, String argumentsJson) {
    return LambdaJson.resource("events/appsync-cognito.json")
        .replace("${arguments}", argumentsJson)
        .replace("${sub}", sub)
        .replace("${parentTypeName}", parentTypeName)
        .replace("${fieldName}", fieldName);
  }

  /** The same event with {@code identity} replaced (JSON text, e.g. {@code null} for an API-key call). */
  public static Map<String, Object> withIdentity(Map<String, Object> event, String identityJson) {
    Map<String, Object> copy = LambdaJson.roundTrip(event);
    copy.put("identity", identityJson.equals("null") ? null : LambdaJson.map(identityJson));
    return copy;
  }

  public static String iamIdentityJson() {
    return LambdaJson.resource("events/appsync-iam-identity.json");
  }

  /** One record of an SQS event source mapping batch. */
  public record Message(String messageId, String body) {}

  public static SQSEvent sqs(List<Message> messages) {
    String record = LambdaJson.resource("events/sqs-record.json");
    String records = messages.stream()
        .map(m -> record.replace("${messageId}", m.messageId()).replace("${body}", LambdaJson.quote(m.body())))
        .collect(Collectors.joining(",\n"));
    return LambdaJson.sqsEvent(LambdaJson.resource("events/sqs-event.json").replace("${records}", records));
  }
}
