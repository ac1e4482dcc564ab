package dev.orderflow.lambda.wiring;

import com.google.inject.Binding;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import dev.orderflow.aws.AwsClients;
import dev.orderflow.aws.AwsModule;
import dev.orderflow.aws.AwsResource;
import dev.orderflow.aws.Lazy;
import dev.orderflow.aws.appsync.AppSyncModule;
import dev.orderflow.aws.dynamodb.DynamoDbModule;
import dev.orderflow.aws.ses.SesModule;
import dev.orderflow.aws.sfn.StepFunctionsModule;
import dev.orderflow.aws.sns.SnsModule;
import dev.orderflow.aws.sqs.SqsModule;
import dev.orderflow.lambda.telemetry.Telemetry;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import software.amazon.awssdk.core.ClientType;
import software.amazon.awssdk.core.warmup.SdkWarmUpProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The production wiring of each function: the AWS adapters it uses and nothing else, so a function
 * builds only its own SDK clients (and those only on first use, or before a SnapStart checkpoint).
 *
 * <table>
 *   <caption>What each function reads from its environment</caption>
 *   <tr><th>function</th><th>adapters</th><th>required variables</th></tr>
 *   <tr><td>GraphQL resolver</td><td>DynamoDB, SQS</td><td>AWS_REGION, ORDERS_TABLE, ORDER_QUEUE_URL</td></tr>
 *   <tr><td>queue consumer</td><td>Step Functions</td><td>AWS_REGION, ORDER_STATE_MACHINE_ARN</td></tr>
 *   <tr><td>InitializeOrder, DecidePayment</td><td>DynamoDB</td><td>AWS_REGION, ORDERS_TABLE</td></tr>
 *   <tr><td>CompleteOrder, FailOrder</td><td>DynamoDB, SNS</td><td>AWS_REGION, ORDERS_TABLE, ORDER_TOPIC_ARN</td></tr>
 *   <tr><td>order changes publisher (orders table stream)</td><td>AppSync (signed HTTPS)</td>
 *       <td>AWS_REGION, ORDER_UPDATES_URL</td></tr>
 *   <tr><td>outcome mailer (mail queue)</td><td>DynamoDB, SES</td>
 *       <td>AWS_REGION, ORDERS_TABLE, ORDER_EMAIL_FROM, ORDER_EMAIL_CONFIGURATION_SET ({@link HandlerSettings.Mail})</td></tr>
 * </table>
 * Every function but the order changes publisher also reads the optional {@code AWS_ENDPOINT_URL} and
 * {@link HandlerSettings}; the resolver also {@code DEMO_CUSTOMER}.
 */
public final class LambdaWiring {
  private static final String GUICE_BYTECODE_GEN = "guice_bytecode_gen_option";
  /** Set to {@code false} to build clients and warm the SDK only on the calling thread. */
  public static final String BACKGROUND_INIT = "orderflow.lambda.backgroundInit";

  static {
    // Before any Guice class initialises (its flags are read once): no generated fast-invocation classes for
    // provider methods and constructors, plain reflection instead. A function calls each provider once, so
    // generating and defining those classes (ASM, hidden classes) only cost start-up time (docs/benchmarks.md).
    if (System.getProperty(GUICE_BYTECODE_GEN) == null) {
      System.setProperty(GUICE_BYTECODE_GEN, "DISABLED");
    }
  }

  private static final List<Key<? extends Lazy<?>>> CLIENTS = List.of(
      Key.get(new TypeLiteral<Lazy<DynamoDbClient>>() {}),
      Key.get(new TypeLiteral<Lazy<SqsClient>>() {}),
      Key.get(new TypeLiteral<Lazy<SfnClient>>() {}),
      Key.get(new TypeLiteral<Lazy<SnsClient>>() {}),
      Key.get(new TypeLiteral<Lazy<SesV2Client>>() {}));

  /** The last background SDK warm-up started, joined before priming so none runs across a checkpoint. */
  private static volatile Thread backgroundWarmUp;

  private LambdaWiring() {}

  public static Injector graphQLResolver() {
    return graphQLResolver(System.getenv());
  }

  public static Injector graphQLResolver(Map<String, String> environment) {
    return build(environment, EnumSet.of(AwsResource.TABLE, AwsResource.QUEUE), new DynamoDbModule(), new SqsModule());
  }

  public static Injector orderQueueConsumer() {
    return orderQueueConsumer(System.getenv());
  }

  public static Injector orderQueueConsumer(Map<String, String> environment) {
    return build(environment, EnumSet.of(AwsResource.STATE_MACHINE), new StepFunctionsModule());
  }

  /** @param notifies whether the step publishes outcomes (CompleteOrder, FailOrder) */
  public static Injector workflowStep(boolean notifies) {
    return workflowStep(System.getenv(), notifies);
  }

  public static Injector workflowStep(Map<String, String> environment, boolean notifies) {
    return notifies
        ? build(environment, EnumSet.of(AwsResource.TABLE, AwsResource.TOPIC), new DynamoDbModule(), new SnsModule())
        : build(environment, EnumSet.of(AwsResource.TABLE), new DynamoDbModule());
  }

  public static Injector outcomeMailer() {
    return outcomeMailer(System.getenv());
  }

  /**
   * The outcome mailer: {@code EmailOutcome} on the DynamoDB repository and the SES mailer, sending from
   * {@link HandlerSettings.Mail}.
   *
   * @throws IllegalStateException naming every missing variable, or the one that holds no valid value
   */
  public static Injector outcomeMailer(Map<String, String> environment) {
    HandlerSettings.Mail mail = HandlerSettings.Mail.fromEnvironment(environment);
    // the SES adapter reads its sender from the settings: the From address, also when the identity is a domain
    // each mailer sends at its share of the account's SES rate, so that SES does not throttle it
    return build(mail.applyTo(environment), EnumSet.of(AwsResource.TABLE), new DynamoDbModule(),
        new SesModule(mail.sendsPerSecond()));
  }

  public static Injector orderChangesPublisher() {
    return orderChangesPublisher(System.getenv());
  }

  /**
   * The order changes publisher: {@code OrderChangePublisher} on the AppSync API at {@code ORDER_UPDATES_URL}
   * ({@code https}), signed for {@code AWS_REGION} with the default credentials chain. No SDK service client, so
   * no background work: the HTTP client is built on first use or by priming.
   *
   * @throws IllegalStateException naming every missing variable, or the URL that is not one
   */
  public static Injector orderChangesPublisher(Map<String, String> environment) {
    return Guice.createInjector(Stage.PRODUCTION, AppSyncModule.fromEnvironment(environment));
  }

  /**
   * Registers the SnapStart priming of a function built on {@code injector}: {@code primeHandler} (the handler's own
   * code on a sample event), then {@link #initialiseClients}. Nothing runs unless a checkpoint is taken.
   *
   * @return {@code injector}
   */
  public static Injector primed(Injector injector, Runnable primeHandler) {
    Priming.register(() -> {
      Telemetry.prime();
      primeHandler.run();
      initialiseClients(injector);
    });
    return injector;
  }

  /**
   * Builds the SDK clients this injector binds and runs one request of each client type through the SDK's
   * own warm-up (a canned in-memory HTTP response: marshalling, signing, unmarshalling, no connection),
   * without calling any service — SnapStart priming.
   *
   * @return how many clients it built
   */
  public static int initialiseClients(Injector injector) {
    Thread background = backgroundWarmUp;
    if (background != null) {
      try {
        background.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Set<String> clientTypes = new HashSet<>();
    for (Key<? extends Lazy<?>> key : CLIENTS) {
      Binding<? extends Lazy<?>> binding = injector.getExistingBinding(key);
      if (binding != null) {
        Object client = binding.getProvider().get().get();
        for (Class<?> type : client.getClass().getInterfaces()) {
          clientTypes.add(type.getName());
        }
      }
    }
    warmUp(clientTypes);
    return (int) CLIENTS.stream().filter(key -> injector.getExistingBinding(key) != null).count();
  }

  /**
   * Whether {@link #build} starts its background work: yes unless the system property
   * {@value #BACKGROUND_INIT} is {@code false} (e.g. {@code JAVA_TOOL_OPTIONS=-Dorderflow.lambda.backgroundInit=false}).
   */
  private static boolean backgroundInit() {
    return !"false".equalsIgnoreCase(System.getProperty(BACKGROUND_INIT));
  }

  private static void startWarmUp(Set<AwsResource> resources) {
    Set<String> syncClientTypes = new HashSet<>();
    for (AwsResource resource : resources) {
      syncClientTypes.add(switch (resource) {
        case TABLE -> DynamoDbClient.class.getName();
        case QUEUE -> SqsClient.class.getName();
        case STATE_MACHINE -> SfnClient.class.getName();
        case TOPIC -> SnsClient.class.getName();
      });
    }
    Thread thread = new Thread(() -> warmUp(syncClientTypes), "sdk-warm-up");
    thread.setDaemon(true);
    backgroundWarmUp = thread;
    thread.start();
  }

  /** The SDK's per-service warm-up providers (never {@code SdkWarmUp.warmUp}, which also calls a regional endpoint). */
  private static void warmUp(Set<String> syncClientTypes) {
    for (SdkWarmUpProvider provider : ServiceLoader.load(SdkWarmUpProvider.class, LambdaWiring.class.getClassLoader())) {
      if (syncClientTypes.contains(provider.syncClientClassName())) {
        try {
          provider.warmUpClient(ClientType.SYNC);
        } catch (RuntimeException e) {
          // Only an optimisation: a restored function still works, it just warms up on its first request.
          System.err.println("WARN SDK warm-up of " + provider.syncClientClassName() + " failed: " + e);
        }
      }
    }
  }

  /** @throws IllegalStateException naming every missing or invalid environment variable */
  private static Injector build(Map<String, String> environment, Set<AwsResource> needed, Module... adapters) {
    AwsClients clients = AwsModule.clientsFromEnvironment(environment, needed);
    if (backgroundInit()) {
      // Start-up work that does not depend on the object graph runs on two daemon threads while Guice builds the
      // graph on this one: the function's own SDK clients (handed to the adapters on first use), and the SDK's
      // in-memory warm-up of the same client types (canned responses, no network), which loads and links the
      // request path — marshalling, signing, unmarshalling — before the first event needs it.
      clients.prepareInBackground(needed);
      startWarmUp(needed);
    }
    List<Module> modules = new ArrayList<>(List.of(adapters));
    modules.add(new AwsModule(clients));
    modules.add(new HandlerModule(HandlerSettings.fromEnvironment(environment)));
    return Guice.createInjector(Stage.PRODUCTION, modules);
  }
}
