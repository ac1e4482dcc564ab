package dev.orderflow.core.port;

import dev.orderflow.core.domain.OrderRequest;

/**
 * Runs the processing of one order: initialize (create {@code PENDING} if absent), decide payment,
 * then complete or fail, and notify. A step that keeps failing ends in fail-the-order, never in an
 * order left {@code PENDING}.
 */
public interface OrderWorkflow {

  /**
   * Starts processing, idempotent by order id: a second start for the same order does not start
   * a second run.
   *
   * @return {@code true} if a run started now, {@code false} if one had already been started for this order
   * @throws TransientFailureException if it may not have started; starting again is safe
   */
  boolean start(OrderRequest request);
}
