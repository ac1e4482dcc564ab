package dev.orderflow.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.aws.LocalAws;
import dev.orderflow.core.domain.DetailsChange;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderChange;
import dev.orderflow.core.domain.StatusChange;
import dev.orderflow.core.fixtures.Orders;
import dev.orderflow.testing.servers.Dynalite;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The stream's images as the repository's own writes leave the item (dynalite has no streams: each image is the
 * item read back after the write, which is what a NEW_AND_OLD_IMAGES record carries).
 */
class OrderStreamRecordsIT {
  private static Dynalite dynalite;
  private static DynamoDbClient dynamo;
  private static String table;
  private static DynamoDbOrderRepository repository;

  @BeforeAll
  static void startDynalite() {
    dynalite = Dynalite.start();
    dynamo = LocalAws.clients(dynalite.endpoint()).dynamoDb();
    table = LocalAws.createOrdersTable(dynamo, LocalAws.uniqueName("orders"));
    repository = new DynamoDbOrderRepository(dynamo, table);
  }

  @AfterAll
  static void stopDynalite() {
    dynamo.close();
    dynalite.close();
  }

  /** Records each write as (old image, new image), like the stream. */
  private final class Recorder {
    private final Order order;
    private Map<String, AttributeValue> last = Map.of();
    private final List<Optional<OrderChange>> changes = new ArrayList<>();

    Recorder(Order order) {
      this.order = order;
    }

    void after(Runnable write) {
      write.run();
      Map<String, AttributeValue> now = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
          .key(Map.of("customer", AttributeValue.fromS(order.customer().value()),
              "orderId", AttributeValue.fromS(order.id().value())))).item();
      if (!now.equals(last)) { // a write that changes nothing leaves no stream record
        changes.add(OrderStreamRecords.change(last.isEmpty() ? "INSERT" : "MODIFY", last, now));
      }
      last = now;
    }

    List<OrderChange.Kind> kinds() {
      return changes.stream().map(c -> c.map(OrderChange::kind).orElse(null)).toList();
    }
  }

  @Test
  void theRepositorysWritesReadAsTheLifecycleOfChanges() {
    Order order = Orders.aRequest().pending();
    Instant t1 = Orders.T0.plusSeconds(1);
    Recorder stream = new Recorder(order);

    stream.after(() -> repository.createIfAbsent(order));
    stream.after(() -> repository.updateDetails(order.revise(new DetailsChange("Marinara", null, null), t1)));
    stream.after(() -> repository.startPayment(order.customer(), order.id(), t1));
    stream.after(() -> repository.transition(order.customer(), order.id(),
        StatusChange.failure("payment method declined", t1)));
    stream.after(() -> repository.markNotified(order.customer(), order.id()));
    stream.after(() -> repository.delete(order.customer(), order.id()));
    stream.after(() -> repository.delete(order.customer(), order.id()));

    assertThat(stream.kinds()).containsExactly(OrderChange.Kind.CREATED, OrderChange.Kind.DETAILS_CHANGED,
        OrderChange.Kind.PAYMENT_STARTED, OrderChange.Kind.STATUS_CHANGED, null, OrderChange.Kind.DELETED);
    Order failed = stream.changes.get(3).orElseThrow().order();
    assertThat(failed.failureReason()).isEqualTo("payment method declined");
    assertThat(failed.details().name()).isEqualTo("Marinara");
    assertThat(failed.version()).isEqualTo(4);
    assertThat(stream.changes.get(0).orElseThrow().order()).isEqualTo(order);
  }

  @Test
  void claimingAndRecordingTheOutcomeEmailAreWritesTheOwnerDoesNotSee() {
    Order order = Orders.aRequest().emailTo("ada@example.com").pending();
    Instant t1 = Orders.T0.plusSeconds(1);
    Recorder stream = new Recorder(order);

    stream.after(() -> repository.createIfAbsent(order));
    stream.after(() -> repository.transition(order.customer(), order.id(), StatusChange.success(t1)));
    stream.after(() -> repository.claimEmail(order.customer(), order.id(), t1, t1.plusSeconds(120)));
    stream.after(() -> repository.markEmailed(order.customer(), order.id()));

    assertThat(stream.kinds()).containsExactly(OrderChange.Kind.CREATED, OrderChange.Kind.STATUS_CHANGED, null, null);
    assertThat(stream.changes.get(1).orElseThrow().order().email()).isPresent();
    assertThat(stream.last).doesNotContainKeys("emailTo", "emailClaimedUntil");
  }

  @Test
  void aDeletionBeforeTheOrderIsRecordedIsOneDeletion() {
    Order order = Orders.aRequest().pending();
    Recorder stream = new Recorder(order);

    stream.after(() -> repository.delete(order.customer(), order.id()));
    stream.after(() -> repository.createIfAbsent(order));

    assertThat(stream.changes).containsExactly(Optional.of(OrderChange.deleted(order.customer(), order.id())));
  }
}
