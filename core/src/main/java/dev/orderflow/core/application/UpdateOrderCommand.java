package dev.orderflow.core.application;

import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.DetailsChange;
import dev.orderflow.core.domain.InvalidRequestException;
import dev.orderflow.core.domain.OrderId;
import java.util.Objects;

/**
 * Change an order's details. With {@code expectedVersion} the update applies only to that version
 * (optimistic concurrency); without it, the change applies to the latest version.
 */
public record UpdateOrderCommand(CustomerId customer, OrderId id, DetailsChange change, Long expectedVersion) {
  public UpdateOrderCommand {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(change, "change");
    if (expectedVersion != null && expectedVersion < 1) {
      throw new InvalidRequestException("expectedVersion", "must be 1 or more");
    }
  }
}
