package dev.orderflow.local;

import com.google.inject.Binding;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.orderflow.aws.AwsResource;
import dev.orderflow.aws.AwsSettings;
import dev.orderflow.aws.internal.Lazy;
import dev.orderflow.aws.sns.SnsModule;
import dev.orderflow.aws.sqs.SqsConsumerModule;
import dev.orderflow.aws.sqs.SqsOrderConsumer;
import dev.orderflow.core.application.DeleteOrder;
import dev.orderflow.core.application.GetOrder;
import dev.orderflow.core.application.ListOrders;
import dev.orderflow.core.application.PlaceOrder;
import dev.orderflow.core.application.UpdateOrder;
import dev.orderflow.core.payment.SimulatedPaymentGateway;
import dev.orderflow.lambda.appsync.CallerIdentity;
import dev.orderflow.lambda.appsync.GraphQLResolverHandler;
import dev.orderflow.lambda.telemetry.Telemetry;
import dev.orderflow.lambda.wiring.LambdaWiring;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * What the local runtime serves on with {@code --adapters aws}: the resolver handler built from the deployed
 * resolver Lambda's own wiring ({@link LambdaWiring#graphQLResolver(Map)}: DynamoDB and SQS from the
 * environment, the default credentials chain) and, with {@code --process}, the pipeline in this JVM — the
 * adapters-aws {@link SqsOrderConsumer} draining {@code ORDER_QUEUE_URL} into the workflow of
 * {@link InProcessWorkflowModule}, which records orders in the same table and publishes outcomes to
 * {@code ORDER_TOPIC_ARN}. Without {@code --process}, whatever consumes the queue (the deployed stack) does that.
 * Both share one set of SDK clients; {@link #close()} stops the consumer, then closes the clients.
 */
final class AwsPipeline implements AutoCloseable {
  /** The consumer's long polls are short so that Ctrl-C stops it within a couple of seconds. */
  static final SqsOrderConsumer.Options CONSUMER = SqsOrderConsumer.Options.defaults().withWaitTimeSeconds(2);

  private static final Logger LOG = Logger.getLogger(AwsPipeline.class.getName());
  private static final List<Key<? extends Lazy<? extends SdkAutoCloseable>>> CLIENTS = List.of(
      Key.get(new TypeLiteral<Lazy<DynamoDbClient>>() {}),
      Key.get(new TypeLiteral<Lazy<SqsClient>>() {}),
      Key.get(new TypeLiteral<Lazy<SnsClient>>() {}));

  private final Injector wiring;
  private final SqsOrderConsumer consumer;
  private final GraphQLResolverHandler resolver;
  /** The resolver's telemetry, sent to the console while this pipeline serves. */
  private final Telemetry.Redirect telemetry;

  private AwsPipeline(Injector wiring, SqsOrderConsumer consumer) {
    this.wiring = wiring;
    this.consumer = consumer;
    // on the AWS adapters, the console speaks the deployed functions' JSON lines (the resolver's own included)
    ConsoleLog.json(true);
    this.telemetry = Telemetry.redirect(ConsoleLog::telemetry);
    this.resolver = new GraphQLResolverHandler(wiring.getInstance(PlaceOrder.class),
        wiring.getInstance(GetOrder.class), wiring.getInstance(ListOrders.class),
        wiring.getInstance(UpdateOrder.class), wiring.getInstance(DeleteOrder.class),
        // the runtime always sends an identity (the customer header, or the default customer)
        CallerIdentity.authenticatedOnly());
  }

  /**
   * Wires the resolver from {@code environment} and, if {@code settings.process()}, the consumer and the workflow;
   * {@link #startProcessing()} starts the consumer. Makes no network call.
   *
   * @throws IllegalStateException naming every missing or invalid environment variable: {@code AWS_REGION},
   *     {@code ORDERS_TABLE}, {@code ORDER_QUEUE_URL}, and with processing {@code ORDER_TOPIC_ARN}
   */
  static AwsPipeline wire(LocalSettings settings, Map<String, String> environment) {
    if (settings.process()) {
      // the resolver's wiring checks its own variables; this names the topic too, in the same message
      AwsSettings.fromEnvironment(environment, EnumSet.of(AwsResource.TABLE, AwsResource.QUEUE, AwsResource.TOPIC));
    }
    Injector resolverWiring = LambdaWiring.graphQLResolver(environment);
    if (!settings.process()) {
      return new AwsPipeline(resolverWiring, null);
    }
    Injector processing = null;
    try {
      processing = resolverWiring.createChildInjector(new SnsModule(), new SqsConsumerModule(CONSUMER),
          new InProcessWorkflowModule(new SimulatedPaymentGateway(settings.paymentSeed(), settings.approvalRate())));
      return new AwsPipeline(processing, processing.getInstance(SqsOrderConsumer.class));
    } catch (RuntimeException e) {
      closeClients(processing == null ? resolverWiring : processing);
      throw e;
    }
  }

  /** Starts draining the queue, if this pipeline processes; the API is served by then. */
  void startProcessing() {
    if (consumer != null) {
      consumer.start();
    }
  }

  GraphQLResolverHandler resolver() {
    return resolver;
  }

  Clock clock() {
    return wiring.getInstance(Clock.class);
  }

  AwsSettings settings() {
    return wiring.getInstance(AwsSettings.class);
  }

  /** Whether this JVM consumes the queue and runs the workflow. */
  boolean processing() {
    return consumer != null;
  }

  /** One line for the console: where the API's data lives, and who processes the orders. */
  String describe() {
    AwsSettings settings = settings();
    return "on the AWS adapters: region " + settings.region()
        + settings.endpointOverride().map(uri -> ", endpoint " + uri).orElse("")
        + ", table " + settings.tableName() + ", queue " + settings.queueUrl()
        + (processing()
            ? "; orders processed in this JVM, outcomes published to " + settings.topicArn()
            : "; orders processed by whatever consumes the queue (--process: in this JVM)");
  }

  /** Stops the consumer (each loop finishes its batch, workflows included), then closes the SDK clients. */
  @Override
  public void close() {
    try {
      if (consumer != null) {
        consumer.close();
      }
      closeClients(wiring);
    } finally {
      telemetry.close();
      ConsoleLog.json(false);
    }
  }

  /** Closes each SDK client the injector (or its parent) bound and an adapter has built. */
  private static void closeClients(Injector injector) {
    for (Key<? extends Lazy<? extends SdkAutoCloseable>> key : CLIENTS) {
      Binding<? extends Lazy<? extends SdkAutoCloseable>> binding = injector.getExistingBinding(key);
      if (binding == null) {
        continue;
      }
      Lazy<? extends SdkAutoCloseable> client = binding.getProvider().get();
      if (client.isBuilt()) {
        try {
          client.get().close();
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, e, () -> "closing " + key.getTypeLiteral() + " failed");
        }
      }
    }
  }
}
