package dev.orderflow.core.application;

import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.port.OrderMessageFormat;
import dev.orderflow.core.port.OrderWorkflow;
import jakarta.inject.Inject;

/**
 * What a queue consumer does with each message: start the order's workflow, idempotently. A message
 * delivered twice starts one run.
 */
public final class StartOrderProcessing {
  private final OrderWorkflow workflow;

  @Inject
  public StartOrderProcessing(OrderWorkflow workflow) {
    this.workflow = workflow;
  }

  /**
   * @param messageBody a queue message in {@link OrderMessageFormat}
   * @return {@code true} if a run started now, {@code false} if the order's run had already started
   * @throws dev.orderflow.core.port.MalformedMessageException if the message can never be processed
   * @throws dev.orderflow.core.port.TransientFailureException if the start may be retried
   */
  public boolean start(String messageBody) {
    return start(OrderMessageFormat.decode(messageBody));
  }

  /** Same as {@link #start(String)} for an already decoded request. */
  public boolean start(OrderRequest request) {
    return workflow.start(request);
  }
}
