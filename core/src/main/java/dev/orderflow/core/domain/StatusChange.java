package dev.orderflow.core.domain;

import java.time.Instant;
import java.util.Objects;

/** A final status to set on a {@code PENDING} order, with the failure reason for {@code FAILED}. */
public record StatusChange(OrderStatus target, String failureReason, Instant at) {
  public StatusChange {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(at, "at");
    if (!target.isFinal()) {
      throw new IllegalArgumentException("a status change must end in SUCCESS or FAILED");
    }
    if ((target == OrderStatus.FAILED) != (failureReason != null)) {
      throw new IllegalArgumentException("a failure reason goes with FAILED, and only with FAILED");
    }
  }

  public static StatusChange success(Instant at) {
    return new StatusChange(OrderStatus.SUCCESS, null, at);
  }

  public static StatusChange failure(String reason, Instant at) {
    return new StatusChange(OrderStatus.FAILED, reason, at);
  }
}
