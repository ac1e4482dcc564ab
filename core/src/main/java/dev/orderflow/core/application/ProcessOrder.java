package dev.orderflow.core.application;

import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.domain.PaymentDecision;
import dev.orderflow.core.port.TransientFailureException;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The order workflow as one state machine: the definition every in-process runner executes (the in-memory
 * workflow, the local runtime, the simulations) and the one the deployed Step Functions state machine is built
 * from and checked against (infra-cdk's {@code OrderWorkflow}).
 * <pre>
 * InitializeOrder ─► OrderDeleted? ─► DecidePayment ─► PaymentApproved? ─► CompleteOrder
 *        │                └─► Cancelled ◄────┼──────────────┤ (deleted)
 *        │                                   │              └─ (declined) ─► FailOrder
 *        └───────────────────────────────────┴── (caught errors) ──────────► FailOrder
 * </pre>
 * Every task is safe to run again. {@code InitializeOrder}, {@code DecidePayment} and {@code CompleteOrder}
 * retry {@link #RETRIED_ERRORS} — transient failures and timeouts — {@value #TASK_RETRIES} times with
 * exponential backoff, then catch every error into {@code FailOrder}, so an order never stays {@code PENDING}.
 * {@code FailOrder} retries every error {@value #FAIL_ORDER_RETRIES} times; if it still fails, the run fails.
 * An order the customer deleted ends the run in {@code Cancelled}: nothing is charged, completed or notified.
 *
 * <p>In process a retry is immediate: the backoff is the deployed machine's, kept here so the two are compared.
 */
public final class ProcessOrder {
  /** The machine's states, named as in the deployed definition. */
  public enum State {
    INITIALIZE_ORDER("InitializeOrder"),
    DECIDE_PAYMENT("DecidePayment"),
    COMPLETE_ORDER("CompleteOrder"),
    FAIL_ORDER("FailOrder");

    private final String stateName;

    State(String stateName) {
      this.stateName = stateName;
    }

    public String stateName() {
      return stateName;
    }
  }

  /** The Choice after InitializeOrder: to {@link #CANCELLED} when the order was deleted, else to DecidePayment. */
  public static final String ORDER_DELETED_CHOICE = "OrderDeleted?";
  /** The Choice after DecidePayment: approved → CompleteOrder; deleted → {@link #CANCELLED}; else FailOrder. */
  public static final String PAYMENT_APPROVED_CHOICE = "PaymentApproved?";
  /** The end state of a run whose order the customer deleted. */
  public static final String CANCELLED = "Cancelled";
  /** The status InitializeOrder reports, and the flag DecidePayment sets, for a deleted order. */
  public static final String DELETED = "DELETED";

  /** Step Functions' error name for a task that outlived its {@code TimeoutSeconds}. */
  public static final String STATES_TIMEOUT = "States.Timeout";
  /** The error name of a Lambda function that timed out. */
  public static final String LAMBDA_TIMEOUT = "Sandbox.Timedout";
  /** Matches every error. */
  public static final String ALL_ERRORS = "States.ALL";

  /** The error of a function that ended without a response (some runtimes report a timeout or a crash so). */
  public static final String LAMBDA_UNKNOWN = "Lambda.Unknown";

  /**
   * Errors worth repeating: the Lambda service's own, the handlers' transient port failures, and timeouts and
   * crashes — every step is idempotent, so one that ended after its effect is safe to run again.
   */
  public static final List<String> RETRIED_ERRORS = List.of(
      "Lambda.ServiceException",
      "Lambda.AWSLambdaException",
      "Lambda.SdkClientException",
      "Lambda.TooManyRequestsException",
      "Lambda.ClientExecutionTimeoutException",
      TransientFailureException.class.getName(),
      STATES_TIMEOUT,
      LAMBDA_TIMEOUT,
      LAMBDA_UNKNOWN);

  /** Retries of InitializeOrder, DecidePayment and CompleteOrder (attempts = 1 + this). */
  public static final int TASK_RETRIES = 6;
  /** Retries of FailOrder, the last resort. */
  public static final int FAIL_ORDER_RETRIES = 10;

  /** A task's Retry, as in Amazon States Language. */
  public record Retry(List<String> errors, Duration interval, double backoffRate, int maxAttempts, Duration maxDelay) {
    public Retry {
      errors = List.copyOf(errors);
    }

    /** Whether an error of this name is retried. */
    public boolean matches(String error) {
      return errors.contains(ALL_ERRORS) || errors.contains(error);
    }

    /** Attempts in all: the first and every retry. */
    public int attempts() {
      return 1 + maxAttempts;
    }
  }

  public static final Retry TASK_RETRY =
      new Retry(RETRIED_ERRORS, Duration.ofSeconds(1), 2, TASK_RETRIES, Duration.ofSeconds(30));
  public static final Retry FAIL_ORDER_RETRY =
      new Retry(List.of(ALL_ERRORS), Duration.ofSeconds(2), 2, FAIL_ORDER_RETRIES, Duration.ofMinutes(5));

  /** The Retry of a task state. */
  public static Retry retryOf(State state) {
    return state == State.FAIL_ORDER ? FAIL_ORDER_RETRY : TASK_RETRY;
  }

  /** Whether a task catches every error (after its retries) into FailOrder; FailOrder itself does not. */
  public static boolean catchesIntoFailOrder(State state) {
    return state != State.FAIL_ORDER;
  }

  /** How a run ended. */
  public enum Outcome {
    /** CompleteOrder ran: the order is {@code SUCCESS} (or whatever an earlier run set, or deleted meanwhile). */
    COMPLETED,
    /** FailOrder ran: the order is {@code FAILED} (or whatever an earlier run set, or deleted meanwhile). */
    FAILED,
    /** The customer deleted the order before it was paid for: nothing charged, completed or notified. */
    CANCELLED,
    /** Even FailOrder ran out of retries: the order may be left {@code PENDING}; an operator must look. */
    RUN_FAILED
  }

  /**
   * How one attempt of a task reaches its code. {@link #DIRECT} calls it; a simulation may instead throw a
   * {@link TaskTimeout} before or after running it, as an invocation that timed out would.
   */
  @FunctionalInterface
  public interface Invoker {
    <T> T invoke(State state, Supplier<T> task);
  }

  /** Calls the task. */
  public static final Invoker DIRECT = new Invoker() {
    @Override
    public <T> T invoke(State state, Supplier<T> task) {
      return task.get();
    }
  };

  /**
   * An error a task caught into FailOrder.
   *
   * @param afterRetries whether the error was one the task retries (so its retries ran out), rather than one it
   *     does not retry at all
   */
  public record Caught(State state, String error, boolean afterRetries) {}

  /** A task invocation that timed out; {@link #error()} is {@link #STATES_TIMEOUT} or {@link #LAMBDA_TIMEOUT}. */
  public static final class TaskTimeout extends RuntimeException {
    private final String error;

    public TaskTimeout(String error) {
      super(error, null, false, false);
      this.error = Objects.requireNonNull(error, "error");
    }

    public String error() {
      return error;
    }
  }

  /**
   * The error name a task's exception is reported under, as the Lambda runtime reports it: the exception's
   * class name; every transient failure as {@link TransientFailureException} itself (see the step handlers);
   * a timeout by its own name.
   */
  public static String errorName(RuntimeException e) {
    if (e instanceof TaskTimeout timeout) {
      return timeout.error();
    }
    if (e instanceof TransientFailureException) {
      return TransientFailureException.class.getName();
    }
    return e.getClass().getName();
  }

  private final InitializeOrder initialize;
  private final DecidePayment decidePayment;
  private final CompleteOrder complete;
  private final FailOrder fail;

  @Inject
  public ProcessOrder(InitializeOrder initialize, DecidePayment decidePayment, CompleteOrder complete, FailOrder fail) {
    this.initialize = Objects.requireNonNull(initialize, "initialize");
    this.decidePayment = Objects.requireNonNull(decidePayment, "decidePayment");
    this.complete = Objects.requireNonNull(complete, "complete");
    this.fail = Objects.requireNonNull(fail, "fail");
  }

  /** Runs the whole machine for one order in the calling thread. */
  public Outcome run(OrderRequest request) {
    Execution execution = start(request);
    while (execution.isRunning()) {
      execution.advance();
    }
    return execution.outcome();
  }

  /** A run that has not taken its first step; {@link Execution#advance()} moves it one task attempt. */
  public Execution start(OrderRequest request) {
    return new Execution(Objects.requireNonNull(request, "request"));
  }

  /** One run of the machine for one order, advanced one task attempt at a time. Not thread-safe. */
  public final class Execution {
    private final OrderRequest request;
    private State state = State.INITIALIZE_ORDER;
    private int retriesUsed;
    private boolean initialized;
    private String failureReason;
    private Outcome outcome;
    private String runError;
    private Caught caught;

    private Execution(OrderRequest request) {
      this.request = request;
    }

    public OrderRequest request() {
      return request;
    }

    public boolean isRunning() {
      return outcome == null;
    }

    /** The task the next {@link #advance()} attempts; meaningless once the run ended. */
    public State state() {
      return state;
    }

    /** How the run ended, or null while it runs. */
    public Outcome outcome() {
      return outcome;
    }

    /** The error a task caught into FailOrder, if one did. */
    public Optional<Caught> caught() {
      return Optional.ofNullable(caught);
    }

    /** For {@link Outcome#RUN_FAILED}: FailOrder's last error. */
    public String runError() {
      return runError;
    }

    /** One attempt of the current task, called directly. */
    public void advance() {
      advance(DIRECT);
    }

    /** One attempt of the current task through {@code invoker}; then the Choice, Retry or Catch that follows. */
    public void advance(Invoker invoker) {
      if (!isRunning()) {
        throw new IllegalStateException("the run for order " + request.id() + " has ended: " + outcome);
      }
      CustomerId customer = request.customer();
      OrderId id = request.id();
      try {
        switch (state) {
          case INITIALIZE_ORDER -> {
            Optional<Order> order = invoker.invoke(state, () -> initialize.initialize(request));
            if (order.isEmpty()) {
              end(Outcome.CANCELLED);
            } else {
              initialized = true;
              moveTo(State.DECIDE_PAYMENT);
            }
          }
          case DECIDE_PAYMENT -> {
            Optional<PaymentDecision> decision = invoker.invoke(state, () -> decidePayment.decide(customer, id));
            if (decision.isEmpty()) {
              end(Outcome.CANCELLED);
            } else if (decision.get().approved()) {
              moveTo(State.COMPLETE_ORDER);
            } else {
              failureReason = decision.get().declineReason();
              moveTo(State.FAIL_ORDER);
            }
          }
          case COMPLETE_ORDER -> {
            invoker.invoke(state, () -> complete.complete(customer, id));
            end(Outcome.COMPLETED);
          }
          case FAIL_ORDER -> {
            String reason = failureReason;
            invoker.invoke(state, () -> initialized ? fail.fail(customer, id, reason) : fail.failUninitialized(request, reason));
            end(Outcome.FAILED);
          }
          default -> throw new IllegalStateException("unknown state " + state);
        }
      } catch (RuntimeException e) {
        String error = errorName(e);
        if (retryOf(state).matches(error) && retriesUsed < retryOf(state).maxAttempts()) {
          retriesUsed++;
        } else if (catchesIntoFailOrder(state)) {
          caught = new Caught(state, error, retryOf(state).matches(error));
          failureReason = "processing failed: " + error;
          moveTo(State.FAIL_ORDER);
        } else {
          runError = e.toString();
          end(Outcome.RUN_FAILED);
        }
      }
    }

    private void moveTo(State next) {
      state = next;
      retriesUsed = 0;
    }

    private void end(Outcome how) {
      outcome = how;
    }
  }
}
