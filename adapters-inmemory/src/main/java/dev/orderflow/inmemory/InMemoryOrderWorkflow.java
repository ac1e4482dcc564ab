package dev.orderflow.inmemory;

import dev.orderflow.core.application.CompleteOrder;
import dev.orderflow.core.application.DecidePayment;
import dev.orderflow.core.application.FailOrder;
import dev.orderflow.core.application.InitializeOrder;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.domain.PaymentDecision;
import dev.orderflow.core.port.OrderWorkflow;
import dev.orderflow.core.port.TransientFailureException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The order state machine in memory, with Step Functions' semantics (see docs/workflow-contract.md):
 * one run per order id however often it is started; InitializeOrder → DecidePayment → approved?
 * CompleteOrder : FailOrder; each task retries {@link TransientFailureException}; InitializeOrder,
 * DecidePayment and CompleteOrder catch every other error (and retries running out) into FailOrder, so
 * an order never stays {@code PENDING}. Runs execute on the given executor — inline for deterministic
 * tests, a thread pool for a live runtime.
 */
public final class InMemoryOrderWorkflow implements OrderWorkflow {

  /** A run's state, as DescribeExecution would report it. */
  public enum RunStatus { RUNNING, SUCCEEDED, FAILED }

  /** A run that ended FAILED: even FailOrder ran out of retries. The order may be left PENDING. */
  public record FailedRun(OrderId orderId, String error) {}

  private final InitializeOrder initialize;
  private final DecidePayment decidePayment;
  private final CompleteOrder complete;
  private final FailOrder fail;
  private final Executor executor;
  /** The deployed state machine's attempts per task: 1 + its transient-error Retry's {@code MaxAttempts} (6). */
  public static final int STATE_MACHINE_TASK_ATTEMPTS = 7;
  /** The deployed state machine's attempts of FailOrder: 1 + its Retry's {@code MaxAttempts} (10). */
  public static final int STATE_MACHINE_FAIL_ORDER_ATTEMPTS = 11;

  private final int taskAttempts;
  private final int failOrderAttempts;
  private final Faults faults;
  private final Map<OrderId, RunStatus> runs = new ConcurrentHashMap<>();
  private final List<FailedRun> failedRuns = new CopyOnWriteArrayList<>();

  /**
   * @param taskAttempts attempts per task before its error is caught (Step Functions: 1 + MaxAttempts)
   * @param failOrderAttempts attempts of FailOrder, the last resort, before the run fails
   */
  public InMemoryOrderWorkflow(InitializeOrder initialize, DecidePayment decidePayment, CompleteOrder complete,
      FailOrder fail, Executor executor, int taskAttempts, int failOrderAttempts, Faults faults) {
    if (taskAttempts < 1 || failOrderAttempts < 1) {
      throw new IllegalArgumentException("every task needs at least one attempt");
    }
    this.initialize = initialize;
    this.decidePayment = decidePayment;
    this.complete = complete;
    this.fail = fail;
    this.executor = executor;
    this.taskAttempts = taskAttempts;
    this.failOrderAttempts = failOrderAttempts;
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
    CustomerId customer = request.customer();
    OrderId id = request.id();
    try {
      boolean initialized = false;
      PaymentDecision decision;
      try {
        retrying(taskAttempts, () -> initialize.initialize(request));
        initialized = true;
        decision = retrying(taskAttempts, () -> decidePayment.decide(customer, id));
        if (decision.approved()) {
          retrying(taskAttempts, () -> complete.complete(customer, id));
          runs.put(id, RunStatus.SUCCEEDED);
          return;
        }
      } catch (RuntimeException caught) {
        // The Catch of InitializeOrder, DecidePayment and CompleteOrder: fail the order, never leave it PENDING.
        String reason = "processing failed: " + caught.getClass().getName();
        boolean created = initialized;
        retrying(failOrderAttempts,
            () -> created ? fail.fail(customer, id, reason) : fail.failUninitialized(request, reason));
        runs.put(id, RunStatus.SUCCEEDED);
        return;
      }
      String declined = decision.declineReason();
      retrying(failOrderAttempts, () -> fail.fail(customer, id, declined));
      runs.put(id, RunStatus.SUCCEEDED);
    } catch (RuntimeException fatal) {
      // FailOrder has no Catch: the run fails, as a Step Functions execution would.
      runs.put(id, RunStatus.FAILED);
      failedRuns.add(new FailedRun(id, fatal.toString()));
    }
  }

  private static <T> T retrying(int attempts, Supplier<T> task) {
    for (int attempt = 1; ; attempt++) {
      try {
        return task.get();
      } catch (TransientFailureException e) {
        if (attempt >= attempts) {
          throw e;
        }
      }
    }
  }
}
