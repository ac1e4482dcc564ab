package dev.orderflow.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.core.domain.DetailsChange;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderChange;
import dev.orderflow.core.domain.StatusChange;
import dev.orderflow.core.fixtures.Orders;
import dev.orderflow.core.port.PermanentFailureException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Stream records of items as the repository writes them ({@code toItem}, {@code tombstone}) into changes. */
class OrderStreamRecordsTest {
  private static final Instant T1 = Orders.T0.plusSeconds(1);
  private static final Instant T2 = Orders.T0.plusSeconds(2);

  private final Order pending = Orders.aRequest().pending();
  private final Order revised = pending.revise(new DetailsChange("Quattro formaggi", 3, null), T1);
  private final Order paying = revised.startPayment(T1);
  private final Order failed = paying.apply(StatusChange.failure("payment method declined", T2));
  private final Order notified = failed.markNotified();

  private static Map<String, AttributeValue> item(Order order) {
    return DynamoDbOrderRepository.toItem(order);
  }

  private Map<String, AttributeValue> tombstone() {
    return DynamoDbOrderRepository.tombstone(pending.customer(), pending.id(), T2);
  }

  private static Optional<OrderChange> change(String event, Map<String, AttributeValue> before,
      Map<String, AttributeValue> after) {
    return OrderStreamRecords.change(event, before, after);
  }

  @Test
  void eachWriteOfTheLifecycleIsItsKindOfChangeWithTheOrderAfterIt() {
    assertThat(change("INSERT", null, item(pending)))
        .contains(new OrderChange(OrderChange.Kind.CREATED, pending.id(), pending.customer(), pending));
    assertThat(change("MODIFY", item(pending), item(revised)))
        .contains(new OrderChange(OrderChange.Kind.DETAILS_CHANGED, pending.id(), pending.customer(), revised));
    assertThat(change("MODIFY", item(revised), item(paying)))
        .contains(new OrderChange(OrderChange.Kind.PAYMENT_STARTED, pending.id(), pending.customer(), paying));
    assertThat(change("MODIFY", item(paying), item(failed)))
        .contains(new OrderChange(OrderChange.Kind.STATUS_CHANGED, pending.id(), pending.customer(), failed));
    assertThat(change("MODIFY", item(failed), tombstone()))
        .contains(OrderChange.deleted(pending.customer(), pending.id()));
  }

  @Test
  void recordingTheNotificationChangesNothingTheOwnerSees() {
    assertThat(change("MODIFY", item(failed), item(notified))).isEmpty();
  }

  @Test
  void anAddressIsReadLikeTheRepositoryAndClaimingOrSendingTheEmailChangesNothingTheOwnerSees() {
    Order withAddress = Orders.aRequest().emailTo("ada@example.com").pending().apply(StatusChange.success(T1));
    Map<String, AttributeValue> claimed = new HashMap<>(item(withAddress));
    claimed.put(DynamoDbOrderRepository.EMAIL_CLAIMED_UNTIL, AttributeValue.fromN("1767225720.5"));

    assertThat(change("INSERT", null, item(withAddress))).map(c -> c.orderAfter().orElseThrow())
        .contains(withAddress);
    assertThat(change("MODIFY", item(withAddress), claimed)).isEmpty();
    assertThat(change("MODIFY", claimed, item(withAddress.emailSent()))).isEmpty();
  }

  @Test
  void aDeletionBeforeTheOrderWasRecordedIsADeletionAndARepeatedTombstoneIsNothing() {
    assertThat(change("INSERT", null, tombstone())).contains(OrderChange.deleted(pending.customer(), pending.id()));
    assertThat(change("INSERT", Map.of(), tombstone())).contains(OrderChange.deleted(pending.customer(), pending.id()));
    assertThat(change("MODIFY", tombstone(), tombstone())).isEmpty();
  }

  @Test
  void removalsAndItemsThatAreNotOrdersAreNothing() {
    assertThat(change("REMOVE", tombstone(), null)).isEmpty();
    assertThat(change("REMOVE", item(pending), null)).isEmpty();

    Map<String, AttributeValue> other = new HashMap<>(item(pending));
    other.put("status", AttributeValue.fromS("SOMETHING_ELSE"));
    assertThat(change("INSERT", null, other)).isEmpty();
    Map<String, AttributeValue> noSortKey = new HashMap<>(item(pending));
    noSortKey.remove("orderId");
    assertThat(change("INSERT", null, noSortKey)).isEmpty();
    assertThat(change("INSERT", null, Map.of("customer", AttributeValue.fromS("c"),
        "orderId", AttributeValue.fromS("token#abc")))).isEmpty();
  }

  @Test
  void anUnreadableOrderFailsLikeTheRepositoryAndABadRecordIsRefused() {
    Map<String, AttributeValue> broken = new HashMap<>(item(pending));
    broken.remove("version");
    assertThatThrownBy(() -> change("INSERT", null, broken)).isInstanceOf(PermanentFailureException.class)
        .hasMessageContaining("unreadable");
    assertThatThrownBy(() -> change("UPSERT", null, item(pending))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("UPSERT");
    assertThatThrownBy(() -> change("MODIFY", item(pending), Map.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NEW_AND_OLD_IMAGES");
  }
}
