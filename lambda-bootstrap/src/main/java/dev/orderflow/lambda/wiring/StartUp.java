package dev.orderflow.lambda.wiring;

import com.google.inject.Binding;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.orderflow.aws.AwsClients;
import dev.orderflow.aws.AwsResource;
import dev.orderflow.aws.internal.Lazy;
import dev.orderflow.lambda.telemetry.Telemetry;
import java.util.HashSet;
import java.util.List;
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
 * Everything a function does at start-up beyond building its object graph ({@link LambdaWiring}), in one place:
 * Guice's start-up flag, the background build of its SDK clients and the SDK's in-memory warm-up during the init
 * phase, and the SnapStart priming registered for a checkpoint ({@link Priming}). Every value built later than
 * wiring is built through the one laziness mechanism, {@link Lazy}: the adapters hold their clients in one, and a
 * client prepared here in the background is what that {@code Lazy} hands out first.
 */
public final class StartUp {
  private static final String GUICE_BYTECODE_GEN = "guice_bytecode_gen_option";
  /** Set to {@code false} to build clients and warm the SDK only on the calling thread. */
  public static final String BACKGROUND_INIT = "orderflow.lambda.backgroundInit";

  /**
   * Before any Guice class initialises (its flags are read once): no generated fast-invocation classes for
   * provider methods and constructors, plain reflection instead. A function calls each provider once, so
   * generating and defining those classes (ASM, hidden classes) only cost start-up time (docs/benchmarks.md).
   */
  static void beforeGuice() {
    if (System.getProperty(GUICE_BYTECODE_GEN) == null) {
      System.setProperty(GUICE_BYTECODE_GEN, "DISABLED");
    }
  }


  /** The last background SDK warm-up started, joined before priming so none runs across a checkpoint. */
  private static volatile Thread backgroundWarmUp;

  private StartUp() {}

  /** The SDK clients a function may bind; a method, not a constant, so that this class touches no Guice class early. */
  private static List<Key<? extends Lazy<?>>> clientKeys() {
    return List.of(
        Key.get(new TypeLiteral<Lazy<DynamoDbClient>>() {}),
        Key.get(new TypeLiteral<Lazy<SqsClient>>() {}),
        Key.get(new TypeLiteral<Lazy<SfnClient>>() {}),
        Key.get(new TypeLiteral<Lazy<SnsClient>>() {}),
        Key.get(new TypeLiteral<Lazy<SesV2Client>>() {}));
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
    List<Key<? extends Lazy<?>>> keys = clientKeys();
    for (Key<? extends Lazy<?>> key : keys) {
      Binding<? extends Lazy<?>> binding = injector.getExistingBinding(key);
      if (binding != null) {
        Object client = binding.getProvider().get().get();
        for (Class<?> type : client.getClass().getInterfaces()) {
          clientTypes.add(type.getName());
        }
      }
    }
    warmUp(clientTypes);
    return (int) keys.stream().filter(key -> injector.getExistingBinding(key) != null).count();
  }

  /**
   * Starts the work that does not depend on the object graph, on two daemon threads, while Guice builds the graph on
   * the caller's: the function's own SDK clients (handed to the adapters on first use), and the SDK's in-memory
   * warm-up of the same client types (canned responses, no network), which loads and links the request path —
   * marshalling, signing, unmarshalling — before the first event needs it. Nothing if {@value #BACKGROUND_INIT} is
   * {@code false}.
   */
  static void inBackground(AwsClients clients, Set<AwsResource> needed) {
    if (backgroundInit()) {
      clients.prepareInBackground(needed);
      startWarmUp(needed);
    }
  }

  /**
   * Whether {@link #inBackground} starts its work: yes unless the system property
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
}
