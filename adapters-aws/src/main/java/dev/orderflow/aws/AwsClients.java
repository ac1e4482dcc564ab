package dev.orderflow.aws;

import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the SDK clients the same way for every service: explicit region, explicit credentials provider,
 * the light {@link UrlConnectionHttpClient}, and the endpoint override if one is set. Each call builds a
 * new client; the Guice modules hold each in a {@link Lazy} singleton so it is built at most once and only
 * when an adapter first uses it.
 */
public final class AwsClients {
  /** Longer than SQS's longest long poll (20 s), so a receive never times out while waiting. */
  static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  private final AwsSettings settings;
  private final AwsCredentialsProvider credentials;

  public AwsClients(AwsSettings settings, AwsCredentialsProvider credentials) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
  }

  /** Clients with the default credentials chain (environment, profile, container or instance role). */
  public static AwsClients withDefaultCredentials(AwsSettings settings) {
    return new AwsClients(settings, DefaultCredentialsProvider.builder().build());
  }

  public AwsSettings settings() {
    return settings;
  }

  public DynamoDbClient dynamoDb() {
    return configure(DynamoDbClient.builder()).build();
  }

  public SqsClient sqs() {
    return configure(SqsClient.builder()).build();
  }

  public SfnClient stepFunctions() {
    return configure(SfnClient.builder()).build();
  }

  public SnsClient sns() {
    return configure(SnsClient.builder()).build();
  }

  private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder) {
    builder.region(Region.of(settings.region()))
        .credentialsProvider(credentials)
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .socketTimeout(SOCKET_TIMEOUT)
            .connectionTimeout(CONNECT_TIMEOUT));
    settings.endpointOverride().ifPresent(builder::endpointOverride);
    return builder;
  }
}
