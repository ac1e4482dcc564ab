package dev.orderflow.core.port;

import dev.orderflow.core.domain.Order;

/**
 * Tells the customer an order's final outcome. Implementations publish the status and customer as
 * filterable attributes. Called once per order, except after a crash between publishing and
 * recording the publication, when it may be called again.
 */
public interface OrderNotifier {

  /**
   * @param order an order in a final status
   * @throws TransientFailureException if it may not have been published; publishing again is safe
   */
  void publish(Order order);
}
