package dev.orderflow.lambda.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.orderflow.aws.internal.Lazy;
import dev.orderflow.core.application.DecidePayment;
import dev.orderflow.core.application.EmailOutcome;
import dev.orderflow.core.domain.EmailAddress;
import dev.orderflow.core.port.CustomerMailer;
import dev.orderflow.core.application.PlaceOrder;
import dev.orderflow.core.application.StartOrderProcessing;
import dev.orderflow.core.port.OrderIdGenerator;
import dev.orderflow.core.port.OrderNotifier;
import dev.orderflow.core.port.OrderQueue;
import dev.orderflow.core.port.OrderRepository;
import dev.orderflow.core.port.OrderWorkflow;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

class LambdaWiringTest {
  private static final Map<String, String> ALL = Map.of(
      "AWS_REGION", "us-east-1",
      "ORDERS_TABLE", "orders",
      "ORDER_QUEUE_URL", "http://127.0.0.1:1/000000000000/orders",
      "ORDER_STATE_MACHINE_ARN", "arn:aws:states:us-east-1:000000000000:stateMachine:orders",
      "ORDER_TOPIC_ARN", "arn:aws:sns:us-east-1:000000000000:outcomes",
      "AWS_ENDPOINT_URL", "http://127.0.0.1:1",
      "ORDER_EMAIL_FROM", "orders@example.com",
      "ORDER_EMAIL_CONFIGURATION_SET", "orderflow-outcomes");

  private static Map<String, String> without(String variable) {
    Map<String, String> env = new java.util.HashMap<>(ALL);
    env.remove(variable);
    return env;
  }

  @Test
  void eachFunctionNeedsOnlyItsOwnVariablesAndNamesAMissingOne() {
    assertThatThrownBy(() -> LambdaWiring.graphQLResolver(without("ORDER_QUEUE_URL")))
        .hasMessageContaining("ORDER_QUEUE_URL");
    assertThatThrownBy(() -> LambdaWiring.graphQLResolver(without("AWS_REGION"))).hasMessageContaining("AWS_REGION");
    assertThatThrownBy(() -> LambdaWiring.orderQueueConsumer(without("ORDER_STATE_MACHINE_ARN")))
        .hasMessageContaining("ORDER_STATE_MACHINE_ARN");
    assertThatThrownBy(() -> LambdaWiring.workflowStep(without("ORDER_TOPIC_ARN"), true))
        .hasMessageContaining("ORDER_TOPIC_ARN");

    Map<String, String> consumerOnly = Map.of("AWS_REGION", "us-east-1",
        "ORDER_STATE_MACHINE_ARN", ALL.get("ORDER_STATE_MACHINE_ARN"));
    assertThat(LambdaWiring.orderQueueConsumer(consumerOnly).getInstance(StartOrderProcessing.class)).isNotNull();
    assertThat(LambdaWiring.workflowStep(without("ORDER_TOPIC_ARN"), false).getInstance(DecidePayment.class)).isNotNull();
  }

  @Test
  void eachFunctionBindsOnlyTheAdaptersItUses() {
    Injector resolver = LambdaWiring.graphQLResolver(ALL);
    assertThat(resolver.getInstance(PlaceOrder.class)).isNotNull();
    assertThat(resolver.getExistingBinding(Key.get(OrderRepository.class))).isNotNull();
    assertThat(resolver.getExistingBinding(Key.get(OrderQueue.class))).isNotNull();
    assertThat(resolver.getExistingBinding(Key.get(OrderWorkflow.class))).isNull();
    assertThat(resolver.getExistingBinding(Key.get(OrderNotifier.class))).isNull();

    Injector consumer = LambdaWiring.orderQueueConsumer(ALL);
    assertThat(consumer.getExistingBinding(Key.get(OrderWorkflow.class))).isNotNull();
    assertThat(consumer.getExistingBinding(Key.get(OrderRepository.class))).isNull();

    assertThat(LambdaWiring.workflowStep(ALL, false).getExistingBinding(Key.get(OrderNotifier.class))).isNull();
    assertThat(LambdaWiring.workflowStep(ALL, true).getExistingBinding(Key.get(OrderNotifier.class))).isNotNull();
  }

  @Test
  void clientsAreBuiltOnlyWhenPrimedAndWithoutAnyCall() {
    Injector resolver = LambdaWiring.graphQLResolver(ALL);
    Lazy<DynamoDbClient> dynamo = resolver.getInstance(Key.get(new TypeLiteral<Lazy<DynamoDbClient>>() {}));
    Lazy<SqsClient> sqs = resolver.getInstance(Key.get(new TypeLiteral<Lazy<SqsClient>>() {}));
    assertThat(dynamo.isBuilt()).isFalse();

    // the endpoint is a closed port: building a client must not touch it
    assertThat(StartUp.initialiseClients(resolver)).isEqualTo(2);

    assertThat(dynamo.isBuilt()).isTrue();
    assertThat(sqs.isBuilt()).isTrue();
    assertThat(StartUp.initialiseClients(LambdaWiring.orderQueueConsumer(ALL))).isEqualTo(1);
    assertThat(StartUp.initialiseClients(LambdaWiring.workflowStep(ALL, true))).isEqualTo(2);
  }

  @Test
  void idsAreDrawnOnlyOnFirstUse() {
    OrderIdGenerator ids = LambdaWiring.graphQLResolver(ALL).getInstance(OrderIdGenerator.class);

    assertThat(ids.next().value()).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(ids.next()).isNotEqualTo(ids.next());
  }

  @Test
  void handlerSettingsHaveDefaultsAndNameABadVariable() {
    assertThat(HandlerSettings.fromEnvironment(Map.of())).isEqualTo(new HandlerSettings(0.5, 0L));
    assertThat(HandlerSettings.fromEnvironment(Map.of("PAYMENT_APPROVAL_RATE", "1", "PAYMENT_SEED", "42")))
        .isEqualTo(new HandlerSettings(1.0, 42L));
    assertThatThrownBy(() -> HandlerSettings.fromEnvironment(Map.of("PAYMENT_APPROVAL_RATE", "2")))
        .hasMessageContaining("PAYMENT_APPROVAL_RATE");
    assertThatThrownBy(() -> HandlerSettings.fromEnvironment(Map.of("PAYMENT_APPROVAL_RATE", "half")))
        .hasMessageContaining("PAYMENT_APPROVAL_RATE");
    assertThatThrownBy(() -> HandlerSettings.fromEnvironment(Map.of("PAYMENT_SEED", "x")))
        .hasMessageContaining("PAYMENT_SEED");
    assertThatThrownBy(() -> LambdaWiring.workflowStep(
        new java.util.HashMap<>(Map.of("AWS_REGION", "us-east-1", "ORDERS_TABLE", "t", "PAYMENT_SEED", "x")), false))
        .hasMessageContaining("PAYMENT_SEED");
  }

  @Test
  void primingResourcesRunBeforeACheckpoint() throws Exception {
    int[] runs = {0};
    org.crac.Resource resource = Priming.register(() -> runs[0]++);

    resource.beforeCheckpoint(null);

    assertThat(runs[0]).isEqualTo(1);
  }

  @Test
  void restoreHooksRunAfterARestoreOnly() throws Exception {
    int[] runs = {0};
    org.crac.Resource resource = Priming.afterRestore(() -> runs[0]++);

    resource.beforeCheckpoint(null);
    assertThat(runs[0]).isZero();
    resource.afterRestore(null);
    assertThat(runs[0]).isEqualTo(1);
  }

  // --- the outcome mailer ---

  @Test
  void theMailerNeedsTheTableTheSenderAndTheConfigurationSetAndNamesEveryMissingOne() {
    assertThatThrownBy(() -> LambdaWiring.outcomeMailer(without("ORDERS_TABLE"))).hasMessageContaining("ORDERS_TABLE");
    Map<String, String> neither = without("ORDER_EMAIL_FROM");
    neither.remove("ORDER_EMAIL_CONFIGURATION_SET");
    assertThatThrownBy(() -> LambdaWiring.outcomeMailer(neither))
        .hasMessageContaining("ORDER_EMAIL_FROM").hasMessageContaining("ORDER_EMAIL_CONFIGURATION_SET");
    assertThatThrownBy(() -> LambdaWiring.outcomeMailer(without("ORDER_EMAIL_CONFIGURATION_SET")))
        .hasMessageContaining("ORDER_EMAIL_CONFIGURATION_SET");

    Map<String, String> mailerOnly = Map.of("AWS_REGION", "us-east-1", "ORDERS_TABLE", "orders",
        "ORDER_EMAIL_FROM", "orders@example.com", "ORDER_EMAIL_CONFIGURATION_SET", "outcomes");
    assertThat(LambdaWiring.outcomeMailer(mailerOnly).getInstance(EmailOutcome.class)).isNotNull();
  }

  @Test
  void theMailerBindsTheRepositoryAndTheSesMailerOnly() {
    Injector mailer = LambdaWiring.outcomeMailer(ALL);
    assertThat(mailer.getExistingBinding(Key.get(OrderRepository.class))).isNotNull();
    assertThat(mailer.getExistingBinding(Key.get(CustomerMailer.class))).isNotNull();
    assertThat(mailer.getInstance(CustomerMailer.class).getClass().getSimpleName()).isEqualTo("SesCustomerMailer");
    assertThat(mailer.getExistingBinding(Key.get(OrderQueue.class))).isNull();
    assertThat(mailer.getExistingBinding(Key.get(OrderWorkflow.class))).isNull();
    assertThat(mailer.getExistingBinding(Key.get(OrderNotifier.class))).isNull();
    // no other function can send mail
    assertThat(LambdaWiring.workflowStep(ALL, true).getExistingBinding(Key.get(CustomerMailer.class))).isNull();
    assertThat(LambdaWiring.graphQLResolver(ALL).getExistingBinding(Key.get(CustomerMailer.class))).isNull();
  }

  @Test
  void theMailersClientsAreBuiltWhenPrimedWithoutAnyCall() {
    Injector mailer = LambdaWiring.outcomeMailer(ALL);
    Lazy<SesV2Client> ses = mailer.getInstance(Key.get(new TypeLiteral<Lazy<SesV2Client>>() {}));
    assertThat(ses.isBuilt()).isFalse();

    // the endpoint is a closed port: building the clients must not touch it
    assertThat(StartUp.initialiseClients(mailer)).isEqualTo(2);

    assertThat(ses.isBuilt()).isTrue();
  }

  @Test
  void mailSettingsTakeAnAddressOrADomainAsTheSender() {
    assertThat(HandlerSettings.Mail.fromEnvironment(Map.of("ORDER_EMAIL_FROM", " orders@Example.com ",
        "ORDER_EMAIL_CONFIGURATION_SET", "outcomes")))
        .isEqualTo(new HandlerSettings.Mail(EmailAddress.of("orders@example.com"), "outcomes"));
    HandlerSettings.Mail domain = HandlerSettings.Mail.fromEnvironment(Map.of("ORDER_EMAIL_FROM", "shop.example.com",
        "ORDER_EMAIL_CONFIGURATION_SET", "Orderflow-ConfigurationSet_1"));
    assertThat(domain.sender()).isEqualTo(EmailAddress.of("no-reply@shop.example.com"));
    // the SES adapter is given the address it sends from
    assertThat(domain.applyTo(Map.of("AWS_REGION", "us-east-1", "ORDER_EMAIL_FROM", "shop.example.com")))
        .containsEntry("ORDER_EMAIL_FROM", "no-reply@shop.example.com")
        .containsEntry("ORDER_EMAIL_CONFIGURATION_SET", "Orderflow-ConfigurationSet_1")
        .containsEntry("AWS_REGION", "us-east-1");

    for (String bad : new String[] {"not a sender", "localhost", "orders@", "a@b@c", "orders@example.com\r\nBcc: x@y.z"}) {
      assertThatThrownBy(() -> HandlerSettings.Mail.fromEnvironment(Map.of("ORDER_EMAIL_FROM", bad,
          "ORDER_EMAIL_CONFIGURATION_SET", "outcomes"))).as(bad).hasMessageContaining("ORDER_EMAIL_FROM");
    }
    assertThatThrownBy(() -> HandlerSettings.Mail.fromEnvironment(Map.of("ORDER_EMAIL_FROM", "orders@example.com",
        "ORDER_EMAIL_CONFIGURATION_SET", "no spaces allowed"))).hasMessageContaining("ORDER_EMAIL_CONFIGURATION_SET");
  }

  @Test
  void eachMailerSendsAtItsShareOfTheAccountsSesRate() {
    Map<String, String> shared = Map.of("ORDER_EMAIL_FROM", "orders@example.com",
        "ORDER_EMAIL_CONFIGURATION_SET", "outcomes", "ORDER_EMAIL_ACCOUNT_SENDS_PER_SECOND", "14",
        "ORDER_EMAIL_MAILERS", "2");

    assertThat(HandlerSettings.Mail.fromEnvironment(shared).sendsPerSecond()).isEqualTo(7.0);
    assertThat(HandlerSettings.Mail.fromEnvironment(Map.of("ORDER_EMAIL_FROM", "orders@example.com",
        "ORDER_EMAIL_CONFIGURATION_SET", "outcomes")).sendsPerSecond()).as("unpaced without a rate").isInfinite();
    for (String bad : new String[] {"0", "-1", "fast", "Infinity"}) {
      Map<String, String> environment = new java.util.HashMap<>(shared);
      environment.put("ORDER_EMAIL_ACCOUNT_SENDS_PER_SECOND", bad);
      assertThatThrownBy(() -> HandlerSettings.Mail.fromEnvironment(environment)).as(bad)
          .hasMessageContaining("ORDER_EMAIL_ACCOUNT_SENDS_PER_SECOND");
    }
  }
}
