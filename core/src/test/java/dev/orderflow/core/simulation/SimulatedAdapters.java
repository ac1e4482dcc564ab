package dev.orderflow.core.simulation;

import dev.orderflow.core.port.CustomerMailer;
import dev.orderflow.core.port.OrderNotifier;
import dev.orderflow.core.port.OrderQueue;
import dev.orderflow.core.port.OrderRepository;
import java.time.Clock;
import java.util.Optional;

/**
 * The adapters of one family, fresh for one simulated sequence: the repository, the notifier, the mailer and a queue the
 * simulation can drive message by message. Payments and the workflow service are modelled by the simulation
 * itself (the gateway is simulated anyway; the workflow is the core's {@code ProcessOrder}, stepped).
 */
public interface SimulatedAdapters extends AutoCloseable {

  /**
   * The clock every use case reads. Every family advances it on {@link Queue#expireVisibility()} (by more than the
   * visibility timeout): queues keep time by it, and so do the claims on outcome emails, which must expire as
   * redeliveries come.
   */
  Clock clock();

  OrderRepository repository();

  OrderNotifier notifier();

  /** Where outcome emails go; the simulation delivers each outcome notification to {@code EmailOutcome} itself. */
  CustomerMailer mailer();

  Queue queue();

  @Override
  default void close() {}

  /** Opens the adapters for one sequence; {@code namespace} keeps sequences apart on shared servers. */
  @FunctionalInterface
  interface Family {
    SimulatedAdapters open(String namespace);
  }

  /** A queue with at-least-once delivery, driven one message at a time. */
  interface Queue {
    /** The port {@code PlaceOrder} submits to. */
    OrderQueue port();

    /** One visible message, hidden from then on until acknowledged or its visibility expires; empty if none. */
    Optional<Delivery> receive();

    /** Deletes a received message. */
    void acknowledge(Delivery delivery);

    /** Every received, unacknowledged message becomes visible again, as when its visibility timeout expires. */
    void expireVisibility();
  }

  /** A received message. */
  record Delivery(String body, String receiptHandle) {}
}
