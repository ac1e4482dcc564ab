package dev.orderflow.core.application;

import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.EmailAddress;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderNotFoundException;
import dev.orderflow.core.port.CustomerMailer;
import dev.orderflow.core.port.MalformedMessageException;
import dev.orderflow.core.port.OrderMessageFormat;
import dev.orderflow.core.port.OrderRepository;
import dev.orderflow.core.port.OutcomeEmail;
import dev.orderflow.core.port.TransientFailureException;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Emails a customer their order's final outcome, once: reads the order, claims its email
 * ({@link OrderRepository#claimEmail}), sends {@link OutcomeEmail#of(Order)} to the address the order carries,
 * then records it sent ({@link OrderRepository#markEmailed}), which drops the address. Run it for every delivery
 * of an outcome notification, as often as it comes: a repeat after a complete run finds no address and sends
 * nothing; a repeat while another delivery holds the claim is told to come back later
 * ({@link Result#CLAIMED}); only a failure between the send and its record sends a second copy.
 *
 * <p>It never touches the order's status: a failed send leaves the order as it is and is repeated by the caller.
 */
public final class EmailOutcome {
  /** How long a claim holds off other deliveries: longer than a send takes, shorter than a redelivery comes. */
  public static final Duration CLAIM = Duration.ofMinutes(2);

  /** What a call did. */
  public enum Result {
    /** Sent now. */
    SENT,
    /** Nothing to send: the order has no address — none was given, or its email was already sent. */
    NOTHING_TO_SEND,
    /** The order was deleted (its address with it). */
    ORDER_GONE,
    /** The order is not final (a notification cannot be ahead of its order; treated as nothing to send). */
    NOT_FINAL,
    /** Another delivery holds the claim: not sent now; the caller must come back after {@link #CLAIM}. */
    CLAIMED
  }

  /**
   * Another delivery of the same outcome holds the claim on its email: this one must come back after {@link #CLAIM}
   * (it is transient, and expected under duplicate delivery — not a fault of any service).
   */
  public static final class ClaimedElsewhere extends TransientFailureException {
    public ClaimedElsewhere(OrderId id) {
      super("the outcome email of order " + id + " is being sent by another delivery; try again in "
          + CLAIM.toSeconds() + " s");
    }
  }

  private final OrderRepository repository;
  private final CustomerMailer mailer;
  private final Clock clock;

  @Inject
  public EmailOutcome(OrderRepository repository, CustomerMailer mailer, Clock clock) {
    this.repository = repository;
    this.mailer = mailer;
    this.clock = clock;
  }

  /**
   * Handles one delivery of an outcome notification (the body {@link OrderMessageFormat#encodeOutcome} writes), as a
   * queue consumer does: {@link #send} for its order, and a {@link Result#CLAIMED} turned into a
   * {@link TransientFailureException} so that the delivery is left to come back.
   *
   * @return what was done: never {@link Result#CLAIMED}
   * @throws MalformedMessageException if the body is not an outcome notification (no delivery of it will do better)
   * @throws TransientFailureException if the delivery must come back later
   */
  public Result onNotification(String body) {
    OrderMessageFormat.OrderRef ref = OrderMessageFormat.decodeOutcome(body);
    Result result = send(ref.customer(), ref.id());
    if (result == Result.CLAIMED) {
      throw new ClaimedElsewhere(ref.id());
    }
    return result;
  }

  /**
   * @throws dev.orderflow.core.port.TransientFailureException if the send or a repository call may have failed:
   *     call again later
   * @throws dev.orderflow.core.port.PermanentFailureException if the mail service refuses the message for good
   */
  public Result send(CustomerId customer, OrderId id) {
    Optional<Order> found = repository.find(customer, id);
    if (found.isEmpty()) {
      return Result.ORDER_GONE;
    }
    Order order = found.get();
    if (!order.status().isFinal()) {
      return Result.NOT_FINAL;
    }
    Optional<EmailAddress> to = order.email();
    if (to.isEmpty()) {
      return Result.NOTHING_TO_SEND;
    }
    Instant now = clock.instant();
    try {
      if (!repository.claimEmail(customer, id, now, now.plus(CLAIM))) {
        return repository.find(customer, id).flatMap(Order::email).isPresent() ? Result.CLAIMED
            : Result.NOTHING_TO_SEND;
      }
    } catch (OrderNotFoundException deletedMeanwhile) {
      return Result.ORDER_GONE;
    }
    mailer.send(to.get(), OutcomeEmail.of(order));
    try {
      repository.markEmailed(customer, id);
    } catch (OrderNotFoundException deletedMeanwhile) {
      // deleted after the send: its address went with it
    }
    return Result.SENT;
  }
}
