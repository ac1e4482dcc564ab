package dev.orderflow.lambda.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.aws.AwsClients;
import dev.orderflow.aws.AwsResource;
import dev.orderflow.aws.AwsSettings;
import java.net.URI;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;

/** The clients a Lambda function's wiring prepares on a background thread during init (no network). */
class BackgroundClientsTest {
  private static AwsClients clients() {
    AwsSettings settings = AwsSettings.builder().region("eu-west-1").tableName("orders")
        .topicArn("arn:aws:sns:eu-west-1:000000000000:outcomes").endpointOverride(URI.create("http://127.0.0.1:1")).build();
    return new AwsClients(settings, StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")));
  }

  @Test
  void aPreparedClientIsHandedOutOnceThenClientsAreBuiltAsUsual() {
    AwsClients clients = clients().prepareInBackground(EnumSet.of(AwsResource.TABLE, AwsResource.TOPIC));
    DynamoDbClient prepared = clients.dynamoDb();
    DynamoDbClient next = clients.dynamoDb();
    SnsClient sns = clients.sns();

    assertThat(prepared).isNotNull().isNotSameAs(next);
    assertThat(sns).isNotNull();
    assertThat(prepared.serviceClientConfiguration().region().id()).isEqualTo("eu-west-1");
    assertThat(prepared.serviceClientConfiguration().endpointOverride()).contains(URI.create("http://127.0.0.1:1"));
  }

  @Test
  void preparingTwiceStartsNothingNewAndUnpreparedServicesBuildOnTheCallersThread() {
    AwsClients clients = clients().prepareInBackground(EnumSet.of(AwsResource.TABLE));
    assertThat(clients.prepareInBackground(EnumSet.of(AwsResource.TABLE))).isSameAs(clients);
    assertThat(clients.sns()).isNotNull();
    assertThat(clients.dynamoDb()).isNotNull();
  }
}
