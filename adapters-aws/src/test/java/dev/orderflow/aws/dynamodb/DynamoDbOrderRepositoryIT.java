package dev.orderflow.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.aws.LocalAws;
import dev.orderflow.core.contract.OrderRepositoryContract;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.InvalidRequestException;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.StatusChange;
import dev.orderflow.core.fixtures.Orders;
import dev.orderflow.core.port.OrderPage;
import dev.orderflow.core.port.OrderRepository;
import dev.orderflow.testing.servers.Dynalite;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The repository contract, and what the table holds, on dynalite. */
class DynamoDbOrderRepositoryIT extends OrderRepositoryContract {
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

  @Override
  protected OrderRepository repository() {
    return repository;
  }

  @Test
  void storesOneItemKeyedByCustomerAndOrderIdWithExactTimes() {
    Instant precise = Instant.parse("2026-03-04T05:06:07.123456789Z");
    Order order = Orders.aRequest().acceptedAt(precise).pending();
    repository.createIfAbsent(order);

    Map<String, AttributeValue> item = item(order);

    assertThat(item.get("status").s()).isEqualTo("PENDING");
    assertThat(item.get("createdAt").s()).isEqualTo("2026-03-04T05:06:07.123456789Z");
    assertThat(item.get("version").n()).isEqualTo("1");
    assertThat(item.get("paymentVersion").n()).isEqualTo("0");
    assertThat(item).doesNotContainKey("failureReason");
    assertThat(repository.find(order.customer(), order.id()).orElseThrow().createdAt()).isEqualTo(precise);
  }

  @Test
  void keepsTheAddressAsAStringAndTheClaimAsAnExactNumberUntilTheEmailIsRecorded() {
    Order without = Orders.aRequest().pending();
    repository.createIfAbsent(without);
    assertThat(item(without)).doesNotContainKeys("emailTo", "emailClaimedUntil");

    Order order = Orders.aRequest().emailTo("ada@Example.com").pending();
    repository.createIfAbsent(order);
    repository.transition(order.customer(), order.id(), StatusChange.success(Orders.T0));
    Instant now = Instant.parse("2026-01-01T12:00:00.000000001Z");
    repository.claimEmail(order.customer(), order.id(), now, now.plusSeconds(120));

    assertThat(item(order).get("emailTo").s()).isEqualTo("ada@example.com");
    assertThat(item(order).get("emailClaimedUntil").n()).isEqualTo("1767268920.000000001");
    assertThat(repository.claimEmail(order.customer(), order.id(), now.plusSeconds(120).minusNanos(1),
        now.plusSeconds(240))).isFalse();

    repository.markEmailed(order.customer(), order.id());
    assertThat(item(order)).doesNotContainKeys("emailTo", "emailClaimedUntil").containsKeys("status", "version");
  }

  @Test
  void aPageThatEndsExactlyAtTheLastOrderHasNoToken() {
    CustomerId customer = Orders.aCustomer();
    for (int i = 0; i < 4; i++) {
      repository.createIfAbsent(Orders.aRequest().forCustomer(customer).withId(OrderId.of("o-" + i)).pending());
    }

    OrderPage first = repository.list(customer, 2, null);
    OrderPage second = repository.list(customer, 2, first.nextToken());

    assertThat(first.items()).extracting(o -> o.id().value()).containsExactly("o-0", "o-1");
    assertThat(second.items()).extracting(o -> o.id().value()).containsExactly("o-2", "o-3");
    assertThat(second.nextToken()).isNull();
  }

  @Test
  void anEditedTokenIsRefused() {
    CustomerId customer = Orders.aCustomer();
    for (int i = 0; i < 3; i++) {
      repository.createIfAbsent(Orders.aRequest().forCustomer(customer).withId(OrderId.of("e-" + i)).pending());
    }
    String token = repository.list(customer, 1, null).nextToken();
    // a character inside the MAC (a trailing character may only carry ignored padding bits)
    char c = token.charAt(5);
    String edited = token.substring(0, 5) + (c == 'A' ? 'B' : 'A') + token.substring(6);

    assertThatThrownBy(() -> repository.list(customer, 1, edited))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("nextToken"));
  }

  @Test
  void aDeletionLeavesATombstoneWithoutTheDetailsAndARepeatKeepsIt() {
    Order order = Orders.aRequest().pending();
    repository.createIfAbsent(order);
    repository.delete(order.customer(), order.id());
    Map<String, AttributeValue> tombstone = item(order);

    assertThat(repository.delete(order.customer(), order.id())).isEmpty();

    assertThat(tombstone).containsOnlyKeys("customer", "orderId", "status", "deletedAt");
    assertThat(tombstone.get("status").s()).isEqualTo("DELETED");
    assertThat(item(order)).isEqualTo(tombstone);
  }

  @Test
  void anItemWrittenBeforePaymentVersionsExistedHasNotStartedPayment() {
    Order order = Orders.aRequest().pending();
    Map<String, AttributeValue> old = new HashMap<>(DynamoDbOrderRepository.toItem(order));
    old.remove("paymentVersion");
    dynamo.putItem(b -> b.tableName(table).item(old));

    assertThat(repository.find(order.customer(), order.id())).contains(order);
    assertThat(repository.startPayment(order.customer(), order.id(), Instant.now()))
        .hasValueSatisfying(paying -> assertThat(paying.paymentVersion()).isEqualTo(2));
  }

  @Test
  void aTransitionOfAnOrderDeletedMeanwhileIsNotFound() {
    Order order = Orders.aRequest().pending();
    repository.createIfAbsent(order);
    repository.delete(order.customer(), order.id());

    assertThatThrownBy(() -> repository.transition(order.customer(), order.id(), StatusChange.success(Instant.now())))
        .isInstanceOf(dev.orderflow.core.domain.OrderNotFoundException.class);
    assertThat(repository.find(order.customer(), order.id())).isEmpty();
  }

  private static Map<String, AttributeValue> item(Order order) {
    return dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(Map.of(
        "customer", AttributeValue.fromS(order.customer().value()),
        "orderId", AttributeValue.fromS(order.id().value())))).item();
  }
}
