package dev.orderflow.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.ProvisionException;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import dev.orderflow.aws.dynamodb.DynamoDbModule;
import dev.orderflow.aws.dynamodb.DynamoDbOrderRepository;
import dev.orderflow.aws.internal.Lazy;
import dev.orderflow.aws.ses.SesCustomerMailer;
import dev.orderflow.aws.ses.SesModule;
import dev.orderflow.aws.sfn.StepFunctionsOrderWorkflow;
import dev.orderflow.aws.sns.SnsOrderNotifier;
import dev.orderflow.aws.sqs.SqsConsumerModule;
import dev.orderflow.aws.sqs.SqsOrderConsumer;
import dev.orderflow.aws.sqs.SqsOrderQueue;
import dev.orderflow.core.port.CustomerMailer;
import dev.orderflow.core.port.OrderNotifier;
import dev.orderflow.core.port.OrderQueue;
import dev.orderflow.core.port.OrderRepository;
import dev.orderflow.core.port.OrderWorkflow;
import java.net.URI;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Wiring only: nothing here talks to a server, and no client is built unless an adapter is used. */
class GuiceModulesTest {
  private static final AwsSettings ALL = LocalAws.settings(URI.create("http://127.0.0.1:9"))
      .tableName("orders").queueUrl("http://127.0.0.1:9/000000000000/orders")
      .stateMachineArn("arn:aws:states:us-east-1:000000000000:stateMachine:orders")
      .topicArn("arn:aws:sns:us-east-1:000000000000:outcomes").build();

  private static <T> Lazy<T> lazy(Injector injector, Class<T> client) {
    @SuppressWarnings("unchecked")
    TypeLiteral<Lazy<T>> type = (TypeLiteral<Lazy<T>>) TypeLiteral.get(
        com.google.inject.util.Types.newParameterizedType(Lazy.class, client));
    return injector.getInstance(Key.get(type));
  }

  @Test
  void bindsEveryPortToItsAwsAdapterWithoutBuildingAClient() {
    // PRODUCTION builds every singleton eagerly: the clients must still wait for first use.
    Injector injector = Guice.createInjector(Stage.PRODUCTION, new AwsAdaptersModule(ALL, LocalAws.credentials()),
        new SqsConsumerModule());

    assertThat(injector.getInstance(OrderRepository.class)).isInstanceOf(DynamoDbOrderRepository.class);
    assertThat(injector.getInstance(OrderQueue.class)).isInstanceOf(SqsOrderQueue.class);
    assertThat(injector.getInstance(OrderWorkflow.class)).isInstanceOf(StepFunctionsOrderWorkflow.class);
    assertThat(injector.getInstance(OrderNotifier.class)).isInstanceOf(SnsOrderNotifier.class);
    assertThat(injector.getInstance(SqsOrderConsumer.class)).isSameAs(injector.getInstance(SqsOrderConsumer.class));
    assertThat(lazy(injector, DynamoDbClient.class).isBuilt()).isFalse();
    assertThat(lazy(injector, SqsClient.class).isBuilt()).isFalse();
    assertThat(lazy(injector, SfnClient.class).isBuilt()).isFalse();
    assertThat(lazy(injector, SnsClient.class).isBuilt()).isFalse();
  }

  @Test
  void aTableOnlyFunctionNeedsOnlyTheTableAndBuildsOnlyTheDynamoDbClient() {
    AwsSettings tableOnly = AwsSettings.fromEnvironment(
        Map.of("ORDERS_TABLE", "orders", "AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL", "http://127.0.0.1:9"),
        EnumSet.of(AwsResource.TABLE));
    Injector injector = Guice.createInjector(new AwsModule(tableOnly, LocalAws.credentials()), new DynamoDbModule());

    injector.getInstance(OrderRepository.class);
    Lazy<DynamoDbClient> dynamo = lazy(injector, DynamoDbClient.class);
    dynamo.get().close();

    assertThat(dynamo.isBuilt()).isTrue();
    assertThat(injector.getExistingBinding(Key.get(OrderQueue.class))).isNull();
  }

  @Test
  void bindsTheMailerToSesFromTheSenderWithoutBuildingTheClient() {
    AwsSettings withSender = LocalAws.settings(URI.create("http://127.0.0.1:9")).emailFrom("orders@example.com")
        .emailConfigurationSet("outcomes").build();
    Injector injector = Guice.createInjector(Stage.PRODUCTION, new AwsModule(withSender, LocalAws.credentials()),
        new SesModule());

    assertThat(injector.getInstance(CustomerMailer.class)).isInstanceOf(SesCustomerMailer.class)
        .isSameAs(injector.getInstance(CustomerMailer.class));
    assertThat(lazy(injector, SesV2Client.class).isBuilt()).isFalse();
  }

  @Test
  void aMailerWithoutASenderNamesTheVariable() {
    Injector injector = Guice.createInjector(new AwsModule(ALL, LocalAws.credentials()), new SesModule());

    assertThatThrownBy(() -> injector.getInstance(CustomerMailer.class))
        .isInstanceOf(ProvisionException.class).hasMessageContaining("ORDER_EMAIL_FROM");
  }

  @Test
  void usingAnAdapterWhoseResourceIsNotConfiguredNamesTheVariable() {
    AwsSettings tableOnly = AwsSettings.builder().region("us-east-1").tableName("orders").build();
    Injector injector = Guice.createInjector(new AwsAdaptersModule(tableOnly, LocalAws.credentials()));

    assertThat(injector.getInstance(OrderRepository.class)).isNotNull();
    assertThatThrownBy(() -> injector.getInstance(OrderQueue.class))
        .isInstanceOf(ProvisionException.class).hasMessageContaining("ORDER_QUEUE_URL");
  }
}
