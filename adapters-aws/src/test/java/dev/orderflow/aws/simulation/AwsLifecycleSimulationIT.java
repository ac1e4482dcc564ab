package dev.orderflow.aws.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.aws.LocalAws;
import dev.orderflow.aws.dynamodb.DynamoDbOrderRepository;
import dev.orderflow.aws.ses.SesCustomerMailer;
import dev.orderflow.aws.sns.SnsOrderNotifier;
import dev.orderflow.core.domain.EmailAddress;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.domain.StatusChange;
import dev.orderflow.core.fixtures.Orders;
import dev.orderflow.core.port.OrderMessageFormat;
import dev.orderflow.core.port.OutcomeEmail;
import dev.orderflow.core.simulation.LifecycleSimulation;
import dev.orderflow.core.simulation.SimulatedAdapters;
import dev.orderflow.testing.servers.AwsSesV2Local;
import dev.orderflow.testing.servers.Dynalite;
import dev.orderflow.testing.servers.ElasticMq;
import dev.orderflow.testing.servers.Fauxqs;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The core's lifecycle simulation on the AWS adapters against the local servers — DynamoDB on dynalite, SNS on
 * fauxqs, SQS on ElasticMQ, SES on aws-ses-v2-local ({@link AwsAdapters}): {@value #DEFAULT_SEQUENCES} sequences, or
 * {@code -Dorderflow.simulation.aws.sequences=N}, from {@code -Dorderflow.simulation.seed=S} (default 1).
 */
class AwsLifecycleSimulationIT {
  static final int DEFAULT_SEQUENCES = 60;

  private static ElasticMq elasticMq;
  private static Dynalite dynalite;
  private static Fauxqs fauxqs;
  private static AwsSesV2Local ses;
  private static SqsClient sqs;
  private static DynamoDbClient dynamo;
  private static SnsClient sns;
  private static SesV2Client sesClient;
  private static SimulatedAdapters.Family family;

  @BeforeAll
  static void startServers() {
    elasticMq = ElasticMq.start();
    dynalite = Dynalite.start();
    fauxqs = Fauxqs.start();
    ses = AwsSesV2Local.start();
    sqs = LocalAws.clients(elasticMq.endpoint()).sqs();
    dynamo = LocalAws.clients(dynalite.endpoint()).dynamoDb();
    sns = LocalAws.clients(fauxqs.endpoint()).sns();
    sesClient = LocalAws.clients(ses.endpoint()).sesV2();
    DynamoDbOrderRepository repository =
        new DynamoDbOrderRepository(dynamo, LocalAws.createOrdersTable(dynamo, LocalAws.uniqueName("sim-orders")));
    String topicArn = sns.createTopic(b -> b.name(LocalAws.uniqueName("sim-outcomes"))).topicArn();
    family = AwsAdapters.family(sqs, repository, new SnsOrderNotifier(sns, topicArn),
        new SesCustomerMailer(sesClient, "orders@example.com", null));
  }

  @AfterAll
  static void stopServers() {
    sqs.close();
    dynamo.close();
    sns.close();
    sesClient.close();
    elasticMq.close();
    dynalite.close();
    fauxqs.close();
    ses.close();
  }

  @Test
  void everyInvariantHoldsOnTheAwsAdapters() {
    int sequences = Integer.getInteger("orderflow.simulation.aws.sequences", DEFAULT_SEQUENCES);
    long firstSeed = Long.getLong("orderflow.simulation.seed", 1L);
    long started = System.nanoTime();

    LifecycleSimulation.Report report = LifecycleSimulation.on(family).explore(sequences, firstSeed);

    System.out.printf("lifecycle simulation (aws): %s, %.1f s%n", report.summary(),
        (System.nanoTime() - started) / 1e9);
    assertThat(report.sequences()).isEqualTo(sequences);
    assertThat(report.orders()).as("orders accepted").isGreaterThan(sequences);
    assertThat(report.faults()).as("faults fired").isGreaterThan(0);
    assertThat(report.timeouts()).as("step timeouts").isGreaterThan(0);
  }

  /** What the simulation relies on: the family's mailer sends through the SES server, to the address given. */
  @Test
  void theMailerOfASequenceSendsThroughTheSesServer() {
    try (SimulatedAdapters adapters = family.open(LocalAws.uniqueName("mail"))) {
      EmailAddress to = EmailAddress.of(LocalAws.uniqueName("sim") + "@example.com");
      OutcomeEmail email = OutcomeEmail.of(Orders.aRequest().emailTo(to.value()).pending()
          .apply(StatusChange.success(Orders.T0)));

      adapters.mailer().send(to, email);

      assertThat(ses.emailsTo(to.value())).singleElement().satisfies(received -> {
        assertThat(received.subject()).isEqualTo(email.subject());
        assertThat(received.text()).isEqualTo(email.text());
      });
    }
  }

  /** What the simulation relies on: a received message stays hidden until acknowledged or expired. */
  @Test
  void aReceivedMessageStaysHiddenUntilItIsAcknowledgedOrItsVisibilityExpires() {
    try (SimulatedAdapters adapters = family.open(LocalAws.uniqueName("check"))) {
      SimulatedAdapters.Queue queue = adapters.queue();
      OrderRequest first = Orders.aRequest().build();
      OrderRequest second = Orders.aRequest().build();
      queue.port().submit(first);
      queue.port().submit(second);

      SimulatedAdapters.Delivery one = queue.receive().orElseThrow();
      SimulatedAdapters.Delivery other = queue.receive().orElseThrow();
      assertThat(queue.receive()).isEmpty();
      assertThat(List.of(one.body(), other.body()))
          .containsExactlyInAnyOrder(OrderMessageFormat.encode(first), OrderMessageFormat.encode(second));

      queue.acknowledge(one);
      queue.expireVisibility();
      SimulatedAdapters.Delivery again = queue.receive().orElseThrow();
      assertThat(again.body()).isEqualTo(other.body());
      assertThat(queue.receive()).isEmpty();

      queue.acknowledge(again);
      queue.expireVisibility();
      assertThat(queue.receive()).isEmpty();
    }
  }
}
