package dev.orderflow.aws.dynamodb;

import dev.orderflow.aws.AwsErrors;
import dev.orderflow.aws.Lazy;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderNotFoundException;
import dev.orderflow.core.domain.OrderStatus;
import dev.orderflow.core.domain.StatusChange;
import dev.orderflow.core.domain.VersionConflictException;
import dev.orderflow.core.port.OrderPage;
import dev.orderflow.core.port.OrderRepository;
import dev.orderflow.core.port.PermanentFailureException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * {@link OrderRepository} on one DynamoDB table: partition key {@code customer} (S), sort key
 * {@code orderId} (S). Every write is a single conditional request; reads are strongly consistent.
 *
 * <p>Item attributes: {@code name}, {@code restaurantId} (S), {@code quantity}, {@code version} (N),
 * {@code status} (S: PENDING, SUCCESS, FAILED), {@code failureReason} (S, only when FAILED),
 * {@code createdAt}, {@code updatedAt} (S, ISO-8601 instants, exact to the nanosecond), {@code notified} (BOOL).
 *
 * <p>A failed condition is followed by one consistent read to tell "not found" from "not pending" or
 * "other version" — a read after the decision, never before a write.
 */
public final class DynamoDbOrderRepository implements OrderRepository {
  public static final String PARTITION_KEY = "customer";
  public static final String SORT_KEY = "orderId";
  static final String NAME = "name";
  static final String QUANTITY = "quantity";
  static final String RESTAURANT_ID = "restaurantId";
  static final String STATUS = "status";
  static final String FAILURE_REASON = "failureReason";
  static final String CREATED_AT = "createdAt";
  static final String UPDATED_AT = "updatedAt";
  static final String VERSION = "version";
  static final String NOTIFIED = "notified";

  /** Every attribute name goes through a placeholder: {@code name} and {@code status} are reserved words. */
  private static final Map<String, String> NAMES = Map.ofEntries(
      Map.entry("#customer", PARTITION_KEY), Map.entry("#orderId", SORT_KEY), Map.entry("#name", NAME),
      Map.entry("#quantity", QUANTITY), Map.entry("#restaurantId", RESTAURANT_ID), Map.entry("#status", STATUS),
      Map.entry("#failureReason", FAILURE_REASON), Map.entry("#updatedAt", UPDATED_AT),
      Map.entry("#version", VERSION), Map.entry("#notified", NOTIFIED));

  private final Supplier<DynamoDbClient> client;
  private final String table;
  private final PageTokens tokens;

  /** With a page token key derived from the table name. */
  public DynamoDbOrderRepository(DynamoDbClient client, String tableName) {
    this(Lazy.ready(client), tableName, PageTokens.keyFor(tableName));
  }

  /**
   * @param client built on first use
   * @param tokenKey at least 16 bytes; the same for every instance serving the same table
   */
  public DynamoDbOrderRepository(Supplier<DynamoDbClient> client, String tableName, byte[] tokenKey) {
    this.client = Objects.requireNonNull(client, "client");
    this.table = Objects.requireNonNull(tableName, "tableName");
    this.tokens = new PageTokens(tokenKey);
  }

  /**
   * Creates the orders table this repository expects — {@code customer} (S) partition key, {@code orderId} (S)
   * sort key, on-demand — and waits until it exists. For local servers and your own environments; the CDK
   * app defines the same table for AWS.
   */
  public static void createTable(DynamoDbClient client, String tableName) {
    client.createTable(b -> b.tableName(tableName).billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            AttributeDefinition.builder().attributeName(PARTITION_KEY).attributeType(ScalarAttributeType.S).build(),
            AttributeDefinition.builder().attributeName(SORT_KEY).attributeType(ScalarAttributeType.S).build())
        .keySchema(
            KeySchemaElement.builder().attributeName(PARTITION_KEY).keyType(KeyType.HASH).build(),
            KeySchemaElement.builder().attributeName(SORT_KEY).keyType(KeyType.RANGE).build()));
    client.waiter().waitUntilTableExists(b -> b.tableName(tableName));
  }

  @Override
  public boolean createIfAbsent(Order order) {
    try {
      client.get().putItem(b -> b.tableName(table).item(toItem(order))
          .conditionExpression("attribute_not_exists(#orderId)")
          .expressionAttributeNames(names("#orderId")));
      return true;
    } catch (ConditionalCheckFailedException exists) {
      return false;
    } catch (SdkException e) {
      throw AwsErrors.translate("DynamoDB PutItem " + table, e);
    }
  }

  @Override
  public Optional<Order> find(CustomerId customer, OrderId id) {
    try {
      Map<String, AttributeValue> item = client.get()
          .getItem(b -> b.tableName(table).key(key(customer, id)).consistentRead(true)).item();
      return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toOrder(item));
    } catch (SdkException e) {
      throw AwsErrors.translate("DynamoDB GetItem " + table, e);
    }
  }

  @Override
  public Optional<Order> transition(CustomerId customer, OrderId id, StatusChange change) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":pending", s(OrderStatus.PENDING.name()));
    values.put(":target", s(change.target().name()));
    values.put(":at", s(change.at().toString()));
    values.put(":one", n(1));
    values.put(":false", AttributeValue.fromBool(false));
    String update = "SET #status = :target, #updatedAt = :at, #version = #version + :one, #notified = :false";
    List<String> placeholders = new ArrayList<>(List.of("#orderId", "#status", "#updatedAt", "#version", "#notified"));
    if (change.failureReason() != null) {
      values.put(":reason", s(change.failureReason()));
      update += ", #failureReason = :reason";
      placeholders.add("#failureReason");
    }
    String expression = update;
    try {
      UpdateItemResponse response = client.get().updateItem(b -> b.tableName(table).key(key(customer, id))
          .updateExpression(expression)
          .conditionExpression("attribute_exists(#orderId) AND #status = :pending")
          .expressionAttributeNames(names(placeholders.toArray(String[]::new)))
          .expressionAttributeValues(values)
          .returnValues(ReturnValue.ALL_NEW));
      return Optional.of(toOrder(response.attributes()));
    } catch (ConditionalCheckFailedException notApplied) {
      if (find(customer, id).isEmpty()) {
        throw new OrderNotFoundException(id);
      }
      return Optional.empty();
    } catch (SdkException e) {
      throw AwsErrors.translate("DynamoDB UpdateItem " + table, e);
    }
  }

  @Override
  public void updateDetails(Order revised) {
    long expected = revised.version() - 1;
    Map<String, AttributeValue> values = Map.of(
        ":name", s(revised.details().name()),
        ":quantity", n(revised.details().quantity()),
        ":restaurantId", s(revised.details().restaurantId()),
        ":updatedAt", s(revised.updatedAt().toString()),
        ":version", n(revised.version()),
        ":expected", n(expected));
    try {
      client.get().updateItem(b -> b.tableName(table).key(key(revised.customer(), revised.id()))
          .updateExpression("SET #name = :name, #quantity = :quantity, #restaurantId = :restaurantId, "
              + "#updatedAt = :updatedAt, #version = :version")
          .conditionExpression("attribute_exists(#orderId) AND #version = :expected")
          .expressionAttributeNames(names("#orderId", "#name", "#quantity", "#restaurantId", "#updatedAt", "#version"))
          .expressionAttributeValues(values));
    } catch (ConditionalCheckFailedException notApplied) {
      Order stored = find(revised.customer(), revised.id()).orElseThrow(() -> new OrderNotFoundException(revised.id()));
      throw new VersionConflictException(revised.id(), expected, stored.version());
    } catch (SdkException e) {
      throw AwsErrors.translate("DynamoDB UpdateItem " + table, e);
    }
  }

  @Override
  public void markNotified(CustomerId customer, OrderId id) {
    try {
      client.get().updateItem(b -> b.tableName(table).key(key(customer, id))
          .updateExpression("SET #notified = :true")
          .conditionExpression("attribute_exists(#orderId)")
          .expressionAttributeNames(names("#orderId", "#notified"))
          .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true))));
    } catch (ConditionalCheckFailedException missing) {
      throw new OrderNotFoundException(id);
    } catch (SdkException e) {
      throw AwsErrors.translate("DynamoDB UpdateItem " + table, e);
    }
  }

  @Override
  public Optional<Order> delete(CustomerId customer, OrderId id) {
    try {
      Map<String, AttributeValue> old = client.get()
          .deleteItem(b -> b.tableName(table).key(key(customer, id)).returnValues(ReturnValue.ALL_OLD))
          .attributes();
      return old == null || old.isEmpty() ? Optional.empty() : Optional.of(toOrder(old));
    } catch (SdkException e) {
      throw AwsErrors.translate("DynamoDB DeleteItem " + table, e);
    }
  }

  /**
   * One Query on the caller's partition. Asks for one item more than the page, so the last page carries
   * no token; continues past DynamoDB's 1 MB response cut if it must.
   */
  @Override
  public OrderPage list(CustomerId customer, int limit, String nextToken) {
    if (limit < 1 || limit > 100) {
      throw new IllegalArgumentException("limit must be 1-100, was " + limit);
    }
    Map<String, AttributeValue> startKey = nextToken == null ? null : key(customer, tokens.read(customer, nextToken));
    List<Order> items = new ArrayList<>(limit + 1);
    try {
      do {
        Map<String, AttributeValue> from = startKey;
        int wanted = limit + 1 - items.size();
        QueryResponse response = client.get().query(b -> b.tableName(table)
            .keyConditionExpression("#customer = :customer")
            .expressionAttributeNames(names("#customer"))
            .expressionAttributeValues(Map.of(":customer", s(customer.value())))
            .consistentRead(true)
            .limit(wanted)
            .exclusiveStartKey(from));
        response.items().forEach(item -> items.add(toOrder(item)));
        startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
            ? response.lastEvaluatedKey() : null;
      } while (startKey != null && items.size() <= limit);
    } catch (SdkException e) {
      throw AwsErrors.translate("DynamoDB Query " + table, e);
    }
    if (items.size() <= limit) {
      return new OrderPage(items, null);
    }
    List<Order> page = items.subList(0, limit);
    return new OrderPage(page, tokens.issue(customer, page.get(limit - 1).id()));
  }

  // ---------------------------------------------------------------- mapping

  static Map<String, AttributeValue> toItem(Order order) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(PARTITION_KEY, s(order.customer().value()));
    item.put(SORT_KEY, s(order.id().value()));
    item.put(NAME, s(order.details().name()));
    item.put(QUANTITY, n(order.details().quantity()));
    item.put(RESTAURANT_ID, s(order.details().restaurantId()));
    item.put(STATUS, s(order.status().name()));
    if (order.failureReason() != null) {
      item.put(FAILURE_REASON, s(order.failureReason()));
    }
    item.put(CREATED_AT, s(order.createdAt().toString()));
    item.put(UPDATED_AT, s(order.updatedAt().toString()));
    item.put(VERSION, n(order.version()));
    item.put(NOTIFIED, AttributeValue.fromBool(order.notified()));
    return item;
  }

  static Order toOrder(Map<String, AttributeValue> item) {
    try {
      AttributeValue reason = item.get(FAILURE_REASON);
      AttributeValue notified = item.get(NOTIFIED);
      return new Order(
          OrderId.of(item.get(SORT_KEY).s()),
          CustomerId.of(item.get(PARTITION_KEY).s()),
          new OrderDetails(item.get(NAME).s(), Integer.parseInt(item.get(QUANTITY).n()), item.get(RESTAURANT_ID).s()),
          OrderStatus.valueOf(item.get(STATUS).s()),
          reason == null ? null : reason.s(),
          Instant.parse(item.get(CREATED_AT).s()),
          Instant.parse(item.get(UPDATED_AT).s()),
          Long.parseLong(item.get(VERSION).n()),
          notified != null && Boolean.TRUE.equals(notified.bool()));
    } catch (RuntimeException e) {
      throw new PermanentFailureException("stored order item is unreadable: " + item.keySet(), e);
    }
  }

  private static Map<String, AttributeValue> key(CustomerId customer, OrderId id) {
    return Map.of(PARTITION_KEY, s(customer.value()), SORT_KEY, s(id.value()));
  }

  private static Map<String, String> names(String... placeholders) {
    Map<String, String> out = new HashMap<>();
    for (String placeholder : placeholders) {
      out.put(placeholder, NAMES.get(placeholder));
    }
    return out;
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
