package dev.orderflow.core.domain;

/**
 * An expected outcome that a caller must handle: bad input, a missing order, a lost race,
 * a refused change. Each subtype has a stable {@link #errorType()} that APIs expose unchanged
 * (the GraphQL {@code errorType}). Bugs are not modelled here: they throw ordinary runtime exceptions.
 */
public abstract sealed class OrderflowException extends RuntimeException
    permits InvalidRequestException, OrderNotFoundException, VersionConflictException, OrderNotModifiableException,
        OrderDeletedException, LimitExceededException {

  protected OrderflowException(String message) {
    super(message, null, false, false);
  }

  /** A stable, machine-readable name for this outcome, e.g. {@code "NotFound"}. */
  public abstract String errorType();
}
