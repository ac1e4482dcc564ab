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

/**
 * The clients a Lambda function's wiring prepares on a background thread during init (no network).
 * {@link BuildThreads} records the thread that built each DynamoDB and SNS client, so the tests see where
 * a client was built: a prepared one on the "aws-clients-prepare" thread, never on the caller's.
 */
class BackgroundClientsTest {
  private static final String PREPARE_THREAD = "aws-clients-prepare";

  private static AwsClients clients() {
    AwsSettings settings = AwsSettings.builder().region("eu-west-1").tableName("orders")
        .topicArn("arn:aws:sns:eu-west-1:000000000000:outcomes").endpointOverride(URI.create("http://127.0.0.1:1")).build();
    return new AwsClients(settings, StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")));
  }

  private static boolean builtByAPrepareThread() {
    return BuildThreads.all().stream().anyMatch(t -> t.getName().equals(PREPARE_THREAD));
  }

  @Test
  void theProbeSeesAClientBuiltOnTheCallersThread() {
    // without this, the assertions below that nothing was built on the caller's thread would prove nothing
    Thread caller = Thread.currentThread();
    long before = BuildThreads.by(caller);

    clients().dynamoDb();
    clients().sns();

    assertThat(BuildThreads.by(caller)).isEqualTo(before + 2);
  }

  @Test
  void aPreparedClientIsBuiltInTheBackgroundAndHandedOutOnceThenClientsAreBuiltAsUsual() {
    Thread caller = Thread.currentThread();
    long before = BuildThreads.by(caller);
    AwsClients clients = clients().prepareInBackground(EnumSet.of(AwsResource.TABLE, AwsResource.TOPIC));
    DynamoDbClient prepared = clients.dynamoDb();
    SnsClient sns = clients.sns();

    // both came from the background build: the caller's thread built neither
    assertThat(BuildThreads.by(caller)).as("clients built on the caller's thread").isEqualTo(before);
    assertThat(builtByAPrepareThread()).isTrue();

    DynamoDbClient next = clients.dynamoDb();
    assertThat(BuildThreads.by(caller)).as("handed out once, then built as usual").isEqualTo(before + 1);
    assertThat(prepared).isNotNull().isNotSameAs(next);
    assertThat(sns).isNotNull();
    assertThat(prepared.serviceClientConfiguration().region().id()).isEqualTo("eu-west-1");
    assertThat(prepared.serviceClientConfiguration().endpointOverride()).contains(URI.create("http://127.0.0.1:1"));
  }

  @Test
  void preparingTwiceStartsNothingNewAndUnpreparedServicesBuildOnTheCallersThread() {
    Thread caller = Thread.currentThread();
    long before = BuildThreads.by(caller);
    AwsClients clients = clients().prepareInBackground(EnumSet.of(AwsResource.TABLE));
    assertThat(clients.prepareInBackground(EnumSet.of(AwsResource.TABLE))).isSameAs(clients);

    assertThat(clients.dynamoDb()).isNotNull();
    assertThat(BuildThreads.by(caller)).as("the prepared table client came from the background").isEqualTo(before);

    assertThat(clients.sns()).isNotNull();
    assertThat(BuildThreads.by(caller)).as("the unprepared topic client, built on the caller's thread")
        .isEqualTo(before + 1);
  }
}
