package dev.orderflow.lambda.sqs;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.google.inject.Injector;
import dev.orderflow.core.application.StartOrderProcessing;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.port.MalformedMessageException;
import dev.orderflow.core.port.OrderMessageFormat;
import dev.orderflow.core.port.TransientFailureException;
import dev.orderflow.lambda.internal.SqsBatch;
import dev.orderflow.lambda.internal.priming.PrimingEvents;
import dev.orderflow.lambda.steps.Steps;
import dev.orderflow.lambda.telemetry.Telemetry;
import dev.orderflow.lambda.wiring.LambdaWiring;
import dev.orderflow.lambda.wiring.OncePerContainer;
import dev.orderflow.lambda.wiring.StartUp;
import java.util.List;
import java.util.Objects;

/**
 * The order queue's consumer: starts the workflow of every message's order, and reports partial batch
 * failures (the event source mapping needs {@code ReportBatchItemFailures}). Only the ids of the messages
 * that failed come back; SQS deletes the rest.
 *
 * <p>Each message is handled on its own, so one bad message does not hold back the others:
 * <ul>
 *   <li>a malformed body is a failure, so the queue's redrive moves it to the dead-letter queue after
 *       {@code maxReceiveCount} receives;</li>
 *   <li>a transient failure is a failure, so the message comes back after the visibility timeout;</li>
 *   <li>any other exception (a permanent failure, a bug) is a failure too, logged with its type — the
 *       message ends in the dead-letter queue, whose alarm tells someone.</li>
 * </ul>
 * A message delivered again for an order whose workflow already started is a success: the start is
 * idempotent by order id.
 */
public final class OrderQueueHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  private final StartOrderProcessing startOrderProcessing;

  /** For Lambda: collaborators from the container's one injector, built at init. */
  public OrderQueueHandler() {
    this(Container.INJECTOR.get().getInstance(StartOrderProcessing.class));
  }

  public OrderQueueHandler(StartOrderProcessing startOrderProcessing) {
    this.startOrderProcessing = Objects.requireNonNull(startOrderProcessing, "startOrderProcessing");
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    return SqsBatch.process(event, context, this::handle);
  }

  /** @return whether the message is done with (deleted), {@code false} for a batch item failure */
  private boolean handle(SQSEvent.SQSMessage message, Telemetry telemetry) {
    String messageId = message.getMessageId();
    try {
      OrderRequest request = OrderMessageFormat.decode(message.getBody());
      telemetry.order(request.id().value(), request.customer().value());
      if (startOrderProcessing.start(request)) {
        telemetry.info("workflow.started", "order workflow started", "messageId", messageId);
      } else {
        telemetry.info("delivery.duplicate", "redelivered message: the order's workflow had started",
            "messageId", messageId);
        telemetry.metrics().count(Steps.DUPLICATES_SUPPRESSED);
      }
      return true;
    } catch (MalformedMessageException e) {
      telemetry.warn("message.malformed", "message " + messageId + " is malformed, leaving it for the DLQ: "
          + e.getMessage(), "messageId", messageId);
      return false;
    } catch (TransientFailureException e) {
      telemetry.warn("message.retry", "message " + messageId + " will be retried: " + e.getMessage(),
          "messageId", messageId, "errorType", e.getClass().getName());
      return false;
    } catch (RuntimeException e) {
      telemetry.error("message.failed", "message " + messageId + " failed", e, "messageId", messageId);
      return false;
    }
  }

  /** Runs the decoding and response code on a sample message without starting anything (SnapStart priming). */
  static void prime() {
    OrderMessageFormat.decode(PrimingEvents.queueMessage());
    new SQSBatchResponse(List.of(new SQSBatchResponse.BatchItemFailure("sample"))).getBatchItemFailures().size();
  }

  /** The Lambda container's one wiring, built when the runtime first creates the handler (init phase). */
  private static final class Container {
    static final OncePerContainer<Injector> INJECTOR =
        OncePerContainer.build(() -> StartUp.primed(LambdaWiring.orderQueueConsumer(), OrderQueueHandler::prime));
  }
}
