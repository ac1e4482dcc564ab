package dev.orderflow.aws;

import dev.orderflow.aws.dynamodb.DynamoDbOrderRepository;
import dev.orderflow.testing.servers.LocalAwsCredentials;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Clients and resources on the local servers, built the way production builds them ({@link AwsClients}). */
public final class LocalAws {
  private LocalAws() {}

  public static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(LocalAwsCredentials.ACCESS_KEY, LocalAwsCredentials.SECRET_KEY));
  }

  public static AwsClients clients(URI endpoint) {
    return new AwsClients(settings(endpoint).build(), credentials());
  }

  public static AwsSettings.Builder settings(URI endpoint) {
    return AwsSettings.builder().region(LocalAwsCredentials.REGION).endpointOverride(endpoint);
  }

  public static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The orders table as the CDK app defines it: PK customer (S), SK orderId (S), on demand. */
  public static String createOrdersTable(DynamoDbClient dynamo, String name) {
    DynamoDbOrderRepository.createTable(dynamo, name);
    return name;
  }

  public static String createQueue(SqsClient sqs, String name) {
    return sqs.createQueue(b -> b.queueName(name)).queueUrl();
  }

  /** A queue whose messages move to a new DLQ after {@code maxReceiveCount} receives; returns [queueUrl, dlqUrl]. */
  public static List<String> createQueueWithDlq(SqsClient sqs, String name, int maxReceiveCount, int visibilitySeconds) {
    String dlqUrl = sqs.createQueue(b -> b.queueName(name + "-dlq")).queueUrl();
    String dlqArn = queueArn(sqs, dlqUrl);
    String queueUrl = sqs.createQueue(b -> b.queueName(name).attributes(Map.of(
        QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilitySeconds),
        QueueAttributeName.REDRIVE_POLICY,
        "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}"))).queueUrl();
    return List.of(queueUrl, dlqUrl);
  }

  public static String queueArn(SqsClient sqs, String queueUrl) {
    return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
  }

  public static int approximateMessages(SqsClient sqs, String queueUrl) {
    Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
    return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }
}
