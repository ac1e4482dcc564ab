package dev.orderflow.core.port;

import dev.orderflow.core.domain.OrderRequest;
import java.util.List;

/**
 * Buffers accepted order requests for processing. Delivery downstream is at least once: a consumer
 * may see the same request more than once and must start processing idempotently
 * (see {@link OrderWorkflow#start}). The wire format is {@link OrderMessageFormat}.
 */
public interface OrderQueue {

  /**
   * Submits one request. When this returns, the request is durably queued.
   *
   * @throws TransientFailureException if it may not have been queued; submitting again is safe
   */
  void submit(OrderRequest request);

  /**
   * Submits several requests, in as few calls as the queue allows. All or nothing from the caller's
   * view: if this throws, any of them may have been queued, and submitting all again is safe.
   */
  default void submitAll(List<OrderRequest> requests) {
    requests.forEach(this::submit);
  }
}
