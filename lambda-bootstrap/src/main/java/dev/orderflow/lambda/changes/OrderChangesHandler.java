package dev.orderflow.lambda.changes;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.google.inject.Injector;
import dev.orderflow.aws.appsync.AppSyncOrderChangePublisher;
import dev.orderflow.aws.dynamodb.OrderStreamRecords;
import dev.orderflow.core.domain.OrderChange;
import dev.orderflow.core.port.OrderChangePublisher;
import dev.orderflow.lambda.internal.EventFields;
import dev.orderflow.lambda.internal.priming.PrimingEvents;
import dev.orderflow.lambda.telemetry.Telemetry;
import dev.orderflow.lambda.wiring.LambdaWiring;
import dev.orderflow.lambda.wiring.OncePerContainer;
import dev.orderflow.lambda.wiring.StartUp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The orders table stream's consumer: publishes every change of an order to its owner's live subscription
 * ({@link OrderChangePublisher}, on AppSync: {@code publishOrderUpdate}), at least once, off the order's path —
 * a failure here never fails or delays the order.
 * <pre>{@code in:  a DynamoDB stream event {"Records":[{"eventID","eventName":"INSERT|MODIFY|REMOVE",
 *        "dynamodb":{"Keys","NewImage","OldImage","SequenceNumber",…},"eventSourceARN",…}]}
 *       (stream view type NEW_AND_OLD_IMAGES; images in DynamoDB JSON)
 * out: {"batchItemFailures":[]} or {"batchItemFailures":[{"itemIdentifier":"<SequenceNumber>"}]}}</pre>
 *
 * <p>The records are published one at a time, in order ({@link OrderStreamRecords} says what each one changed;
 * a write nobody sees — the outcome recorded as notified — and a removal publish nothing). On the first record
 * that fails to publish, the handler stops and reports that record's sequence number: Lambda retries the shard
 * from it (the event source mapping needs {@code ReportBatchItemFailures}), so the records after it are not
 * attempted now and an order's changes still arrive in their order. A record already published before the
 * failure may be published again by a retry of the whole batch: a subscriber keeps the highest version per order.
 *
 * <p>When less time is left than one publication may take ({@link AppSyncOrderChangePublisher#LONGEST_CALL} and a
 * second), the handler reports the next record the same way instead of running into the function's timeout, so a
 * slow API slows the stream down without republishing what it already published.
 *
 * <p>A record that cannot be read — not a stream record, an image that is not DynamoDB JSON, a stored order that
 * does not decode — is logged ({@code WARN}, with its event id and sequence number) and skipped: retrying would
 * not change it, and holding it would hold back every later change on its shard. Logs name order ids, customer ids
 * and sequence numbers, never an order's content (see {@link Telemetry}).
 */
public final class OrderChangesHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  /** The key of the partial batch response's list. */
  public static final String BATCH_ITEM_FAILURES = "batchItemFailures";

  /** Time kept back for one publication: the longest an AppSync call takes to fail, and a margin. */
  static final long RESERVED_MILLIS = AppSyncOrderChangePublisher.LONGEST_CALL.toMillis() + 1_000;

  private final OrderChangePublisher publisher;

  /** For Lambda: the publisher from the container's one injector, built at init. */
  public OrderChangesHandler() {
    this(Container.INJECTOR.get().getInstance(OrderChangePublisher.class));
  }

  public OrderChangesHandler(OrderChangePublisher publisher) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
  }

  /** Metric: changes published to their owner's subscription. */
  public static final String UPDATES_PUBLISHED = "UpdatesPublished";

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    try (Telemetry telemetry = Telemetry.start(context)) {
      return handle(event, context, telemetry);
    }
  }

  private Map<String, Object> handle(Map<String, Object> event, Context context, Telemetry telemetry) {
    boolean attempted = false;
    for (Object element : records(event)) {
      telemetry.order(null, null);
      StreamRecord record;
      try {
        record = StreamRecord.of(element);
      } catch (RuntimeException e) {
        telemetry.warn("record.skipped", "stream record " + describe(element) + " skipped, it cannot be read: "
            + e.getMessage());
        continue;
      }
      if (record.change().isEmpty()) {
        continue;
      }
      OrderChange change = record.change().get();
      telemetry.order(change.id().value(), change.customer().value());
      if (attempted && outOfTime(context)) {
        telemetry.info("update.deferred", "little time left: the rest of the batch is handed back",
            "sequenceNumber", record.sequenceNumber());
        return response(record.sequenceNumber());
      }
      attempted = true;
      try {
        publisher.publish(change);
      } catch (RuntimeException e) {
        telemetry.warn("update.failed", "change " + change.kind() + " of order " + change.id().value()
            + " (sequence number " + record.sequenceNumber() + ") not published, retrying from it: "
            + e.getClass().getSimpleName() + ": " + e.getMessage(), "change", change.kind().name(),
            "sequenceNumber", record.sequenceNumber());
        return response(record.sequenceNumber());
      }
      telemetry.info("update.published", "order change published to its owner's subscription",
          "change", change.kind().name(), "sequenceNumber", record.sequenceNumber());
      telemetry.metrics().count(UPDATES_PUBLISHED);
    }
    return response(null);
  }

  /**
   * Whether the invocation may time out during one more publication: then the handler hands the rest of the batch
   * back (Lambda retries from that record) rather than being stopped by the timeout, which would fail the whole
   * batch and publish its earlier records again. The first publication of an invocation is always attempted, so
   * every invocation makes progress.
   */
  private static boolean outOfTime(Context context) {
    return context != null && context.getRemainingTimeInMillis() < RESERVED_MILLIS;
  }

  /** The partial batch response: no failure, or the one record to retry from. */
  static Map<String, Object> response(String failedSequenceNumber) {
    return Map.of(BATCH_ITEM_FAILURES, failedSequenceNumber == null ? List.of()
        : List.of(Map.of("itemIdentifier", failedSequenceNumber)));
  }

  private static List<?> records(Map<String, Object> event) {
    Object records = event == null ? null : event.get("Records");
    if (records == null) {
      return List.of();
    }
    if (records instanceof List<?> list) {
      return list;
    }
    throw new IllegalArgumentException("not a DynamoDB stream event: Records must be a list");
  }

  /** A record's event id and sequence number, as far as it has them, for the log. */
  private static String describe(Object element) {
    if (!(element instanceof Map<?, ?> record)) {
      return "(not an object)";
    }
    Object dynamodb = record.get("dynamodb");
    Object sequence = dynamodb instanceof Map<?, ?> data ? data.get("SequenceNumber") : null;
    return record.get("eventID") + " (sequence number " + sequence + ")";
  }

  /** One record: its sequence number and what it changed. */
  record StreamRecord(String sequenceNumber, Optional<OrderChange> change) {
    @SuppressWarnings("unchecked")
    static StreamRecord of(Object element) {
      if (!(element instanceof Map<?, ?> map)) {
        throw new IllegalArgumentException("a record must be an object");
      }
      Map<String, Object> record = (Map<String, Object>) map;
      Map<String, Object> dynamodb = EventFields.object(record, "dynamodb");
      if (dynamodb == null) {
        throw new IllegalArgumentException("dynamodb is required");
      }
      String sequenceNumber = EventFields.requiredString(dynamodb, "SequenceNumber");
      String eventName = EventFields.requiredString(record, "eventName");
      return new StreamRecord(sequenceNumber, OrderStreamRecords.change(eventName,
          DynamoDbJson.item(dynamodb.get("OldImage")), DynamoDbJson.item(dynamodb.get("NewImage"))));
    }
  }

  /**
   * Runs the decoding of a sample record and the publisher's request path without sending anything (SnapStart
   * priming; no network call).
   */
  static void prime(Injector injector) {
    for (Object element : records(PrimingEvents.orderCreated())) {
      StreamRecord.of(element);
    }
    response("sample").size();
    injector.getInstance(AppSyncOrderChangePublisher.class).prime();
  }

  /** The Lambda container's one wiring, built when the runtime first creates the handler (init phase). */
  private static final class Container {
    static final OncePerContainer<Injector> INJECTOR = OncePerContainer.build(() -> {
      Injector injector = LambdaWiring.orderChangesPublisher();
      return StartUp.primed(injector, () -> prime(injector));
    });
  }
}
