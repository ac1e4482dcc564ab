package dev.orderflow.lambda.internal;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.orderflow.lambda.telemetry.Telemetry;
import java.util.ArrayList;
import java.util.List;

/**
 * Not API: one SQS batch as the queue handlers process it — each message in turn under one {@link Telemetry} of the
 * invocation, the messages whose handling did not succeed reported as partial batch failures (the event source
 * mapping needs {@code ReportBatchItemFailures}), so SQS deletes the others and redelivers those.
 */
public final class SqsBatch {
  /** Handles one message; {@code false} leaves it to come back. */
  @FunctionalInterface
  public interface MessageHandler {
    boolean handle(SQSEvent.SQSMessage message, Telemetry telemetry);
  }

  private SqsBatch() {}

  public static SQSBatchResponse process(SQSEvent event, Context context, MessageHandler handler) {
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
    try (Telemetry telemetry = Telemetry.start(context)) {
      for (SQSEvent.SQSMessage message : records) {
        telemetry.order(null, null);
        if (!handler.handle(message, telemetry)) {
          failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
        }
      }
    }
    return new SQSBatchResponse(failures);
  }
}
