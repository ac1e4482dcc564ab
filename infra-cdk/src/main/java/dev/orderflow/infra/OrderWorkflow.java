package dev.orderflow.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
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
import software.amazon.awscdk.services.stepfunctions.TaskInput;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * The order workflow: a Standard state machine implementing {@code docs/workflow-contract.md} exactly.
 * <pre>
 * InitializeOrder ─► DecidePayment ─► PaymentApproved? ─► CompleteOrder
 *        │                 │                     └──────► FailOrder
 *        └─────────────────┴── (caught errors, $.error) ─► FailOrder
 * </pre>
 * Every task retries transient errors with exponential backoff; {@code InitializeOrder},
 * {@code DecidePayment} and {@code CompleteOrder} catch everything else into {@code $.error} and go to
 * {@code FailOrder}, so an accepted order never stays {@code PENDING}. {@code FailOrder} retries every
 * error longer; if it still fails, the execution fails and {@link #failedAlarm()} fires.
 */
public final class OrderWorkflow extends Construct {
  public static final String INITIALIZE_ORDER = "InitializeOrder";
  public static final String DECIDE_PAYMENT = "DecidePayment";
  public static final String PAYMENT_APPROVED = "PaymentApproved?";
  public static final String COMPLETE_ORDER = "CompleteOrder";
  public static final String FAIL_ORDER = "FailOrder";

  /** Errors worth repeating: the Lambda service's own, and the handlers' transient port failures. */
  public static final List<String> TRANSIENT_ERRORS = List.of(
      "Lambda.ServiceException",
      "Lambda.AWSLambdaException",
      "Lambda.SdkClientException",
      "Lambda.TooManyRequestsException",
      "dev.orderflow.core.port.TransientFailureException");

  private final StateMachine stateMachine;
  private final LogGroup logGroup;
  private final Alarm failedAlarm;

  public OrderWorkflow(Construct scope, String id, Props props) {
    super(scope, id);
    Objects.requireNonNull(props, "props");

    LambdaInvoke initialize = task(INITIALIZE_ORDER, props.initializeOrder(), null, "$.initialized");
    LambdaInvoke decide = task(DECIDE_PAYMENT, props.decidePayment(), orderKey(), "$.payment");
    LambdaInvoke complete = task(COMPLETE_ORDER, props.completeOrder(), orderKey(), "$.result");
    LambdaInvoke fail = task(FAIL_ORDER, props.failOrder(), null, "$.result");

    for (LambdaInvoke step : List.of(initialize, decide, complete)) {
      step.addRetry(transientRetry());
      step.addCatch(fail, CatchProps.builder().errors(List.of("States.ALL")).resultPath("$.error").build());
    }
    // the last resort: anything may be worth another try before giving the order up to the alarm
    fail.addRetry(RetryProps.builder()
        .errors(List.of("States.ALL"))
        .interval(Duration.seconds(2))
        .backoffRate(2)
        .maxAttempts(10)
        .maxDelay(Duration.minutes(5))
        .jitterStrategy(JitterType.FULL)
        .build());

    Choice approved = Choice.Builder.create(this, "PaymentApproved")
        .stateName(PAYMENT_APPROVED)
        .build()
        .when(Condition.booleanEquals("$.payment.approved", true), complete)
        .otherwise(fail);

    this.logGroup = LogGroup.Builder.create(this, "Logs")
        .retention(props.logRetention())
        .removalPolicy(RemovalPolicy.DESTROY)
        .build();
    this.stateMachine = StateMachine.Builder.create(this, "StateMachine")
        .stateMachineType(StateMachineType.STANDARD)
        .definitionBody(DefinitionBody.fromChainable(initialize.next(decide).next(approved)))
        .timeout(props.executionTimeout())
        .tracingEnabled(true)
        .logs(LogOptions.builder()
            .destination(logGroup)
            .level(LogLevel.ALL)
            .includeExecutionData(true)
            .build())
        .build();
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
            .alarmDescription("An order workflow failed even in FailOrder: an order may be stuck PENDING.")
            .threshold(0)
            .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
            .evaluationPeriods(1)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build());
  }

  private LambdaInvoke task(String name, IFunction function, TaskInput payload, String resultPath) {
    LambdaInvoke.Builder builder = LambdaInvoke.Builder.create(this, name)
        .stateName(name)
        .lambdaFunction(function)
        .payloadResponseOnly(true)
        // the contract names its own Lambda service errors; do not add CDK's default set besides
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

  private static RetryProps transientRetry() {
    return RetryProps.builder()
        .errors(TRANSIENT_ERRORS)
        .interval(Duration.seconds(1))
        .backoffRate(2)
        .maxAttempts(6)
        .maxDelay(Duration.seconds(30))
        .jitterStrategy(JitterType.FULL)
        .build();
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

  /** Properties of {@link OrderWorkflow}: the four step functions' aliases. */
  public static final class Props {
    private final IFunction initializeOrder;
    private final IFunction decidePayment;
    private final IFunction completeOrder;
    private final IFunction failOrder;
    private final RetentionDays logRetention;
    private final Duration executionTimeout;

    private Props(Builder b) {
      this.initializeOrder = Objects.requireNonNull(b.initializeOrder, "initializeOrder is required");
      this.decidePayment = Objects.requireNonNull(b.decidePayment, "decidePayment is required");
      this.completeOrder = Objects.requireNonNull(b.completeOrder, "completeOrder is required");
      this.failOrder = Objects.requireNonNull(b.failOrder, "failOrder is required");
      this.logRetention = b.logRetention;
      this.executionTimeout = b.executionTimeout;
    }

    public static Builder builder() {
      return new Builder();
    }

    public IFunction initializeOrder() {
      return initializeOrder;
    }

    public IFunction decidePayment() {
      return decidePayment;
    }

    public IFunction completeOrder() {
      return completeOrder;
    }

    public IFunction failOrder() {
      return failOrder;
    }

    public RetentionDays logRetention() {
      return logRetention;
    }

    public Duration executionTimeout() {
      return executionTimeout;
    }

    /** Builder of {@link Props}. */
    public static final class Builder {
      private IFunction initializeOrder;
      private IFunction decidePayment;
      private IFunction completeOrder;
      private IFunction failOrder;
      private RetentionDays logRetention = RetentionDays.ONE_MONTH;
      private Duration executionTimeout = Duration.hours(1);

      private Builder() {
      }

      /** {@code InitializeOrderHandler}'s alias (required). */
      public Builder initializeOrder(IFunction initializeOrder) {
        this.initializeOrder = initializeOrder;
        return this;
      }

      /** {@code DecidePaymentHandler}'s alias (required). */
      public Builder decidePayment(IFunction decidePayment) {
        this.decidePayment = decidePayment;
        return this;
      }

      /** {@code CompleteOrderHandler}'s alias (required). */
      public Builder completeOrder(IFunction completeOrder) {
        this.completeOrder = completeOrder;
        return this;
      }

      /** {@code FailOrderHandler}'s alias (required). */
      public Builder failOrder(IFunction failOrder) {
        this.failOrder = failOrder;
        return this;
      }

      /** Retention of the execution history log group. @default {@link RetentionDays#ONE_MONTH} */
      public Builder logRetention(RetentionDays logRetention) {
        this.logRetention = Objects.requireNonNull(logRetention, "logRetention");
        return this;
      }

      /**
       * Longest execution; covers every retry of every step with room to spare.
       *
       * @default 1 hour
       */
      public Builder executionTimeout(Duration executionTimeout) {
        this.executionTimeout = Objects.requireNonNull(executionTimeout, "executionTimeout");
        return this;
      }

      public Props build() {
        return new Props(this);
      }
    }
  }
}
