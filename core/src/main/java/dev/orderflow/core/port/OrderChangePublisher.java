package dev.orderflow.core.port;

import dev.orderflow.core.domain.OrderChange;

/**
 * Tells an order's owner about each change of the order as it happens (live status: a GraphQL subscription).
 * At least once: a change may be published again after a failure, so a receiver keeps the highest version it
 * saw per order. Publishing is off the order's path: a failure here is retried and never fails or delays the
 * order itself.
 */
public interface OrderChangePublisher {

  /**
   * @param change one change, for its owner only
   * @throws TransientFailureException if it may not have been published; publishing again is safe
   */
  void publish(OrderChange change);
}
