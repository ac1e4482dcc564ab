package dev.orderflow.core.domain;

/** A request field breaks a validation rule; nothing was enqueued or written. */
public final class InvalidRequestException extends OrderflowException {
  private final String field;

  public InvalidRequestException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
  }

  /** The name of the offending field as the API spells it, e.g. {@code "quantity"}. */
  public String field() {
    return field;
  }

  @Override
  public String errorType() {
    return "ValidationError";
  }
}
