package dev.orderflow.testing.servers;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** SDK v2 clients pointed at a local endpoint. */
final class Clients {
  private Clients() {
  }

  private static final StaticCredentialsProvider CREDS = StaticCredentialsProvider.create(
      AwsBasicCredentials.create(LocalAwsCredentials.ACCESS_KEY, LocalAwsCredentials.SECRET_KEY));
  private static final ClientOverrideConfiguration OVERRIDE = ClientOverrideConfiguration.builder()
      .apiCallTimeout(Duration.ofSeconds(30)).build();

  static SqsClient sqs(URI endpoint) {
    return SqsClient.builder().endpointOverride(endpoint).region(Region.of(LocalAwsCredentials.REGION))
        .credentialsProvider(CREDS).httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(OVERRIDE).build();
  }

  static SnsClient sns(URI endpoint) {
    return SnsClient.builder().endpointOverride(endpoint).region(Region.of(LocalAwsCredentials.REGION))
        .credentialsProvider(CREDS).httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(OVERRIDE).build();
  }

  static DynamoDbClient dynamo(URI endpoint) {
    return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.of(LocalAwsCredentials.REGION))
        .credentialsProvider(CREDS).httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(OVERRIDE).build();
  }

  static SfnClient sfn(URI endpoint) {
    return SfnClient.builder().endpointOverride(endpoint).region(Region.of(LocalAwsCredentials.REGION))
        .credentialsProvider(CREDS).httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(OVERRIDE).build();
  }

  static SesV2Client sesV2(URI endpoint) {
    return SesV2Client.builder().endpointOverride(endpoint).region(Region.of(LocalAwsCredentials.REGION))
        .credentialsProvider(CREDS).httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(OVERRIDE).build();
  }

  /** True when nothing accepts TCP connections on 127.0.0.1:port. */
  static boolean portClosed(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return false;
    } catch (ConnectException e) {
      return true;
    } catch (IOException e) {
      return true;
    }
  }
}
