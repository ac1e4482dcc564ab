package dev.orderflow.core.port;

/**
 * A port call failed in a way that repeating will not fix (missing table or queue, access denied,
 * a request the service rejects). Workflows stop retrying and fail the order.
 */
public class PermanentFailureException extends RuntimeException {
  public PermanentFailureException(String message, Throwable cause) {
    super(message, cause);
  }
}
