package dev.orderflow.infra;

import java.util.Objects;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

/**
 * The one orders table of the DynamoDB {@code OrderRepository} (adapters-aws): partition key
 * {@value #PARTITION_KEY}, sort key {@value #SORT_KEY}, both strings; on-demand, point-in-time recovery,
 * encrypted at rest. Kept when the stack is deleted unless told otherwise: it holds customers' orders.
 *
 * <p>Its stream ({@link #STREAM_VIEW}: every write with the item before and after it, kept 24 hours) feeds
 * the live order updates: the publisher function turns each change into a {@code publishOrderUpdate}.
 */
public final class OrdersTable extends Construct {
  /** Must match {@code DynamoDbOrderRepository.PARTITION_KEY}. */
  public static final String PARTITION_KEY = "customer";
  /** Must match {@code DynamoDbOrderRepository.SORT_KEY}. */
  public static final String SORT_KEY = "orderId";
  /** The sparse index of PENDING orders, as DynamoDbOrderRepository names it (a test keeps the two equal). */
  public static final String PENDING_INDEX = "pending";
  /** Its partition key: the customer, present only while an order is PENDING. */
  public static final String PENDING_FOR = "pendingFor";
  /** What each stream record holds: the item before and after the write (the publisher tells the change from both). */
  public static final StreamViewType STREAM_VIEW = StreamViewType.NEW_AND_OLD_IMAGES;

  private final Table table;

  /**
   * @param removalPolicy what happens to the table (and its orders) when it leaves the stack
   *                      ({@link RemovalPolicy#RETAIN} keeps them)
   */
  public OrdersTable(Construct scope, String id, RemovalPolicy removalPolicy) {
    this(scope, id, removalPolicy, null);
  }

  /**
   * @param removalPolicy what happens to the table (and its orders) when it leaves the stack
   * @param encryptionKey a customer-managed KMS key to encrypt the table with; null: the AWS-managed key
   *                      {@code aws/dynamodb} (no key cost, no key policy to keep)
   */
  public OrdersTable(Construct scope, String id, RemovalPolicy removalPolicy, IKey encryptionKey) {
    super(scope, id);
    Objects.requireNonNull(removalPolicy, "removalPolicy");
    Table.Builder builder = Table.Builder.create(this, "Table")
        .partitionKey(Attribute.builder().name(PARTITION_KEY).type(AttributeType.STRING).build())
        .sortKey(Attribute.builder().name(SORT_KEY).type(AttributeType.STRING).build())
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .stream(STREAM_VIEW)
        .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
            .pointInTimeRecoveryEnabled(true)
            .build())
        .removalPolicy(removalPolicy);
    if (encryptionKey == null) {
      builder.encryption(TableEncryption.AWS_MANAGED);
    } else {
      builder.encryption(TableEncryption.CUSTOMER_MANAGED).encryptionKey(encryptionKey);
    }
    Table built = builder.build();
    // the sparse index of PENDING orders that PlaceOrder's per-customer limit counts (DynamoDbOrderRepository)
    built.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
        .indexName(PENDING_INDEX)
        .partitionKey(Attribute.builder().name(PENDING_FOR).type(AttributeType.STRING).build())
        .sortKey(Attribute.builder().name(SORT_KEY).type(AttributeType.STRING).build())
        .projectionType(ProjectionType.KEYS_ONLY)
        .build());
    this.table = built;
  }

  public ITable table() {
    return table;
  }

  /** The ARN of the table's stream (the publisher's event source). */
  public String streamArn() {
    return table.getTableStreamArn();
  }
}
