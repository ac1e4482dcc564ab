package dev.orderflow.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.CreateAlarmOptions;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.HorizontalAnnotation;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.LogQueryWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.YAxisProps;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * What an operator of the stack watches and is called by: the alarm topic ({@link AlarmTopic}, the operator's
 * email subscribed), the alarms, and one CloudWatch dashboard. Every alarm of the stack — these and the ones
 * the queue, the workflow and the live updates define themselves — sends its ALARM and OK notifications to the
 * alarm topic, and its description names its runbook in {@value #RUNBOOK}.
 *
 * <p>The order metrics are the functions' EMF metrics: namespace {@value #METRICS_NAMESPACE}, dimension
 * {@value #SERVICE_DIMENSION} = the stack's name (each function's {@code POWERTOOLS_SERVICE_NAME}, see
 * {@link SnapStartFunction#observabilityEnvironment}), the names of {@link #ORDER_COUNTS} and
 * {@value #TIME_TO_FINAL}.
 *
 * <p>The outcome emails: the mail dead-letter queue's alarm ({@link OutcomeMail}) and the mailer's error alarm (one
 * of every function's); the dashboard shows {@value #EMAILS_SENT}, {@value #EMAIL_FAILURES} and
 * {@value #MALFORMED_NOTIFICATIONS}, and the mail queues.
 *
 * <p>Where a {@code PENDING} order can be stuck, and the alarm that says so: still in the order queue
 * ({@link #QUEUE_AGE_THRESHOLD}); in the dead-letter queue (the queue's alarm); in a failed or timed-out
 * execution (the workflow's alarms); in a running execution — which ends within the workflow's retries (about
 * half an hour at worst) or its one-hour timeout, and so in one of the two before. The end-to-end check over the
 * order metrics ({@link #NOT_FINAL_PERCENT}) sees what none of these sees: orders that go missing between the
 * stages, or a run that "succeeds" without an outcome.
 */
public final class Operations extends Construct {
  /** The EMF namespace of the functions' metrics. */
  public static final String METRICS_NAMESPACE = "Orderflow";
  /** The dimension every order metric has, valued with the stack's name. */
  public static final String SERVICE_DIMENSION = "Service";
  public static final String ORDERS_ACCEPTED = "OrdersAccepted";
  public static final String ORDERS_SUCCEEDED = "OrdersSucceeded";
  public static final String ORDERS_FAILED = "OrdersFailed";
  public static final String ORDERS_CANCELLED = "OrdersCancelled";
  public static final String ORDERS_DELETED = "OrdersDeleted";
  public static final String DUPLICATE_DELIVERIES_SUPPRESSED = "DuplicateDeliveriesSuppressed";
  public static final String VALIDATION_ERRORS = "ValidationErrors";
  public static final String UPDATES_PUBLISHED = "UpdatesPublished";
  /** Milliseconds from acceptance to the final status, one raw value per order (percentiles work). */
  public static final String TIME_TO_FINAL = "TimeToFinal";
  /** The mailer's outcome emails sent (EMF, like the order metrics). */
  public static final String EMAILS_SENT = "EmailsSent";
  /** Deliveries of an outcome the mailer left to come back; dimension {@code Reason} (Transient, Permanent). */
  public static final String EMAIL_FAILURES = "EmailFailures";
  /** Mail queue messages that were no outcome notification (acknowledged without an email). */
  public static final String MALFORMED_NOTIFICATIONS = "MalformedNotifications";
  /** The order metrics that are counts. */
  public static final List<String> ORDER_COUNTS = List.of(ORDERS_ACCEPTED, ORDERS_SUCCEEDED, ORDERS_FAILED,
      ORDERS_CANCELLED, ORDERS_DELETED, DUPLICATE_DELIVERIES_SUPPRESSED, VALIDATION_ERRORS, UPDATES_PUBLISHED);

  /** The guide every alarm description points into. */
  public static final String RUNBOOK = "docs/guides/operating.md";

  /**
   * Oldest message of the order queue: above this for {@value #QUEUE_AGE_MINUTES} minutes, orders wait longer than
   * the pipeline's capacity explains. At StartExecution's quota a "world pizza day" burst peaks at 24.4 minutes
   * (docs/capacity.md), and a message that fails every receive ages at most 5 × 3 minutes of visibility timeout
   * before it moves to the DLQ (which has its own alarm); 30 minutes clears both, so the alarm means that the
   * consumer is not starting workflows (failing, throttled, its mapping disabled) or a burst beyond the designed
   * one — not that a designed burst is draining. Retention is 4 days: far from losing anything.
   */
  public static final Duration QUEUE_AGE_THRESHOLD = Duration.minutes(30);
  /** Consecutive 1-minute maxima above {@link #QUEUE_AGE_THRESHOLD} (the metric is approximate). */
  public static final int QUEUE_AGE_MINUTES = 3;

  /**
   * Orders without an outcome: the share of the orders accepted in a {@link #NOT_FINAL_WINDOW} that the same
   * window did not see end ({@code OrdersAccepted − OrdersSucceeded − OrdersFailed − OrdersCancelled}, over
   * {@code OrdersAccepted}), above this in {@value #NOT_FINAL_WINDOWS} windows in a row. An order takes about a
   * second, so a healthy window's share is ≈ 0 (the orders still running at its end balance those of the window
   * before). One window with a burst's backlog is not enough (the next window, draining it, is negative): a
   * backlog older than 30 minutes is {@link #QUEUE_AGE_THRESHOLD}'s. The alarm fires when orders keep going
   * missing — 1 in 100 for an hour, or one in each half hour at 50 orders an hour.
   */
  public static final int NOT_FINAL_PERCENT = 1;
  /** The window of {@link #NOT_FINAL_PERCENT}. */
  public static final Duration NOT_FINAL_WINDOW = Duration.minutes(30);
  /** Consecutive windows above {@link #NOT_FINAL_PERCENT}. */
  public static final int NOT_FINAL_WINDOWS = 2;

  /**
   * A function's errors (unhandled exceptions and timeouts; expected outcomes are no errors) in
   * {@link #FUNCTION_ERROR_PERIOD}: at least {@value #FUNCTION_ERRORS_MIN} and more than this share of its
   * invocations. The workflow retries a failed step and SQS redelivers, so a few transient errors are absorbed;
   * a share above 1 % is no longer an accident.
   */
  public static final int FUNCTION_ERROR_PERCENT = 1;
  /** Fewer errors than this never alarm (one error in three invocations of a quiet hour is no incident). */
  public static final int FUNCTION_ERRORS_MIN = 5;
  public static final Duration FUNCTION_ERROR_PERIOD = Duration.minutes(5);

  /**
   * Throttled invocations of all functions together, per {@link #FUNCTION_ERROR_PERIOD}, in
   * {@value #THROTTLE_PERIODS} periods in a row. The designed burst throttles nothing (docs/capacity.md): a
   * throttle means the account's concurrency is used up, by this stack or another workload.
   */
  public static final int THROTTLES_THRESHOLD = 0;
  public static final int THROTTLE_PERIODS = 2;

  /**
   * AppSync's {@code 5XXError} in {@link #FUNCTION_ERROR_PERIOD}: at least this many. The resolver's own failures
   * are GraphQL errors (HTTP 200), so a 5xx is AppSync failing to run the request at all.
   */
  public static final int API_SERVER_ERRORS_MIN = 5;

  /** The stack's resources the operations watch. */
  public record Resources(OrderQueue queue, OrderWorkflow workflow, OrderApi api, OrderUpdates updates,
      List<SnapStartFunction> functions, SnapStartFunction publisher, OutcomeMail mail, SnapStartFunction mailer,
      String operatorEmail) {
    public Resources {
      Objects.requireNonNull(queue, "queue");
      Objects.requireNonNull(workflow, "workflow");
      Objects.requireNonNull(api, "api");
      Objects.requireNonNull(updates, "updates");
      functions = List.copyOf(functions);
      Objects.requireNonNull(publisher, "publisher");
      Objects.requireNonNull(mail, "mail");
      Objects.requireNonNull(mailer, "mailer");
    }
  }

  private final String service;
  private final AlarmTopic alarmTopic;
  private final Map<String, Alarm> alarms = new LinkedHashMap<>();
  private final Dashboard dashboard;

  public Operations(Construct scope, String id, Resources resources) {
    super(scope, id);
    Objects.requireNonNull(resources, "resources");
    this.service = Stack.of(this).getStackName();
    this.alarmTopic = new AlarmTopic(this, "AlarmTopic", resources.operatorEmail());
    IStateMachine machine = resources.workflow().stateMachine();

    // the alarms the constructs define themselves
    alarms.put("DeadLetterQueue", resources.queue().deadLetterAlarm());
    alarms.put("ExecutionsFailed", resources.workflow().failedAlarm());
    alarms.put("LiveUpdatesSkipped", resources.updates().failureAlarm());
    alarms.put("MailDeadLetterQueue", resources.mail().deadLetterAlarm());

    alarms.put("QueueAge", resources.queue().queue().metricApproximateAgeOfOldestMessage(MetricOptions.builder()
            .period(Duration.minutes(1)).statistic("Maximum").build())
        .createAlarm(this, "QueueAgeAlarm", CreateAlarmOptions.builder()
            .alarmDescription("The oldest order in the order queue has waited more than "
                + QUEUE_AGE_THRESHOLD.toMinutes().intValue() + " minutes: workflows are not being started as fast as the "
                + "capacity allows. " + runbook("order-queue-backing-up"))
            .threshold(QUEUE_AGE_THRESHOLD.toSeconds())
            .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
            .evaluationPeriods(QUEUE_AGE_MINUTES)
            // SQS stops publishing for a queue idle for hours: nothing is waiting
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build()));

    alarms.put("ExecutionsTimedOut", machine.metricTimedOut(MetricOptions.builder()
            .period(Duration.minutes(1)).statistic("Sum").build())
        .createAlarm(this, "ExecutionsTimedOutAlarm", CreateAlarmOptions.builder()
            .alarmDescription("An order workflow reached its execution timeout: its order may be stuck PENDING. "
                + runbook("workflow-executions-failed-or-timed-out"))
            .threshold(0)
            .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
            .evaluationPeriods(1)
            // published only in minutes with executions ending so: none timed out
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build()));

    Map<String, IMetric> outcomes = new LinkedHashMap<>();
    outcomes.put("accepted", orderMetric(ORDERS_ACCEPTED, "Sum", NOT_FINAL_WINDOW));
    outcomes.put("succeeded", orderMetric(ORDERS_SUCCEEDED, "Sum", NOT_FINAL_WINDOW));
    outcomes.put("failed", orderMetric(ORDERS_FAILED, "Sum", NOT_FINAL_WINDOW));
    outcomes.put("cancelled", orderMetric(ORDERS_CANCELLED, "Sum", NOT_FINAL_WINDOW));
    alarms.put("OrdersNotFinal", MathExpression.Builder.create()
        .expression("IF(FILL(accepted, 0) > 0, 100 * (FILL(accepted, 0) - FILL(succeeded, 0) - FILL(failed, 0)"
            + " - FILL(cancelled, 0)) / FILL(accepted, 0), 0)")
        .usingMetrics(outcomes)
        .period(NOT_FINAL_WINDOW)
        .label("% of the window's accepted orders without an outcome")
        .build()
        .createAlarm(this, "OrdersNotFinalAlarm", CreateAlarmOptions.builder()
            .alarmDescription("More than " + NOT_FINAL_PERCENT + " % of the orders accepted in each of the last "
                + NOT_FINAL_WINDOWS + " windows of " + NOT_FINAL_WINDOW.toMinutes().intValue() + " minutes have no outcome "
                + "(SUCCESS, FAILED or cancelled): orders keep getting stuck PENDING. "
                + runbook("orders-without-an-outcome"))
            .threshold(NOT_FINAL_PERCENT)
            .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
            .evaluationPeriods(NOT_FINAL_WINDOWS)
            // no orders, no metrics: nothing is missing
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build()));

    for (SnapStartFunction function : resources.functions()) {
      String name = function.getNode().getId();
      IFunction fn = function.function();
      alarms.put(name + "Errors", MathExpression.Builder.create()
          .expression("IF(FILL(errors, 0) >= " + FUNCTION_ERRORS_MIN
              + ", 100 * FILL(errors, 0) / FILL(invocations, 1), 0)")
          // sorted: a Map.of's order changes from one JVM run to the next, and with it the template
          .usingMetrics(new java.util.TreeMap<>(Map.of(
              "errors", fn.metricErrors(sum(FUNCTION_ERROR_PERIOD)),
              "invocations", fn.metricInvocations(sum(FUNCTION_ERROR_PERIOD)))))
          .period(FUNCTION_ERROR_PERIOD)
          .label(name + " errors, % of invocations")
          .build()
          .createAlarm(this, name + "ErrorsAlarm", CreateAlarmOptions.builder()
              .alarmDescription("The " + name + " function (" + function.handler() + ") failed at least "
                  + FUNCTION_ERRORS_MIN + " times and more than " + FUNCTION_ERROR_PERCENT + " % of its invocations in "
                  + FUNCTION_ERROR_PERIOD.toMinutes().intValue() + " minutes. " + runbook("function-errors"))
              .threshold(FUNCTION_ERROR_PERCENT)
              .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
              .evaluationPeriods(1)
              // not invoked, nothing failed
              .treatMissingData(TreatMissingData.NOT_BREACHING)
              .build()));
    }

    Map<String, IMetric> throttles = new LinkedHashMap<>();
    for (int i = 0; i < resources.functions().size(); i++) {
      throttles.put("t" + i, resources.functions().get(i).function().metricThrottles(sum(FUNCTION_ERROR_PERIOD)));
    }
    alarms.put("Throttles", MathExpression.Builder.create()
        .expression(throttles.keySet().stream().map(t -> "FILL(" + t + ", 0)").collect(Collectors.joining(" + ")))
        .usingMetrics(throttles)
        .period(FUNCTION_ERROR_PERIOD)
        .label("Throttled invocations, all functions")
        .build()
        .createAlarm(this, "ThrottlesAlarm", CreateAlarmOptions.builder()
            .alarmDescription("Lambda throttled invocations of the stack's functions for " + THROTTLE_PERIODS
                + " periods of " + FUNCTION_ERROR_PERIOD.toMinutes().intValue() + " minutes in a row: the account's "
                + "concurrency is used up. " + runbook("function-throttles"))
            .threshold(THROTTLES_THRESHOLD)
            .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
            .evaluationPeriods(THROTTLE_PERIODS)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build()));

    alarms.put("ApiServerErrors", apiMetric(resources.api(), "5XXError", sum(FUNCTION_ERROR_PERIOD))
        .createAlarm(this, "ApiServerErrorsAlarm", CreateAlarmOptions.builder()
            .alarmDescription("The GraphQL API answered at least " + API_SERVER_ERRORS_MIN + " requests with a 5xx "
                + "in " + FUNCTION_ERROR_PERIOD.toMinutes().intValue() + " minutes. " + runbook("api-server-errors"))
            .threshold(API_SERVER_ERRORS_MIN)
            .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
            .evaluationPeriods(1)
            // no requests, no errors
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build()));

    alarms.values().forEach(alarmTopic::notifyOperator);
    this.dashboard = dashboard(resources);
  }

  /**
   * An alarm that fires as soon as {@code queue} holds a message — for a dead-letter queue, whose every message is
   * something that did not happen. Its description ends with the runbook {@code section}.
   */
  static Alarm whenNotEmpty(Construct scope, String id, IQueue queue, String description, String section) {
    return Alarm.Builder.create(scope, id)
        .alarmDescription(description + " " + runbook(section))
        .metric(queue.metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
            .period(Duration.minutes(1))
            .statistic("Maximum")
            .build()))
        .threshold(0)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
        .evaluationPeriods(1)
        // SQS stops publishing for a queue idle for hours: it is empty
        .treatMissingData(TreatMissingData.NOT_BREACHING)
        .build();
  }

  /** "Runbook: docs/guides/operating.md#section", for an alarm's description. */
  public static String runbook(String section) {
    return "Runbook: " + RUNBOOK + "#" + section;
  }

  private Metric orderMetric(String name, String statistic, Duration period) {
    return Metric.Builder.create()
        .namespace(METRICS_NAMESPACE)
        .metricName(name)
        .dimensionsMap(Map.of(SERVICE_DIMENSION, service))
        .statistic(statistic)
        .period(period)
        .label(name)
        .build();
  }

  /** An AppSync metric of the API ({@code GraphqlApi} has no metric methods). */
  private static Metric apiMetric(OrderApi api, String name, MetricOptions options) {
    return Metric.Builder.create()
        .namespace("AWS/AppSync")
        .metricName(name)
        .dimensionsMap(Map.of("GraphQLAPIId", api.api().getApiId()))
        .statistic(options.getStatistic())
        .period(options.getPeriod())
        .label(options.getLabel())
        .build();
  }

  private static MetricOptions sum(Duration period) {
    return MetricOptions.builder().statistic("Sum").period(period).build();
  }

  private static MetricOptions stat(String statistic, String label) {
    return MetricOptions.builder().statistic(statistic).period(Duration.minutes(1)).label(label).build();
  }

  private Dashboard dashboard(Resources r) {
    Duration minute = Duration.minutes(1);
    IStateMachine machine = r.workflow().stateMachine();
    List<SnapStartFunction> functions = r.functions();
    List<List<IWidget>> rows = new ArrayList<>();

    rows.add(List.of(
        TextWidget.Builder.create().width(8).height(6).markdown(String.join("\n",
            "# " + service + " operations",
            "Orders from `postOrder` to their outcome. Every alarm mails the alarm topic;",
            "its description names its runbook in `" + RUNBOOK + "` (the repository's guide).",
            "",
            "One order: its logs (Logs Insights, field `orderId`), its trace (X-Ray, the",
            "execution named after the order id). Order metrics: namespace `" + METRICS_NAMESPACE + "`,",
            "`" + SERVICE_DIMENSION + "` = `" + service + "`.")).build(),
        AlarmStatusWidget.Builder.create().title("Alarms").width(16).height(6)
            .alarms(new ArrayList<IAlarm>(alarms.values())).build()));

    rows.add(List.of(
        graph("Orders per minute by outcome", 8, List.of(
            orderMetric(ORDERS_ACCEPTED, "Sum", minute), orderMetric(ORDERS_SUCCEEDED, "Sum", minute),
            orderMetric(ORDERS_FAILED, "Sum", minute), orderMetric(ORDERS_CANCELLED, "Sum", minute)), null),
        graph("Time to final (ms)", 8, List.of(
            orderMetric(TIME_TO_FINAL, "p50", minute).with(MetricOptions.builder().label("p50").build()),
            orderMetric(TIME_TO_FINAL, "p99", minute).with(MetricOptions.builder().label("p99").build())), null),
        graph("Deleted, duplicates suppressed, validation errors per minute", 8, List.of(
            orderMetric(ORDERS_DELETED, "Sum", minute), orderMetric(DUPLICATE_DELIVERIES_SUPPRESSED, "Sum", minute),
            orderMetric(VALIDATION_ERRORS, "Sum", minute)), null)));

    rows.add(List.of(
        GraphWidget.Builder.create().title("Order queue: age of the oldest message (s)").width(6).height(6)
            .left(List.of(r.queue().queue().metricApproximateAgeOfOldestMessage(stat("Maximum", "oldest"))))
            .leftAnnotations(List.of(HorizontalAnnotation.builder()
                .value(QUEUE_AGE_THRESHOLD.toSeconds()).label("alarm").build()))
            .build(),
        graph("Order queue: depth", 6, List.of(
            r.queue().queue().metricApproximateNumberOfMessagesVisible(stat("Maximum", "visible")),
            r.queue().queue().metricApproximateNumberOfMessagesNotVisible(stat("Maximum", "in flight"))), null),
        graph("Dead-letter queue: depth", 6, List.of(
            r.queue().deadLetterQueue().metricApproximateNumberOfMessagesVisible(stat("Maximum", "visible"))), null),
        graph("Workflow executions per minute", 6, List.of(
            machine.metricStarted(stat("Sum", "started")), machine.metricSucceeded(stat("Sum", "succeeded")),
            machine.metricFailed(stat("Sum", "failed")), machine.metricTimedOut(stat("Sum", "timed out")),
            machine.metricAborted(stat("Sum", "aborted")), machine.metricThrottled(stat("Sum", "throttled"))),
            null)));

    rows.add(List.of(
        graph("Function errors per minute", 8, perFunction(functions, "Errors", "Sum"), null),
        graph("Function throttles per minute", 8, perFunction(functions, "Throttles", "Sum"), null),
        graph("Function duration p99 (ms)", 8, perFunction(functions, "Duration", "p99"), null)));

    IMetric latency = apiMetric(r.api(), "Latency", stat("p99", "latency p99"));
    rows.add(List.of(
        graph("API errors per minute", 8, List.of(
            apiMetric(r.api(), "4XXError", stat("Sum", "4xx")),
            apiMetric(r.api(), "5XXError", stat("Sum", "5xx"))), null),
        graph("API latency (ms)", 8, List.of(
            apiMetric(r.api(), "Latency", stat("p50", "latency p50")), latency), null),
        graph("API requests per minute", 8, List.of(
            apiMetric(r.api(), "Latency", stat("SampleCount", "requests"))), null)));

    IFunction publisher = r.publisher().function();
    rows.add(List.of(
        graph("Live updates: publisher iterator age (ms)", 6, List.of(
            publisher.metric("IteratorAge", stat("Maximum", "iterator age max"))), null),
        graph("Live updates: published and publisher errors per minute", 6, List.of(
            orderMetric(UPDATES_PUBLISHED, "Sum", minute)),
            List.of(publisher.metricErrors(stat("Sum", "publisher errors")))),
        graph("Live updates: failure queue depth", 6, List.of(
            r.updates().failureQueue().metricApproximateNumberOfMessagesVisible(stat("Maximum", "visible"))), null),
        LogQueryWidget.Builder.create().title("Latest ERROR log lines, all functions").width(6).height(6)
            .logGroupNames(functions.stream().map(f -> f.logGroup().getLogGroupName()).toList())
            .queryLines(List.of(
                "fields @timestamp, function, orderId, message",
                "filter level = \"ERROR\"",
                "sort @timestamp desc",
                "limit 50"))
            .build()));

    IFunction mailer = r.mailer().function();
    rows.add(List.of(
        graph("Outcome emails per minute", 8, List.of(
            orderMetric(EMAILS_SENT, "Sum", minute), orderMetric(EMAIL_FAILURES, "Sum", minute),
            orderMetric(MALFORMED_NOTIFICATIONS, "Sum", minute)),
            List.of(mailer.metricErrors(stat("Sum", "mailer errors")))),
        GraphWidget.Builder.create().title("Mail queue: age of the oldest message (s)").width(8).height(6)
            .left(List.of(r.mail().queue().metricApproximateAgeOfOldestMessage(stat("Maximum", "oldest"))))
            .build(),
        graph("Mail queue and its dead-letter queue: depth", 8, List.of(
            r.mail().queue().metricApproximateNumberOfMessagesVisible(stat("Maximum", "visible")),
            r.mail().deadLetterQueue().metricApproximateNumberOfMessagesVisible(stat("Maximum", "dead letters"))),
            null)));

    return Dashboard.Builder.create(this, "Dashboard")
        .defaultInterval(Duration.hours(3))
        .widgets(rows)
        .build();
  }

  private static GraphWidget graph(String title, int width, List<? extends IMetric> left, List<? extends IMetric> right) {
    GraphWidget.Builder graph = GraphWidget.Builder.create().title(title).width(width).height(6).left(left)
        .leftYAxis(YAxisProps.builder().min(0).build());
    if (right != null) {
      graph.right(right).rightYAxis(YAxisProps.builder().min(0).build());
    }
    return graph.build();
  }

  private static List<IMetric> perFunction(List<SnapStartFunction> functions, String metric, String statistic) {
    return functions.stream()
        .map(f -> (IMetric) f.function().metric(metric, stat(statistic, f.getNode().getId())))
        .toList();
  }

  public AlarmTopic alarmTopic() {
    return alarmTopic;
  }

  /** Every alarm of the stack, by a short name ({@code QueueAge}, {@code ResolverErrors}, …). */
  public Map<String, Alarm> alarms() {
    return Map.copyOf(alarms);
  }

  public Dashboard dashboard() {
    return dashboard;
  }
}
