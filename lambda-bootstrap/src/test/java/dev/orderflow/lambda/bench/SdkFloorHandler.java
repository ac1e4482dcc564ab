package dev.orderflow.lambda.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.orderflow.aws.AwsClients;
import dev.orderflow.aws.AwsModule;
import dev.orderflow.aws.AwsResource;
import dev.orderflow.aws.AwsSettings;
import dev.orderflow.aws.dynamodb.DynamoDbOrderRepository;
import java.util.EnumSet;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A cold-start reference, not a function of the stack: the resolver's two SDK calls (DynamoDB GetItem, SQS
 * SendMessage) with clients built as the adapters build them, on one thread, with no Guice, no core, no
 * background work. What the SDK alone costs a cold start; the resolver does more and should not cost more.
 */
public final class SdkFloorHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    AwsClients clients = AwsModule.clientsFromEnvironment(System.getenv(),
        EnumSet.of(AwsResource.TABLE, AwsResource.QUEUE));
    AwsSettings settings = clients.settings();
    String orderId = String.valueOf(event.get("orderId"));
    boolean found = clients.dynamoDb().getItem(request -> request.tableName(settings.tableName()).key(Map.of(
        DynamoDbOrderRepository.PARTITION_KEY, AttributeValue.fromS("sdk-floor"),
        DynamoDbOrderRepository.SORT_KEY, AttributeValue.fromS(orderId)))).hasItem();
    String messageId = clients.sqs().sendMessage(request -> request.queueUrl(settings.queueUrl())
        .messageBody("{\"orderId\":\"" + orderId + "\"}")).messageId();
    return Map.of("found", found, "messageId", messageId);
  }
}
