package dev.orderflow.aws.dynamodb;

import dev.orderflow.aws.AwsErrors;
import dev.orderflow.aws.internal.Lazy;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.EmailAddress;
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
import java.math.BigDecimal;
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
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * {@link OrderRepository} on one DynamoDB table: partition key {@code customer} (S), sort key
 * {@code orderId} (S). Every write is a single conditional request; reads are strongly consistent.
 *
 * <p>Order item attributes: {@code name}, {@code restaurantId} (S), {@code quantity}, {@code version} (N),
 * {@code status} (S: PENDING, SUCCESS, FAILED), {@code failureReason} (S, only when FAILED),
 * {@code createdAt}, {@code updatedAt} (S, ISO-8601 instants, exact to the nanosecond), {@code notified} (BOOL),
 * {@code paymentVersion} (N: the version the payment is decided for; 0 or absent until payment started — items
 * written before this attribute existed have none), {@code pendingFor} (S: the customer, only while
 * {@code PENDING}: the key of the sparse index {@value #PENDING_INDEX} that {@link #countPending} reads),
 * {@code emailTo} (S: the customer's address for the outcome email, only from creation until that email is recorded
 * sent — personal data, kept no longer), {@code emailClaimedUntil} (N: when the running claim of the outcome email
 * ends, in epoch seconds exact to the nanosecond, e.g. {@code 1767225720.5}; only between {@link #claimEmail} and
 * {@link #markEmailed}). The claim is not part of the {@link Order}: reads ignore it.
 *
 * <p>A deleted order is a <b>tombstone</b>: the same key with {@code status} = {@code DELETED} and
 * {@code deletedAt} (S, ISO-8601, when it was first deleted) and nothing else. It is kept for good: reads skip
 * it, {@code createIfAbsent}'s {@code attribute_not_exists} refuses its key, and every other write's condition
 * fails on it (no {@code PENDING} status, no version, or {@code status <> DELETED}).
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
  static final String PAYMENT_VERSION = "paymentVersion";
  static final String DELETED_AT = "deletedAt";
  static final String EMAIL_TO = "emailTo";
  static final String EMAIL_CLAIMED_UNTIL = "emailClaimedUntil";
  /** The sparse index of PENDING orders: partition key {@link #PENDING_FOR}, sort key {@link #SORT_KEY}. */
  public static final String PENDING_INDEX = "pending";
  /** The customer, present only while the order is PENDING: what puts an order in {@link #PENDING_INDEX}. */
  public static final String PENDING_FOR = "pendingFor";
  /** The {@code status} of a tombstone; never an {@link OrderStatus}. */
  static final String DELETED = "DELETED";

  /** Every attribute name goes through a placeholder: {@code name} and {@code status} are reserved words. */
  private static final Map<String, String> NAMES = Map.ofEntries(
      Map.entry("#customer", PARTITION_KEY), Map.entry("#orderId", SORT_KEY), Map.entry("#name", NAME),
      Map.entry("#quantity", QUANTITY), Map.entry("#restaurantId", RESTAURANT_ID), Map.entry("#status", STATUS),
      Map.entry("#failureReason", FAILURE_REASON), Map.entry("#updatedAt", UPDATED_AT),
      Map.entry("#version", VERSION), Map.entry("#notified", NOTIFIED), Map.entry("#paymentVersion", PAYMENT_VERSION),
      Map.entry("#pendingFor", PENDING_FOR), Map.entry("#emailTo", EMAIL_TO),
      Map.entry("#emailClaimedUntil", EMAIL_CLAIMED_UNTIL));

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
            AttributeDefinition.builder().attributeName(SORT_KEY).attributeType(ScalarAttributeType.S).build(),
            AttributeDefinition.builder().attributeName(PENDING_FOR).attributeType(ScalarAttributeType.S).build())
        .keySchema(
            KeySchemaElement.builder().attributeName(PARTITION_KEY).keyType(KeyType.HASH).build(),
            KeySchemaElement.builder().attributeName(SORT_KEY).keyType(KeyType.RANGE).build())
        .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(PENDING_INDEX)
            .keySchema(
                KeySchemaElement.builder().attributeName(PENDING_FOR).keyType(KeyType.HASH).build(),
                KeySchemaElement.builder().attributeName(SORT_KEY).keyType(KeyType.RANGE).build())
            .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
            .build()));
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

  /** A tombstone is not an order: a deleted order is not found. */
  @Override
  public Optional<Order> find(CustomerId customer, OrderId id) {
    return read(customer, id).filter(item -> !isTombstone(item)).map(DynamoDbOrderRepository::toOrder);
  }

  @Override
  public boolean isDeleted(CustomerId customer, OrderId id) {
    return read(customer, id).filter(DynamoDbOrderRepository::isTombstone).isPresent();
  }

  /**
   * Counts the customer's entries in the sparse {@value #PENDING_INDEX} index (an order leaves it when it gets its
   * final status or is deleted), a page at a time, stopping at {@code upTo}. The index is eventually
   * consistent: the count may lag the latest writes by a moment.
   */
  @Override
  public int countPending(CustomerId customer, int upTo) {
    if (upTo < 1) {
      throw new IllegalArgumentException("upTo must be at least 1");
    }
    int count = 0;
    Map<String, AttributeValue> startKey = null;
    try {
      do {
        Map<String, AttributeValue> from = startKey;
        int wanted = upTo - count;
        QueryResponse response = client.get().query(b -> b.tableName(table).indexName(PENDING_INDEX)
            .keyConditionExpression("#pendingFor = :customer")
            .expressionAttributeNames(names("#pendingFor"))
            .expressionAttributeValues(Map.of(":customer", s(customer.value())))
            .select(Select.COUNT)
            .limit(wanted)
            .exclusiveStartKey(from));
        count += response.count();
        startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
            ? response.lastEvaluatedKey() : null;
      } while (startKey != null && count < upTo);
    } catch (SdkException e) {
      throw AwsErrors.translate("DynamoDB Query " + table, e);
    }
    return Math.min(count, upTo);
  }

  /**
   * One UpdateItem: {@code version} + 1 and {@code paymentVersion} = the new version, guarded by
   * {@code status = PENDING} and payment not started. If the guard fails, one read tells a repeat (payment
   * already started: the stored order) from a final order (empty) and a missing or deleted one.
   */
  @Override
  public Optional<Order> startPayment(CustomerId customer, OrderId id, Instant at) {
    try {
      UpdateItemResponse response = client.get().updateItem(b -> b.tableName(table).key(key(customer, id))
          .updateExpression("SET #version = #version + :one, #paymentVersion = #version + :one, #updatedAt = :at")
          .conditionExpression("#status = :pending AND (attribute_not_exists(#paymentVersion) OR #paymentVersion = :zero)")
          .expressionAttributeNames(names("#version", "#paymentVersion", "#updatedAt", "#status"))
          .expressionAttributeValues(Map.of(":one", n(1), ":zero", n(0), ":at", s(at.toString()),
              ":pending", s(OrderStatus.PENDING.name())))
          .returnValues(ReturnValue.ALL_NEW));
      return Optional.of(toOrder(response.attributes()));
    } catch (ConditionalCheckFailedException notApplied) {
      Order stored = find(customer, id).orElseThrow(() -> new OrderNotFoundException(id));
      return stored.status().isFinal() ? Optional.empty() : Optional.of(stored);
    } catch (SdkException e) {
      throw AwsErrors.translate("DynamoDB UpdateItem " + table, e);
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
    List<String> placeholders = new ArrayList<>(List.of("#orderId", "#status", "#updatedAt", "#version", "#notified",
        "#pendingFor"));
    if (change.failureReason() != null) {
      values.put(":reason", s(change.failureReason()));
      update += ", #failureReason = :reason";
      placeholders.add("#failureReason");
    }
    String expression = update + " REMOVE #pendingFor";
    try {
      UpdateItemResponse response = client.get().updateItem(b -> b.tableName(table).key(key(customer, id))
          .updateExpression(expression)
          .conditionExpression("attribute_exists(#orderId) AND #status = :pending")
          .expressionAttributeNames(names(placeholders.toArray(String[]::new)))
          .expressionAttributeValues(values)
          .returnValues(ReturnValue.ALL_NEW));
      return Optional.of(toOrder(response.attributes()));
    } catch (ConditionalCheckFailedException notApplied) {
      if (find(customer, id).isEmpty()) { // missing or deleted
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
      // a tombstone has no version: it fails the guard and is not found
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
          .conditionExpression("attribute_exists(#orderId) AND #status <> :deleted")
          .expressionAttributeNames(names("#orderId", "#notified", "#status"))
          .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true), ":deleted", s(DELETED))));
    } catch (ConditionalCheckFailedException missing) {
      throw new OrderNotFoundException(id);
    } catch (SdkException e) {
      throw AwsErrors.translate("DynamoDB UpdateItem " + table, e);
    }
  }

  /**
   * One UpdateItem setting {@code emailClaimedUntil}, guarded by: the order exists (not a tombstone: its status is
   * none of the final ones), is final, has its address, and holds no claim that ends after {@code now}. If the guard
   * fails, one consistent read tells a missing or deleted order (not found) from nothing to claim. (DynamoDB's
   * {@code ReturnValuesOnConditionCheckFailure} would save that read, but dynalite, which the contract runs on,
   * does not implement it.)
   */
  @Override
  public boolean claimEmail(CustomerId customer, OrderId id, Instant now, Instant until) {
    try {
      client.get().updateItem(b -> b.tableName(table).key(key(customer, id))
          .updateExpression("SET #emailClaimedUntil = :until")
          .conditionExpression("attribute_exists(#orderId) AND #status IN (:success, :failed) "
              + "AND attribute_exists(#emailTo) "
              + "AND (attribute_not_exists(#emailClaimedUntil) OR #emailClaimedUntil <= :now)")
          .expressionAttributeNames(names("#orderId", "#status", "#emailTo", "#emailClaimedUntil"))
          .expressionAttributeValues(Map.of(":until", instant(until), ":now", instant(now),
              ":success", s(OrderStatus.SUCCESS.name()), ":failed", s(OrderStatus.FAILED.name()))));
      return true;
    } catch (ConditionalCheckFailedException notClaimed) {
      if (find(customer, id).isEmpty()) { // missing or deleted
        throw new OrderNotFoundException(id);
      }
      return false;
    } catch (SdkException e) {
      throw AwsErrors.translate("DynamoDB UpdateItem " + table, e);
    }
  }

  /**
   * One UpdateItem removing {@code emailTo} and {@code emailClaimedUntil}, guarded by: the order exists and is final
   * (a tombstone or a {@code PENDING} order fails it). A repeat removes nothing and changes nothing. If the guard
   * fails, one consistent read tells a missing or deleted order (not found) from a {@code PENDING} one (left as is).
   */
  @Override
  public void markEmailed(CustomerId customer, OrderId id) {
    try {
      client.get().updateItem(b -> b.tableName(table).key(key(customer, id))
          .updateExpression("REMOVE #emailTo, #emailClaimedUntil")
          .conditionExpression("attribute_exists(#orderId) AND #status IN (:success, :failed)")
          .expressionAttributeNames(names("#orderId", "#status", "#emailTo", "#emailClaimedUntil"))
          .expressionAttributeValues(Map.of(
              ":success", s(OrderStatus.SUCCESS.name()), ":failed", s(OrderStatus.FAILED.name()))));
    } catch (ConditionalCheckFailedException notFinal) {
      if (find(customer, id).isEmpty()) { // missing or deleted
        throw new OrderNotFoundException(id);
      }
      // not final yet: its address stays until its outcome is emailed
    } catch (SdkException e) {
      throw AwsErrors.translate("DynamoDB UpdateItem " + table, e);
    }
  }

  /**
   * One PutItem of the tombstone over whatever the key holds (an order, or nothing yet), returning the old
   * item. Guarded by "not a tombstone yet", so a repeat writes nothing and keeps the first {@code deletedAt}.
   */
  @Override
  public Optional<Order> delete(CustomerId customer, OrderId id) {
    Map<String, AttributeValue> tombstone = tombstone(customer, id, Instant.now());
    try {
      Map<String, AttributeValue> old = client.get().putItem(b -> b.tableName(table).item(tombstone)
          .conditionExpression("attribute_not_exists(#orderId) OR #status <> :deleted")
          .expressionAttributeNames(names("#orderId", "#status"))
          .expressionAttributeValues(Map.of(":deleted", s(DELETED)))
          .returnValues(ReturnValue.ALL_OLD))
          .attributes();
      return old == null || old.isEmpty() ? Optional.empty() : Optional.of(toOrder(old));
    } catch (ConditionalCheckFailedException alreadyDeleted) {
      return Optional.empty();
    } catch (SdkException e) {
      throw AwsErrors.translate("DynamoDB PutItem " + table, e);
    }
  }

  /**
   * Queries the caller's partition, filtering out tombstones. Asks for one order more than the page, so the
   * last page carries no token; since DynamoDB applies the limit before the filter (and cuts responses at
   * 1 MB), it queries on from where it stopped until the page is full or the partition ends.
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
            .filterExpression("#status <> :deleted")
            .expressionAttributeNames(names("#customer", "#status"))
            .expressionAttributeValues(Map.of(":customer", s(customer.value()), ":deleted", s(DELETED)))
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
    item.put(PAYMENT_VERSION, n(order.paymentVersion()));
    if (order.isPending()) {
      item.put(PENDING_FOR, s(order.customer().value()));
    }
    order.email().ifPresent(address -> item.put(EMAIL_TO, s(address.value())));
    return item;
  }

  /** The tombstone item of a deleted order: its key, {@code status} = {@code DELETED} and {@code deletedAt}. */
  static Map<String, AttributeValue> tombstone(CustomerId customer, OrderId id, Instant deletedAt) {
    Map<String, AttributeValue> tombstone = new HashMap<>(key(customer, id));
    tombstone.put(STATUS, s(DELETED));
    tombstone.put(DELETED_AT, s(deletedAt.toString()));
    return tombstone;
  }

  static Order toOrder(Map<String, AttributeValue> item) {
    try {
      AttributeValue reason = item.get(FAILURE_REASON);
      AttributeValue notified = item.get(NOTIFIED);
      AttributeValue paymentVersion = item.get(PAYMENT_VERSION);
      AttributeValue emailTo = item.get(EMAIL_TO);
      return new Order(
          OrderId.of(item.get(SORT_KEY).s()),
          CustomerId.of(item.get(PARTITION_KEY).s()),
          new OrderDetails(item.get(NAME).s(), Integer.parseInt(item.get(QUANTITY).n()), item.get(RESTAURANT_ID).s()),
          OrderStatus.valueOf(item.get(STATUS).s()),
          reason == null ? null : reason.s(),
          Instant.parse(item.get(CREATED_AT).s()),
          Instant.parse(item.get(UPDATED_AT).s()),
          Long.parseLong(item.get(VERSION).n()),
          notified != null && Boolean.TRUE.equals(notified.bool()),
          paymentVersion == null ? 0 : Long.parseLong(paymentVersion.n()),
          emailTo == null ? null : EmailAddress.of(emailTo.s()));
    } catch (RuntimeException e) {
      throw new PermanentFailureException("stored order item is unreadable: " + item.keySet(), e);
    }
  }

  /** The item under the key — an order or a tombstone — read consistently. */
  private Optional<Map<String, AttributeValue>> read(CustomerId customer, OrderId id) {
    try {
      Map<String, AttributeValue> item = client.get()
          .getItem(b -> b.tableName(table).key(key(customer, id)).consistentRead(true)).item();
      return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    } catch (SdkException e) {
      throw AwsErrors.translate("DynamoDB GetItem " + table, e);
    }
  }

  static boolean isTombstone(Map<String, AttributeValue> item) {
    AttributeValue status = item.get(STATUS);
    return status != null && DELETED.equals(status.s());
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

  /** An instant as a number of epoch seconds, exact to the nanosecond, so that the table compares instants. */
  static AttributeValue instant(Instant value) {
    return AttributeValue.fromN(BigDecimal.valueOf(value.getEpochSecond())
        .add(BigDecimal.valueOf(value.getNano(), 9)).stripTrailingZeros().toPlainString());
  }
}
