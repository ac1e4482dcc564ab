package dev.orderflow.aws;

import dev.orderflow.aws.internal.Lazy;
import dev.orderflow.aws.tracing.XRaySubsegments;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the SDK clients the same way for every service: explicit region, explicit credentials provider,
 * the light {@link UrlConnectionHttpClient}, and the endpoint override if one is set. Each call builds a
 * new client; the Guice modules hold each in a {@link Lazy} singleton so it is built at most once and only
 * when an adapter first uses it. Every client records its calls as X-Ray subsegments ({@link XRaySubsegments}) when
 * the current Lambda invocation is traced and sampled; elsewhere that costs a trace header lookup per call.
 *
 * <p>{@link #prepareInBackground(Set)} starts building the clients a deployment will use on a background
 * thread, so that the SDK's start-up (its classes, the client configuration, the HTTP client's TLS context)
 * overlaps with whatever the caller does meanwhile, e.g. a Lambda function's dependency injection. The next
 * call to the matching method hands out that prepared client, once; later calls build new ones as usual.
 */
public final class AwsClients {
  /** Longer than SQS's longest long poll (20 s), so a receive never times out while waiting. */
  static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  private final AwsSettings settings;
  private final AwsCredentialsProvider credentials;
  private final XRaySubsegments tracing;
  private final Map<AwsResource, CompletableFuture<Object>> prepared = new ConcurrentHashMap<>();

  public AwsClients(AwsSettings settings, AwsCredentialsProvider credentials) {
    this(settings, credentials, XRaySubsegments.shared());
  }

  /** With another recorder of the clients' X-Ray subsegments than the {@linkplain XRaySubsegments#shared() shared} one. */
  AwsClients(AwsSettings settings, AwsCredentialsProvider credentials, XRaySubsegments tracing) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.tracing = Objects.requireNonNull(tracing, "tracing");
  }

  /** Clients with the default credentials chain (environment, profile, container or instance role). */
  public static AwsClients withDefaultCredentials(AwsSettings settings) {
    return new AwsClients(settings, DefaultCredentialsProvider.builder().build());
  }

  public AwsSettings settings() {
    return settings;
  }

  public DynamoDbClient dynamoDb() {
    return take(AwsResource.TABLE, DynamoDbClient.class, this::buildDynamoDb);
  }

  public SqsClient sqs() {
    return take(AwsResource.QUEUE, SqsClient.class, this::buildSqs);
  }

  public SfnClient stepFunctions() {
    return take(AwsResource.STATE_MACHINE, SfnClient.class, this::buildStepFunctions);
  }

  public SnsClient sns() {
    return take(AwsResource.TOPIC, SnsClient.class, this::buildSns);
  }

  /** The SES v2 client, for the outcome emails (never {@linkplain #prepareInBackground prepared in the background}). */
  public SesV2Client sesV2() {
    return configure(SesV2Client.builder()).build();
  }

  /**
   * Starts building, on one daemon thread and in {@code resources}' order, the client of each resource's
   * service (table: DynamoDB, queue: SQS, state machine: Step Functions, topic: SNS). Makes no network call.
   * A client that fails to build here is built again, on the caller's thread, when it is asked for. Then, if an X-Ray
   * daemon is set, prepares the clients' subsegments ({@link XRaySubsegments#prepare()}).
   *
   * @return this
   */
  public AwsClients prepareInBackground(Set<AwsResource> resources) {
    Map<AwsResource, CompletableFuture<Object>> started = new EnumMap<>(AwsResource.class);
    for (AwsResource resource : resources) {
      CompletableFuture<Object> future = new CompletableFuture<>();
      if (prepared.putIfAbsent(resource, future) == null) {
        started.put(resource, future);
      }
    }
    if (started.isEmpty()) {
      return this;
    }
    Thread thread = new Thread(() -> {
      started.forEach((resource, future) -> {
        try {
          future.complete(build(resource));
        } catch (RuntimeException | LinkageError e) {
          future.completeExceptionally(e);
        }
      });
      tracing.prepare();
    }, "aws-clients-prepare");
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  private Object build(AwsResource resource) {
    return switch (resource) {
      case TABLE -> buildDynamoDb();
      case QUEUE -> buildSqs();
      case STATE_MACHINE -> buildStepFunctions();
      case TOPIC -> buildSns();
    };
  }

  /** The prepared client of {@code resource} if there is one not yet handed out, else a new one. */
  private <C> C take(AwsResource resource, Class<C> type, Supplier<C> builder) {
    CompletableFuture<Object> future = prepared.get(resource);
    if (future != null && prepared.remove(resource, future)) {
      try {
        return type.cast(future.join());
      } catch (RuntimeException e) {
        // built again below, on this thread, so a failure surfaces where the client is used
      }
    }
    return builder.get();
  }

  private DynamoDbClient buildDynamoDb() {
    return configure(DynamoDbClient.builder()).build();
  }

  private SqsClient buildSqs() {
    return configure(SqsClient.builder()).build();
  }

  private SfnClient buildStepFunctions() {
    return configure(SfnClient.builder()).build();
  }

  private SnsClient buildSns() {
    return configure(SnsClient.builder()).build();
  }

  private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder) {
    builder.region(Region.of(settings.region()))
        .credentialsProvider(credentials)
        .overrideConfiguration(o -> o.addExecutionInterceptor(tracing))
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .socketTimeout(SOCKET_TIMEOUT)
            .connectionTimeout(CONNECT_TIMEOUT));
    settings.endpointOverride().ifPresent(builder::endpointOverride);
    return builder;
  }
}
