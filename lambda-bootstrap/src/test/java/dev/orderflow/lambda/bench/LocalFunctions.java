package dev.orderflow.lambda.bench;

import dev.orderflow.aws.dynamodb.DynamoDbOrderRepository;
import dev.orderflow.testing.servers.Dynalite;
import dev.orderflow.testing.servers.ElasticMq;
import dev.orderflow.testing.servers.Fauxqs;
import dev.orderflow.testing.servers.LocalAwsCredentials;
import dev.orderflow.testing.servers.StepFunctionsStub;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The four local AWS-protocol servers with the pipeline's resources, and fresh JVMs that run one function
 * from the shaded Lambda jar against them ({@code ColdStartProbe}) with the production wiring: the
 * environment a deployed function gets, with the SDK's per-service endpoint variables
 * ({@code AWS_ENDPOINT_URL_DYNAMODB} …) pointing at the servers, since one function may use two of them.
 */
public final class LocalFunctions implements AutoCloseable {
  private final Dynalite dynalite;
  private final ElasticMq elasticMq;
  private final Fauxqs fauxqs;
  private final StepFunctionsStub stepFunctions;
  private final Map<String, String> environment = new LinkedHashMap<>();

  private LocalFunctions(Dynalite dynalite, ElasticMq elasticMq, Fauxqs fauxqs, StepFunctionsStub stepFunctions) {
    this.dynalite = dynalite;
    this.elasticMq = elasticMq;
    this.fauxqs = fauxqs;
    this.stepFunctions = stepFunctions;
  }

  public static LocalFunctions start() {
    List<AutoCloseable> started = new ArrayList<>();
    try {
      Dynalite dynalite = track(started, Dynalite.start());
      ElasticMq elasticMq = track(started, ElasticMq.start());
      Fauxqs fauxqs = track(started, Fauxqs.start());
      StepFunctionsStub stepFunctions = track(started, StepFunctionsStub.start());
      LocalFunctions functions = new LocalFunctions(dynalite, elasticMq, fauxqs, stepFunctions);
      functions.createResources();
      return functions;
    } catch (RuntimeException e) {
      for (AutoCloseable server : started) {
        try {
          server.close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  private static <T extends AutoCloseable> T track(List<AutoCloseable> started, T server) {
    started.add(server);
    return server;
  }

  private void createResources() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String table = "orders-" + suffix;
    try (DynamoDbClient dynamo = client(DynamoDbClient.builder(), dynalite.endpoint());
        SqsClient sqs = client(SqsClient.builder(), elasticMq.endpoint());
        SnsClient sns = client(SnsClient.builder(), fauxqs.endpoint())) {
      DynamoDbOrderRepository.createTable(dynamo, table);
      String queueUrl = sqs.createQueue(b -> b.queueName("orders-" + suffix)).queueUrl();
      String topicArn = sns.createTopic(b -> b.name("outcomes-" + suffix)).topicArn();

      environment.put("AWS_REGION", LocalAwsCredentials.REGION);
      environment.put("AWS_ACCESS_KEY_ID", LocalAwsCredentials.ACCESS_KEY);
      environment.put("AWS_SECRET_ACCESS_KEY", LocalAwsCredentials.SECRET_KEY);
      environment.put("AWS_EC2_METADATA_DISABLED", "true");
      environment.put("ORDERS_TABLE", table);
      environment.put("ORDER_QUEUE_URL", queueUrl);
      environment.put("ORDER_STATE_MACHINE_ARN", "arn:aws:states:" + LocalAwsCredentials.REGION + ":"
          + LocalAwsCredentials.ACCOUNT_ID + ":stateMachine:orders-" + suffix);
      environment.put("ORDER_TOPIC_ARN", topicArn);
      environment.put("PAYMENT_APPROVAL_RATE", "1.0");
      environment.put("AWS_ENDPOINT_URL_DYNAMODB", dynalite.endpoint().toString());
      environment.put("AWS_ENDPOINT_URL_SQS", elasticMq.endpoint().toString());
      environment.put("AWS_ENDPOINT_URL_SFN", stepFunctions.endpoint().toString());
      environment.put("AWS_ENDPOINT_URL_SNS", fauxqs.endpoint().toString());
    }
  }

  private static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>
      & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C> C client(B builder, URI endpoint) {
    return builder.endpointOverride(endpoint).region(Region.of(LocalAwsCredentials.REGION))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(LocalAwsCredentials.ACCESS_KEY, LocalAwsCredentials.SECRET_KEY)))
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }

  /** The environment a deployed function would have, pointing at the local servers. */
  public Map<String, String> environment() {
    return Map.copyOf(environment);
  }

  /** The DynamoDB server's endpoint, for seeding orders from this JVM. */
  public URI dynamoDbEndpoint() {
    return dynalite.endpoint();
  }

  public StepFunctionsStub stepFunctions() {
    return stepFunctions;
  }

  /** What one fresh JVM printed and how long it ran, from process start to exit. */
  public record Run(int exitCode, String stdout, String stderr, long wallNanos) {
    /** A {@code key=value} of the probe's {@code METRICS} line. */
    public long metric(String key) {
      for (String line : stdout.split("\n")) {
        if (line.startsWith("METRICS ")) {
          for (String pair : line.substring("METRICS ".length()).trim().split(" ")) {
            String[] kv = pair.split("=");
            if (kv[0].equals(key)) {
              return Long.parseLong(kv[1]);
            }
          }
        }
      }
      throw new IllegalStateException("no metric " + key + " in: " + stdout + stderr);
    }

    public String result() {
      for (String line : stdout.split("\n")) {
        if (line.startsWith("RESULT ")) {
          return line.substring("RESULT ".length());
        }
      }
      return null;
    }
  }

  /**
   * The {@code java} the probes run on: this JVM's, or the one under the system property
   * {@code orderflow.bench.javaHome} (e.g. a JDK 21+ as a stand-in for Lambda's Java 21).
   */
  public static String java() {
    String home = System.getProperty("orderflow.bench.javaHome", System.getProperty("java.home"));
    return Path.of(home, "bin", "java").toString();
  }

  /**
   * Runs {@code ColdStartProbe <function> <orderId>} from {@code jar} in a fresh JVM with exactly the
   * function environment (plus {@code extraEnvironment}, e.g. {@code JAVA_TOOL_OPTIONS}).
   */
  public Run probe(Path jar, String function, String orderId, Map<String, String> extraEnvironment) {
    ProcessBuilder builder = new ProcessBuilder(java(), "-cp", jar.toString(),
        "dev.orderflow.lambda.bench.ColdStartProbe", function, orderId);
    builder.environment().clear();
    builder.environment().putAll(environment);
    builder.environment().putAll(extraEnvironment);
    try {
      Path out = Files.createTempFile("probe", ".out");
      Path err = Files.createTempFile("probe", ".err");
      try {
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException("probe " + function + " did not finish in 120 s");
        }
        long wall = System.nanoTime() - start;
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8), wall);
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    for (AutoCloseable server : new AutoCloseable[] {stepFunctions, fauxqs, elasticMq, dynalite}) {
      try {
        server.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("stopping the local servers failed", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
