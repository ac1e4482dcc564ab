package dev.orderflow.core.application;

import dev.orderflow.core.domain.Order;
import java.util.Optional;

/**
 * What one call of a final step ({@link CompleteOrder}, {@link FailOrder}) did, for callers that report it (metrics,
 * logs). A repeat after a complete run has neither changed nor published anything.
 *
 * @param order the order with its final status (which an earlier run may have set), or empty if it was deleted
 * @param changed whether this call set the final status (false: an earlier run or another step had set one)
 * @param published whether this call published the outcome (false: it was published before, or not final)
 */
public record FinalOutcome(Optional<Order> order, boolean changed, boolean published) {}
