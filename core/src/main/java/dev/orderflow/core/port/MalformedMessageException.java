package dev.orderflow.core.port;

/**
 * A queue message that can never be processed: not the {@link OrderMessageFormat}, or holding an invalid
 * request. Consumers leave it unacknowledged so the queue's redrive moves it to the dead-letter queue.
 */
public class MalformedMessageException extends RuntimeException {
  public MalformedMessageException(String message) {
    super(message);
  }

  public MalformedMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
