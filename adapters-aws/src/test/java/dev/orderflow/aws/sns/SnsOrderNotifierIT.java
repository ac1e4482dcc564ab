package dev.orderflow.aws.sns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.aws.AwsClients;
import dev.orderflow.aws.LocalAws;
import dev.orderflow.core.contract.OrderNotifierContract;
import dev.orderflow.core.contract.PublishedOutcome;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.StatusChange;
import dev.orderflow.core.fixtures.Orders;
import dev.orderflow.core.port.OrderNotifier;
import dev.orderflow.core.port.PermanentFailureException;
import dev.orderflow.testing.servers.Fauxqs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The notifier contract on fauxqs, observed through an SQS queue subscribed with raw delivery and a filter
 * policy on {@code status} (a fresh topic and subscriber per test), plus proof that the filters filter.
 */
class SnsOrderNotifierIT extends OrderNotifierContract {
  private static final String EVERY_OUTCOME = "{\"status\":[\"SUCCESS\",\"FAILED\"]}";

  private static Fauxqs fauxqs;
  private static SnsClient sns;
  private static SqsClient sqs;
  private String topicArn;
  private SnsOrderNotifier notifier;
  private Subscription everything;

  @BeforeAll
  static void startFauxqs() {
    fauxqs = Fauxqs.start();
    AwsClients clients = LocalAws.clients(fauxqs.endpoint());
    sns = clients.sns();
    sqs = clients.sqs();
  }

  @AfterAll
  static void stopFauxqs() {
    sns.close();
    sqs.close();
    fauxqs.close();
  }

  @BeforeEach
  void freshTopic() {
    String name = LocalAws.uniqueName("outcomes");
    topicArn = sns.createTopic(b -> b.name(name)).topicArn();
    notifier = new SnsOrderNotifier(sns, topicArn);
    everything = Subscription.create(sns, sqs, topicArn, EVERY_OUTCOME);
  }

  @Override
  protected OrderNotifier notifier() {
    return notifier;
  }

  @Override
  protected List<PublishedOutcome> published(int expected, Duration wait) {
    return everything.outcomes(expected, wait);
  }

  @Test
  void aStatusFilterDeliversOnlyMatchingOutcomes() {
    Subscription failuresOnly = Subscription.create(sns, sqs, topicArn, "{\"status\":[\"FAILED\"]}");
    Order success = Orders.aRequest().pending().apply(StatusChange.success(Orders.T0));
    Order failure = Orders.aRequest().pending().apply(StatusChange.failure("card expired", Orders.T0));

    notifier.publish(success);
    notifier.publish(failure);

    assertThat(everything.outcomes(2, Duration.ofSeconds(10))).hasSize(2);
    // By the time the unfiltered subscriber has both, fauxqs has fanned out both publishes.
    assertThat(failuresOnly.outcomes(2, Duration.ofSeconds(2))).extracting(PublishedOutcome::orderId)
        .containsExactly(failure.id().value());
  }

  @Test
  void aCustomerFilterDeliversOnlyThatCustomersOutcomes() {
    Order mine = Orders.aRequest().pending().apply(StatusChange.success(Orders.T0));
    Order theirs = Orders.aRequest().pending().apply(StatusChange.success(Orders.T0));
    Subscription customer = Subscription.create(sns, sqs, topicArn,
        "{\"customer\":[\"" + mine.customer().value() + "\"]}");

    notifier.publish(theirs);
    notifier.publish(mine);

    assertThat(everything.outcomes(2, Duration.ofSeconds(10))).hasSize(2);
    assertThat(customer.outcomes(2, Duration.ofSeconds(2))).extracting(PublishedOutcome::orderId)
        .containsExactly(mine.id().value());
  }

  @Test
  void theMessageDescribesTheOutcomeAndCarriesFilterableAttributes() {
    Order order = Orders.aRequest().withDetails("Crème \"brûlée\" 🍮", 3, "r-1").pending()
        .apply(StatusChange.failure("payment method declined", Orders.T0.plusSeconds(3)));

    notifier.publish(order);

    Message message = everything.receive(1, Duration.ofSeconds(10)).get(0);
    Map<String, JsonNode> json = JsonNode.parser().parse(message.body()).asObject();
    assertThat(json.get("name").text()).isEqualTo("Crème \"brûlée\" 🍮");
    assertThat(json.get("quantity").asNumber()).isEqualTo("3");
    assertThat(json.get("restaurantId").text()).isEqualTo("r-1");
    assertThat(json.get("updatedAt").text()).isEqualTo("2026-01-01T12:00:03Z");
    assertThat(message.messageAttributes().get("status").stringValue()).isEqualTo("FAILED");
    assertThat(message.messageAttributes().get("status").dataType()).isEqualTo("String");
    assertThat(message.messageAttributes().get("customer").stringValue()).isEqualTo(order.customer().value());
  }

  @Test
  void aMissingTopicIsAPermanentFailure() {
    SnsOrderNotifier missing = new SnsOrderNotifier(sns, topicArn + "-gone");

    assertThatThrownBy(() -> missing.publish(Orders.aRequest().pending().apply(StatusChange.success(Orders.T0))))
        .isInstanceOf(PermanentFailureException.class);
  }
}
