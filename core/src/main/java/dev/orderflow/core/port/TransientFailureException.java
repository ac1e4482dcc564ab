package dev.orderflow.core.port;

/**
 * A port call failed in a way that may succeed if repeated (throttling, a timeout, a 5xx, a lost
 * connection). Callers retry with backoff; the state is as if the call had not happened, or had
 * happened once — every port operation is safe to repeat.
 */
public class TransientFailureException extends RuntimeException {
  public TransientFailureException(String message) {
    super(message);
  }

  public TransientFailureException(String message, Throwable cause) {
    super(message, cause);
  }
}
