package dev.orderflow.core.domain;

/**
 * The customer already has as many orders waiting for their outcome as one customer may have; nothing was
 * enqueued. Posting again succeeds once some of them are final.
 */
public final class LimitExceededException extends OrderflowException {
  public LimitExceededException(int limit) {
    super("too many orders in progress: at most " + limit + " may wait for their outcome at a time; try again later");
  }

  @Override
  public String errorType() {
    return "LimitExceeded";
  }
}
