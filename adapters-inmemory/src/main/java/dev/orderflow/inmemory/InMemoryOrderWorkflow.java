package dev.orderflow.inmemory;

import dev.orderflow.core.application.ProcessOrder;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.port.OrderWorkflow;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * The order workflow in memory, with Step Functions' semantics (see docs/workflow-contract.md): one run per
 * order id however often it is started, each run the core's {@link ProcessOrder} state machine — the same
 * states, Retry and Catch as the deployed one. Runs execute on the given executor: inline for deterministic
 * tests, a thread pool for a live runtime.
 */
public final class InMemoryOrderWorkflow implements OrderWorkflow {

  /** A run's state, as DescribeExecution would report it. */
  public enum RunStatus { RUNNING, SUCCEEDED, FAILED }

  /** A run that ended FAILED: even FailOrder ran out of retries. The order may be left PENDING. */
  public record FailedRun(OrderId orderId, String error) {}

  private final ProcessOrder process;
  private final Executor executor;
  private final Faults faults;
  private final Map<OrderId, RunStatus> runs = new ConcurrentHashMap<>();
  private final List<FailedRun> failedRuns = new CopyOnWriteArrayList<>();

  public InMemoryOrderWorkflow(ProcessOrder process, Executor executor, Faults faults) {
    this.process = process;
    this.executor = executor;
    this.faults = faults;
  }

  @Override
  public boolean start(OrderRequest request) {
    return faults.call("workflow.start", () -> {
      if (runs.putIfAbsent(request.id(), RunStatus.RUNNING) != null) {
        return false;
      }
      executor.execute(() -> run(request));
      return true;
    });
  }

  /** How many runs were started for the order: 0 or 1. */
  public long runsStartedFor(OrderId id) {
    return runs.containsKey(id) ? 1 : 0;
  }

  public RunStatus status(OrderId id) {
    return runs.get(id);
  }

  /** How many runs are still going. */
  public long running() {
    return runs.values().stream().filter(s -> s == RunStatus.RUNNING).count();
  }

  public long started() {
    return runs.size();
  }

  /** Runs that failed even in FailOrder; empty in a healthy system. */
  public List<FailedRun> failedRuns() {
    return List.copyOf(failedRuns);
  }

  private void run(OrderRequest request) {
    ProcessOrder.Execution execution = process.start(request);
    while (execution.isRunning()) {
      execution.advance();
    }
    if (execution.outcome() == ProcessOrder.Outcome.RUN_FAILED) {
      runs.put(request.id(), RunStatus.FAILED);
      failedRuns.add(new FailedRun(request.id(), execution.runError()));
    } else {
      runs.put(request.id(), RunStatus.SUCCEEDED);
    }
  }
}
