package dev.orderflow.aws.dynamodb;

import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderChange;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderStatus;
import dev.orderflow.core.port.PermanentFailureException;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads the orders table's stream (view type {@code NEW_AND_OLD_IMAGES}): what one record means to the order's
 * owner, as an {@link OrderChange}. The images are decoded exactly as {@link DynamoDbOrderRepository} reads its
 * items, so a record says what the repository would have returned before and after the write.
 *
 * <table>
 *   <caption>What a record is</caption>
 *   <tr><th>event</th><th>old image</th><th>new image</th><th>change</th></tr>
 *   <tr><td>INSERT, MODIFY</td><td>none or an order</td><td>an order</td>
 *       <td>{@link OrderChange#between}: created, details, payment started, status; none if the version did not
 *       move (the outcome recorded as notified)</td></tr>
 *   <tr><td>INSERT, MODIFY</td><td>none or an order</td><td>a tombstone</td><td>{@link OrderChange#deleted}</td></tr>
 *   <tr><td>MODIFY</td><td>a tombstone</td><td>a tombstone</td><td>none (already deleted)</td></tr>
 *   <tr><td>MODIFY</td><td>a tombstone</td><td>an order</td><td>created (the repository never writes this)</td></tr>
 *   <tr><td>REMOVE</td><td colspan="2">any</td><td>none: the repository never removes an item (a tombstone is kept
 *       for good), so only an operator's or a time-to-live removal gets here, and the owner already saw the
 *       deletion</td></tr>
 *   <tr><td>any</td><td colspan="2">not an order item (no string {@code customer} and {@code orderId}, or a
 *       {@code status} that is neither an order status nor {@code DELETED})</td><td>none</td></tr>
 * </table>
 * The table holds nothing but order items and tombstones today (client tokens become order ids, and the
 * pending orders are a sparse index, not items), so the last row is for items written by other tools.
 */
public final class OrderStreamRecords {
  /** A stream record's {@code eventName} for a new item. */
  public static final String INSERT = "INSERT";
  /** A stream record's {@code eventName} for a changed item. */
  public static final String MODIFY = "MODIFY";
  /** A stream record's {@code eventName} for a removed item. */
  public static final String REMOVE = "REMOVE";

  private OrderStreamRecords() {}

  /**
   * The change one stream record made, if its owner can see one.
   *
   * @param eventName {@value #INSERT}, {@value #MODIFY} or {@value #REMOVE}
   * @param oldImage the item before the write; {@code null} or empty if there was none
   * @param newImage the item after the write; {@code null} or empty for a removal
   * @throws IllegalArgumentException for another event name, or an INSERT or MODIFY without a new image (a
   *     stream whose view type is not {@code NEW_AND_OLD_IMAGES})
   * @throws PermanentFailureException if an image holds an order item that does not decode (as
   *     {@link DynamoDbOrderRepository} would fail to read it)
   */
  public static Optional<OrderChange> change(String eventName, Map<String, AttributeValue> oldImage,
      Map<String, AttributeValue> newImage) {
    if (REMOVE.equals(eventName)) {
      return Optional.empty();
    }
    if (!INSERT.equals(eventName) && !MODIFY.equals(eventName)) {
      throw new IllegalArgumentException("not a DynamoDB stream event name: " + eventName);
    }
    if (newImage == null || newImage.isEmpty()) {
      throw new IllegalArgumentException(eventName + " record without a new image: the stream's view type must be "
          + "NEW_AND_OLD_IMAGES");
    }
    Kind after = kindOf(newImage);
    Kind before = oldImage == null || oldImage.isEmpty() ? Kind.NONE : kindOf(oldImage);
    return switch (after) {
      case NONE, OTHER -> Optional.empty();
      case TOMBSTONE -> before == Kind.TOMBSTONE ? Optional.empty()
          : Optional.of(OrderChange.deleted(CustomerId.of(newImage.get(DynamoDbOrderRepository.PARTITION_KEY).s()),
              OrderId.of(newImage.get(DynamoDbOrderRepository.SORT_KEY).s())));
      case ORDER -> OrderChange.between(
          before == Kind.ORDER ? Optional.of(DynamoDbOrderRepository.toOrder(oldImage)) : Optional.<Order>empty(),
          DynamoDbOrderRepository.toOrder(newImage));
    };
  }

  private enum Kind { NONE, ORDER, TOMBSTONE, OTHER }

  private static Kind kindOf(Map<String, AttributeValue> item) {
    if (!isString(item.get(DynamoDbOrderRepository.PARTITION_KEY)) || !isString(item.get(DynamoDbOrderRepository.SORT_KEY))
        || !isString(item.get(DynamoDbOrderRepository.STATUS))) {
      return Kind.OTHER;
    }
    if (DynamoDbOrderRepository.isTombstone(item)) {
      return Kind.TOMBSTONE;
    }
    String status = item.get(DynamoDbOrderRepository.STATUS).s();
    for (OrderStatus known : OrderStatus.values()) {
      if (known.name().equals(status)) {
        return Kind.ORDER;
      }
    }
    return Kind.OTHER;
  }

  private static boolean isString(AttributeValue value) {
    return value != null && value.s() != null;
  }
}
