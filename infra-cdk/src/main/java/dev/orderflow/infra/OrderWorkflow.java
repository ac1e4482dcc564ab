package dev.orderflow.infra;

import dev.orderflow.core.application.ProcessOrder;
import dev.orderflow.core.application.ProcessOrder.State;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.CreateAlarmOptions;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.amazon.awscdk.services.stepfunctions.JitterType;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.RetryProps;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.amazon.awscdk.services.stepfunctions.Succeed;
import software.amazon.awscdk.services.stepfunctions.TaskInput;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * The order workflow: a Standard state machine built from the core's {@link ProcessOrder} — its states,
 * Choices, Retry and Catch — and implementing {@code docs/workflow-contract.md}.
 * <pre>
 * InitializeOrder ─► OrderDeleted? ─► DecidePayment ─► PaymentApproved? ─► CompleteOrder
 *        │                └─► Cancelled ◄────┼──────────────┤ (deleted)
 *        │                                   │              └─ (declined) ─► FailOrder
 *        └───────────────────────────────────┴── (caught errors, $.error) ─► FailOrder
 * </pre>
 * Every task retries {@link ProcessOrder#RETRIED_ERRORS} (transient failures and timeouts; every step is
 * idempotent) with exponential backoff; {@code InitializeOrder}, {@code DecidePayment} and {@code CompleteOrder}
 * catch everything else into {@code $.error} and go to {@code FailOrder}, so an accepted order never stays
 * {@code PENDING}. {@code FailOrder} retries every error longer; if it still fails, the execution fails and
 * {@link #failedAlarm()} fires. An order the customer deleted ends the run in {@code Cancelled}.
 */
public final class OrderWorkflow extends Construct {
  /**
   * What the execution log group receives: failed states and executions only, without execution data
   * (no input, output or state data, so no customer data; ADR 0014).
   */
  public static final LogLevel LOG_LEVEL = LogLevel.ERROR;

  /**
   * Every action the state machine's role may take (the allow-list LeastPrivilegeTest checks):
   * invoke the four step aliases, and what Step Functions needs to deliver execution logs to CloudWatch
   * Logs and traces to X-Ray (AWS documents Resource "*" for these).
   */
  public static final java.util.Set<String> ROLE_ACTIONS = java.util.Set.of(
      "lambda:InvokeFunction",
      "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
      "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies",
      "logs:DescribeLogGroups",
      "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets");

  private final StateMachine stateMachine;
  private final LogGroup logGroup;
  private final Alarm failedAlarm;

  public OrderWorkflow(Construct scope, String id, Props props) {
    super(scope, id);
    Objects.requireNonNull(props, "props");

    LambdaInvoke initialize = task(State.INITIALIZE_ORDER, props.initializeOrder(), null, "$.initialized");
    LambdaInvoke decide = task(State.DECIDE_PAYMENT, props.decidePayment(), orderKey(), "$.payment");
    LambdaInvoke complete = task(State.COMPLETE_ORDER, props.completeOrder(), orderKey(), "$.result");
    LambdaInvoke fail = task(State.FAIL_ORDER, props.failOrder(), null, "$.result");

    Map<State, LambdaInvoke> tasks = new EnumMap<>(State.class);
    tasks.put(State.INITIALIZE_ORDER, initialize);
    tasks.put(State.DECIDE_PAYMENT, decide);
    tasks.put(State.COMPLETE_ORDER, complete);
    tasks.put(State.FAIL_ORDER, fail);
    tasks.forEach((state, task) -> {
      task.addRetry(retry(ProcessOrder.retryOf(state)));
      if (ProcessOrder.catchesIntoFailOrder(state)) {
        task.addCatch(fail, CatchProps.builder()
            .errors(List.of(ProcessOrder.ALL_ERRORS))
            .resultPath("$.error")
            .build());
      }
    });

    Succeed cancelled = Succeed.Builder.create(this, "Cancelled")
        .stateName(ProcessOrder.CANCELLED)
        .comment("The customer deleted the order: nothing charged, completed or notified")
        .build();
    Choice orderDeleted = Choice.Builder.create(this, "OrderDeleted")
        .stateName(ProcessOrder.ORDER_DELETED_CHOICE)
        .build()
        .when(Condition.stringEquals("$.initialized.status", ProcessOrder.DELETED), cancelled)
        .otherwise(decide);
    Choice paymentApproved = Choice.Builder.create(this, "PaymentApproved")
        .stateName(ProcessOrder.PAYMENT_APPROVED_CHOICE)
        .build()
        .when(Condition.booleanEquals("$.payment.approved", true), complete)
        .when(Condition.and(Condition.isPresent("$.payment.deleted"),
            Condition.booleanEquals("$.payment.deleted", true)), cancelled)
        .otherwise(fail);
    decide.next(paymentApproved);

    this.logGroup = LogGroup.Builder.create(this, "Logs")
        .retention(props.logRetention())
        .removalPolicy(RemovalPolicy.DESTROY)
        .build();
    this.stateMachine = StateMachine.Builder.create(this, "StateMachine")
        .stateMachineType(StateMachineType.STANDARD)
        .definitionBody(DefinitionBody.fromChainable(initialize.next(orderDeleted)))
        .timeout(props.executionTimeout())
        .tracingEnabled(true)
        .logs(LogOptions.builder()
            .destination(logGroup)
            .level(LOG_LEVEL)
            .includeExecutionData(false)
            .build())
        .build();
    NagSuppressions.addResourceSuppressions(stateMachine, List.of(NagPackSuppression.builder()
        .id("AwsSolutions-SF1")
        .reason("Logs ERROR events without execution data on purpose (ADR 0014): ALL with data would copy every "
            + "order (customer, items) into CloudWatch Logs. Failed states and executions still log (event type, "
            + "execution ARN); the full history with inputs and errors stays in the execution history, behind "
            + "states:GetExecutionHistory, for 90 days.")
        .build()));
    NagSuppressions.addResourceSuppressions(stateMachine, List.of(NagPackSuppression.builder()
        .id("AwsSolutions-IAM5")
        .reason("Step Functions' execution logging (logs:CreateLogDelivery, GetLogDelivery, UpdateLogDelivery, "
            + "DeleteLogDelivery, ListLogDeliveries, PutResourcePolicy, DescribeResourcePolicies, "
            + "DescribeLogGroups) and X-Ray tracing (xray:PutTraceSegments, PutTelemetryRecords, "
            + "GetSamplingRules, GetSamplingTargets) support no resource-level permissions: AWS documents "
            + "Resource \"*\" for them. Every other statement of the role names its function alias.")
        .appliesTo(List.of("Resource::*"))
        .build()), true);
    this.failedAlarm = stateMachine.metricFailed(MetricOptions.builder()
            .period(Duration.minutes(1))
            .statistic("Sum")
            .build())
        .createAlarm(this, "FailedAlarm", CreateAlarmOptions.builder()
            .alarmDescription("An order workflow failed even in FailOrder: its order may be stuck PENDING. "
                + Operations.runbook("workflow-executions-failed-or-timed-out"))
            .threshold(0)
            .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
            .evaluationPeriods(1)
            // published only in minutes with failed executions: none failed
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build());
  }

  private LambdaInvoke task(State state, IFunction function, TaskInput payload, String resultPath) {
    LambdaInvoke.Builder builder = LambdaInvoke.Builder.create(this, state.stateName())
        .stateName(state.stateName())
        .lambdaFunction(function)
        .payloadResponseOnly(true)
        // ProcessOrder names its own Lambda service errors; do not add CDK's default set besides
        .retryOnServiceExceptions(false)
        .resultPath(resultPath);
    if (payload != null) {
      builder.payload(payload);
    }
    return builder.build();
  }

  private static TaskInput orderKey() {
    Map<String, Object> key = new LinkedHashMap<>();
    key.put("orderId", JsonPath.stringAt("$.orderId"));
    key.put("customer", JsonPath.stringAt("$.customer"));
    return TaskInput.fromObject(key);
  }

  /** The Retry as ProcessOrder defines it, with full jitter so retries of many executions spread out. */
  private static RetryProps retry(ProcessOrder.Retry retry) {
    return RetryProps.builder()
        .errors(retry.errors())
        .interval(seconds(retry.interval()))
        .backoffRate(retry.backoffRate())
        .maxAttempts(retry.maxAttempts())
        .maxDelay(seconds(retry.maxDelay()))
        .jitterStrategy(JitterType.FULL)
        .build();
  }

  /** Amazon States Language counts retry intervals in whole seconds. */
  private static Duration seconds(java.time.Duration duration) {
    if (duration.toMillis() % 1000 != 0) {
      throw new IllegalArgumentException("a retry interval must be whole seconds, was " + duration);
    }
    return Duration.seconds(duration.toSeconds());
  }

  public IStateMachine stateMachine() {
    return stateMachine;
  }

  public LogGroup logGroup() {
    return logGroup;
  }

  public Alarm failedAlarm() {
    return failedAlarm;
  }

  /**
   * Properties of {@link OrderWorkflow}: the four step functions' aliases; {@link #of} gives the defaults.
   *
   * @param initializeOrder  {@code InitializeOrderHandler}'s alias
   * @param decidePayment    {@code DecidePaymentHandler}'s alias
   * @param completeOrder    {@code CompleteOrderHandler}'s alias
   * @param failOrder        {@code FailOrderHandler}'s alias
   * @param logRetention     retention of the execution history log group; default {@link RetentionDays#ONE_MONTH}
   * @param executionTimeout longest execution; covers every retry of every step with room to spare. Default 1 hour
   */
  public record Props(IFunction initializeOrder, IFunction decidePayment, IFunction completeOrder,
      IFunction failOrder, RetentionDays logRetention, Duration executionTimeout) {
    public Props {
      Objects.requireNonNull(initializeOrder, "initializeOrder is required");
      Objects.requireNonNull(decidePayment, "decidePayment is required");
      Objects.requireNonNull(completeOrder, "completeOrder is required");
      Objects.requireNonNull(failOrder, "failOrder is required");
      Objects.requireNonNull(logRetention, "logRetention");
      Objects.requireNonNull(executionTimeout, "executionTimeout");
    }

    /** The four steps, a month of execution logs, a one-hour execution timeout. */
    public static Props of(IFunction initializeOrder, IFunction decidePayment, IFunction completeOrder,
        IFunction failOrder) {
      return new Props(initializeOrder, decidePayment, completeOrder, failOrder, RetentionDays.ONE_MONTH,
          Duration.hours(1));
    }
  }
}
