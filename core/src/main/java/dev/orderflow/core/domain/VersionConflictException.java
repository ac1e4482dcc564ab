package dev.orderflow.core.domain;

/** The order changed since the caller read it: the expected version is not the stored one. */
public final class VersionConflictException extends OrderflowException {
  private final long actualVersion;

  public VersionConflictException(OrderId id, long expectedVersion, long actualVersion) {
    super("order " + id.value() + " is at version " + actualVersion + ", not the expected " + expectedVersion);
    this.actualVersion = actualVersion;
  }

  /** The stored version when the conflict was detected; {@code -1} if unknown. */
  public long actualVersion() {
    return actualVersion;
  }

  @Override
  public String errorType() {
    return "ConflictError";
  }
}
