package dev.orderflow.testing.servers;

import java.util.List;

/**
 * Outcome of {@link AslRunner#run}: status {@code SUCCEEDED} with {@code outputJson}, or {@code FAILED}
 * with {@code error} (the ASL error name, e.g. {@code States.TaskFailed} or a Fail state's Error) and
 * {@code cause}. {@code statesEntered} lists entered state names in order (nested Map/Parallel states too).
 */
public record AslResult(String status, String outputJson, String error, String cause, List<String> statesEntered) {
  public AslResult {
    statesEntered = statesEntered == null ? List.of() : List.copyOf(statesEntered);
  }

  public boolean succeeded() {
    return "SUCCEEDED".equals(status);
  }
}
