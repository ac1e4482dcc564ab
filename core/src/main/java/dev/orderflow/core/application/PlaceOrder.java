package dev.orderflow.core.application;

import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.LimitExceededException;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderDeletedException;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.port.OrderIdGenerator;
import dev.orderflow.core.port.OrderQueue;
import dev.orderflow.core.port.OrderRepository;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Accepts orders: assigns the id, submits the request to the queue and returns the {@code PENDING}
 * order at once. The order becomes readable when the workflow has initialised it.
 *
 * <p>With a client token, a repeat of a request that was already processed returns the stored order
 * and enqueues nothing; a repeat before that enqueues the same order id again, which the workflow's
 * idempotent start absorbs. Once the customer deleted the token's order, the token is refused with
 * {@link OrderDeletedException}: a deleted order never comes back, and no accepted order is dropped.
 *
 * <p>A customer may have at most {@value #MAX_PENDING_ORDERS} recorded orders waiting for their outcome; a new
 * order beyond that is refused with {@link LimitExceededException} (a repeat of an existing order is not). The
 * count covers the orders the workflow has recorded, so requests still queued may take a customer a little past
 * it: the limit bounds abuse, it is no exact quota.
 */
public final class PlaceOrder {
  /** Recorded orders one customer may have waiting for their outcome. */
  public static final int MAX_PENDING_ORDERS = 100;

  private final OrderQueue queue;
  private final OrderRepository repository;
  private final OrderIdGenerator ids;
  private final Clock clock;

  @Inject
  public PlaceOrder(OrderQueue queue, OrderRepository repository, OrderIdGenerator ids, Clock clock) {
    this.queue = queue;
    this.repository = repository;
    this.ids = ids;
    this.clock = clock;
  }

  /**
   * @return the order as accepted ({@code PENDING}, version 1), or the stored one for a repeated client token
   * @throws OrderDeletedException if the client token's order was deleted
   * @throws LimitExceededException if the customer has too many orders waiting for their outcome
   */
  public Order place(PlaceOrderCommand command) {
    return placeWithOutcome(command).order();
  }

  /**
   * {@link #place(PlaceOrderCommand)}, also telling whether the order was submitted to the queue now or the stored
   * order of a repeated client token was returned (nothing submitted).
   */
  public Outcome placeWithOutcome(PlaceOrderCommand command) {
    Optional<Order> existing = existing(command);
    if (existing.isPresent()) {
      return new Outcome(existing.get(), false);
    }
    requireRoomFor(command.customer());
    OrderRequest request = request(command);
    queue.submit(request);
    return new Outcome(Order.place(request), true);
  }

  /**
   * What {@link #placeWithOutcome} did.
   *
   * @param order the order as accepted, or the stored one
   * @param submitted whether the request was submitted to the queue by this call (false: a client token's
   *     stored order was returned)
   */
  public record Outcome(Order order, boolean submitted) {}

  /**
   * Places several orders with as few queue calls as possible. Every command is valid by construction,
   * so either all are submitted or the call throws and may be repeated as a whole; a deleted client token's
   * order ({@link OrderDeletedException}) or a customer without room ({@link LimitExceededException}) refuses
   * the whole call before anything is submitted.
   */
  public List<Order> placeAll(List<PlaceOrderCommand> commands) {
    List<Order> result = new ArrayList<>(commands.size());
    List<OrderRequest> toSubmit = new ArrayList<>(commands.size());
    for (PlaceOrderCommand command : commands) {
      Optional<Order> existing = existing(command);
      if (existing.isPresent()) {
        result.add(existing.get());
      } else {
        OrderRequest request = request(command);
        toSubmit.add(request);
        result.add(Order.place(request));
      }
    }
    toSubmit.stream().map(OrderRequest::customer).distinct().forEach(this::requireRoomFor);
    queue.submitAll(toSubmit);
    return result;
  }

  private void requireRoomFor(CustomerId customer) {
    if (repository.countPending(customer, MAX_PENDING_ORDERS) >= MAX_PENDING_ORDERS) {
      throw new LimitExceededException(MAX_PENDING_ORDERS);
    }
  }

  private Optional<Order> existing(PlaceOrderCommand command) {
    if (command.clientToken() == null) {
      return Optional.empty();
    }
    OrderId id = OrderId.fromClientToken(command.customer(), command.clientToken());
    Optional<Order> stored = repository.find(command.customer(), id);
    if (stored.isEmpty() && repository.isDeleted(command.customer(), id)) {
      throw new OrderDeletedException(id);
    }
    return stored;
  }

  private OrderRequest request(PlaceOrderCommand command) {
    OrderId id = command.clientToken() == null
        ? ids.next()
        : OrderId.fromClientToken(command.customer(), command.clientToken());
    return new OrderRequest(id, command.customer(), command.details(), clock.instant(), command.emailTo());
  }
}
