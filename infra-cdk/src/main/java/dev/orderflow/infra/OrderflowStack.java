package dev.orderflow.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.EventSourceMappingOptions;
import software.constructs.Construct;

/**
 * The whole order pipeline: AppSync → resolver function → order queue (+ DLQ) → consumer function →
 * order workflow (four step functions) → orders table and outcome topic; and the live updates: the orders
 * table's stream → publisher function → AppSync's {@code publishOrderUpdate} → {@code onOrderUpdated}
 * subscribers (failures to a queue with an alarm, {@link OrderUpdates}); the outcome emails: the outcome topic →
 * mail queue (+ DLQ) → mailer function → SES ({@link OutcomeMail}); and what operates it ({@link Operations}:
 * every alarm mails the operator through {@link AlarmTopic}, one dashboard; every function, the state machine and
 * the API traced with X-Ray).
 *
 * <p>Every caller of a function uses its {@code live} alias (SnapStart). Each function's role may write
 * its own log group and call exactly the actions {@link #ACCESS} lists for its handler — the calls its code
 * makes, read from adapters-aws and the use cases the handler runs (ADR 0014). A new call fails with
 * AccessDenied until it is added there on purpose; LeastPrivilegeTest compares every role of the
 * synthesized template with these lists.
 */
public final class OrderflowStack extends Stack {
  /** The deploy parameter holding the operator's address: subscribed to the stack's alarms ({@link AlarmTopic}). */
  public static final String NOTIFICATION_EMAIL_PARAMETER = "NotificationEmail";
  /**
   * The deploy parameter naming the SES identity the outcome emails are sent from: an email address (sent from it)
   * or a domain (sent from {@code no-reply@} it). SES must verify it before it sends (a confirmation mail to the
   * address, or the identity's DKIM records in the domain's DNS).
   */
  public static final String SENDER_IDENTITY_PARAMETER = "SenderIdentity";
  /** The account's SES maximum send rate, which the mailers share. */
  public static final String EMAIL_SEND_RATE_PARAMETER = "EmailSendRate";
  /** An email address or a domain (at least two labels of letters, digits and hyphens). */
  static final String SENDER_IDENTITY_PATTERN =
      "^([^@\\s]+@)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$";
  /** Handlers of lambda-bootstrap's jar. */
  public static final String RESOLVER_HANDLER = "dev.orderflow.lambda.appsync.GraphQLResolverHandler::handleRequest";
  public static final String CONSUMER_HANDLER = "dev.orderflow.lambda.sqs.OrderQueueHandler::handleRequest";
  public static final String INITIALIZE_ORDER_HANDLER = "dev.orderflow.lambda.steps.InitializeOrderHandler::handleRequest";
  public static final String DECIDE_PAYMENT_HANDLER = "dev.orderflow.lambda.steps.DecidePaymentHandler::handleRequest";
  public static final String COMPLETE_ORDER_HANDLER = "dev.orderflow.lambda.steps.CompleteOrderHandler::handleRequest";
  public static final String FAIL_ORDER_HANDLER = "dev.orderflow.lambda.steps.FailOrderHandler::handleRequest";
  public static final String PUBLISHER_HANDLER = "dev.orderflow.lambda.changes.OrderChangesHandler::handleRequest";
  public static final String MAILER_HANDLER = "dev.orderflow.lambda.mail.OutcomeEmailHandler::handleRequest";

  static final Duration RESOLVER_TIMEOUT = Duration.seconds(10);
  static final Duration CONSUMER_TIMEOUT = Duration.seconds(PipelineCapacity.CONSUMER_TIMEOUT_SECONDS);
  static final Duration STEP_TIMEOUT = Duration.seconds(20);
  /** A batch of {@value OrderUpdates#BATCH_SIZE} records, published one by one (each a signed AppSync call). */
  static final Duration PUBLISHER_TIMEOUT = Duration.seconds(30);
  /** A batch of {@value OutcomeMail#BATCH_SIZE} outcome emails, sent one by one. */
  static final Duration MAILER_TIMEOUT = Duration.seconds(OutcomeMail.MAILER_TIMEOUT_SECONDS);

  /**
   * The AWS actions one function's code calls, by resource (besides writing its own log group, see
   * {@link SnapStartFunction#LOG_ACTIONS}, and sending its traces, {@link SnapStartFunction#TRACING_ACTIONS}). Batch calls need no action of their own: SendMessageBatch is
   * authorized as {@code sqs:SendMessage}, DeleteMessageBatch as {@code sqs:DeleteMessage}. The queue and
   * the topic use AWS-managed KMS keys, whose key policies let the account use them through SQS and SNS:
   * no {@code kms:} action is granted.
   *
   * @param table        on the orders table
   * @param pendingIndex on its sparse index of PENDING orders
   * @param queue        on the order queue
   * @param topic        on the outcome topic
   * @param stateMachine on the order workflow
   * @param tableStream  on the orders table's stream; {@code dynamodb:ListStreams} supports no resource-level
   *                     permission (AWS documents Resource "*" for it), so it alone is granted on "*"
   * @param failureQueue on the live updates' failure queue ({@link OrderUpdates}, AWS-managed KMS key too)
   * @param api          on the one GraphQL field {@link OrderApi#PUBLISH_FIELD}, by its field ARN
   * @param mailQueue    on the outcome mail queue ({@link OutcomeMail})
   * @param mailKey      on the mail queue's customer-managed KMS key: an event source mapping reading a queue
   *                     encrypted with such a key needs {@code kms:Decrypt} on it
   * @param mail         on the SES sender identity and configuration set, by their ARNs (SES v2 authorizes a send on
   *                     both)
   */
  public record Access(Set<String> table, Set<String> pendingIndex, Set<String> queue, Set<String> topic,
      Set<String> stateMachine, Set<String> tableStream, Set<String> failureQueue, Set<String> api,
      Set<String> mailQueue, Set<String> mailKey, Set<String> mail) {
    public Access {
      table = Set.copyOf(table);
      pendingIndex = Set.copyOf(pendingIndex);
      queue = Set.copyOf(queue);
      topic = Set.copyOf(topic);
      stateMachine = Set.copyOf(stateMachine);
      tableStream = Set.copyOf(tableStream);
      failureQueue = Set.copyOf(failureQueue);
      api = Set.copyOf(api);
      mailQueue = Set.copyOf(mailQueue);
      mailKey = Set.copyOf(mailKey);
      mail = Set.copyOf(mail);
    }

    /** The access of a function that does nothing with the outcome emails. */
    public Access(Set<String> table, Set<String> pendingIndex, Set<String> queue, Set<String> topic,
        Set<String> stateMachine, Set<String> tableStream, Set<String> failureQueue, Set<String> api) {
      this(table, pendingIndex, queue, topic, stateMachine, tableStream, failureQueue, api, Set.of(), Set.of(),
          Set.of());
    }

    /** The access of a pipeline function: nothing on the stream, the failure queue or the API. */
    public Access(Set<String> table, Set<String> pendingIndex, Set<String> queue, Set<String> topic,
        Set<String> stateMachine) {
      this(table, pendingIndex, queue, topic, stateMachine, Set.of(), Set.of(), Set.of());
    }

    /** Every action of the function's role: these plus writing its own logs and sending its traces. */
    public Set<String> allActions() {
      Set<String> all = new LinkedHashSet<>(SnapStartFunction.LOG_ACTIONS);
      all.addAll(SnapStartFunction.TRACING_ACTIONS);
      all.addAll(table);
      all.addAll(pendingIndex);
      all.addAll(queue);
      all.addAll(topic);
      all.addAll(stateMachine);
      all.addAll(tableStream);
      all.addAll(failureQueue);
      all.addAll(api);
      all.addAll(mailQueue);
      all.addAll(mailKey);
      all.addAll(mail);
      return Set.copyOf(all);
    }
  }

  private static final String GET_ITEM = "dynamodb:GetItem";
  private static final String PUT_ITEM = "dynamodb:PutItem";
  private static final String UPDATE_ITEM = "dynamodb:UpdateItem";
  private static final String QUERY = "dynamodb:Query";
  private static final String LIST_STREAMS = "dynamodb:ListStreams";

  /**
   * The allow-list, by handler. DynamoDbOrderRepository: {@code find}/{@code isDeleted} = GetItem,
   * {@code createIfAbsent} and {@code delete} (a tombstone) = PutItem, {@code startPayment},
   * {@code transition}, {@code updateDetails}, {@code markNotified} = UpdateItem, {@code list} = Query.
   * <ul>
   *   <li>resolver: PlaceOrder (find, isDeleted, countPending = Query on the pending index; sends to the queue), GetOrder (find), ListOrders (list),
   *       UpdateOrder (find, updateDetails), DeleteOrder (delete);</li>
   *   <li>consumer: StartOrderProcessing (StartExecution); its event source mapping polls the queue with
   *       the function's role (ReceiveMessage, DeleteMessage, GetQueueAttributes);</li>
   *   <li>InitializeOrder: find, createIfAbsent;</li>
   *   <li>DecidePayment: find, startPayment;</li>
   *   <li>CompleteOrder: FinalStatus (find, transition, markNotified; publishes);</li>
   *   <li>FailOrder: FinalStatus and, for an order never initialized, createIfAbsent.</li>
   *   <li>publisher: no table action; its event source mapping reads the table's stream with the function's
   *       role (DescribeStream, GetShardIterator, GetRecords on the stream; ListStreams, which Lambda's
   *       documentation lists for stream sources, on "*") and sends what it gives up on to the failure queue
   *       (SendMessage); its code calls {@code publishOrderUpdate} signed with SigV4 ({@code appsync:GraphQL}
   *       on that field's ARN only).</li>
   *   <li>mailer: EmailOutcome (find = GetItem; claimEmail, markEmailed = UpdateItem); its event source mapping
   *       polls the mail queue with the function's role (ReceiveMessage, DeleteMessage, GetQueueAttributes; Decrypt
   *       on the queue's key); SES v2 {@code SendEmail} on the sender identity and the configuration set. A Simple
   *       message needs no {@code ses:SendRawEmail}.</li>
   * </ul>
   * No Scan, no DeleteItem (deleting writes a tombstone), no batch or transaction actions, no
   * DescribeTable or ConditionCheckItem: nothing calls them.
   */
  public static final Map<String, Access> ACCESS = Map.of(
      RESOLVER_HANDLER, new Access(Set.of(GET_ITEM, QUERY, UPDATE_ITEM, PUT_ITEM), Set.of(QUERY),
          Set.of("sqs:SendMessage"), Set.of(), Set.of()),
      CONSUMER_HANDLER, new Access(Set.of(), Set.of(),
          Set.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"), Set.of(),
          Set.of("states:StartExecution")),
      INITIALIZE_ORDER_HANDLER, new Access(Set.of(GET_ITEM, PUT_ITEM), Set.of(), Set.of(), Set.of(), Set.of()),
      DECIDE_PAYMENT_HANDLER, new Access(Set.of(GET_ITEM, UPDATE_ITEM), Set.of(), Set.of(), Set.of(), Set.of()),
      COMPLETE_ORDER_HANDLER, new Access(Set.of(GET_ITEM, UPDATE_ITEM), Set.of(), Set.of(), Set.of("sns:Publish"),
          Set.of()),
      FAIL_ORDER_HANDLER, new Access(Set.of(GET_ITEM, UPDATE_ITEM, PUT_ITEM), Set.of(), Set.of(),
          Set.of("sns:Publish"), Set.of()),
      PUBLISHER_HANDLER, new Access(Set.of(), Set.of(), Set.of(), Set.of(), Set.of(),
          Set.of("dynamodb:DescribeStream", "dynamodb:GetShardIterator", "dynamodb:GetRecords", LIST_STREAMS),
          Set.of("sqs:SendMessage"), Set.of("appsync:GraphQL")),
      MAILER_HANDLER, new Access(Set.of(GET_ITEM, UPDATE_ITEM), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(),
          Set.of(), Set.of(), Set.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"),
          Set.of("kms:Decrypt"), Set.of("ses:SendEmail")));

  private final OrdersTable table;
  private final OrderQueue queue;
  private final OrderNotifications notifications;
  private final OrderWorkflow workflow;
  private final OrderApi api;
  private final SnapStartFunction resolver;
  private final SnapStartFunction consumer;
  private final SnapStartFunction initializeOrder;
  private final SnapStartFunction decidePayment;
  private final SnapStartFunction completeOrder;
  private final SnapStartFunction failOrder;
  private final OrderUpdates orderUpdates;
  private final SnapStartFunction publisher;
  private final OutcomeMail mail;
  private final SnapStartFunction mailer;
  private final Operations operations;

  public OrderflowStack(Construct scope, String id, Props props) {
    super(scope, id, props.stackProps());
    if (!Files.exists(props.lambdaCode())) {
      throw new IllegalArgumentException("Lambda code not found at " + props.lambdaCode()
          + ": build it first with `mvn -q install -pl lambda-bootstrap -am -DskipTests` from the repository root"
          + " (install: the app itself needs orderflow-core)");
    }
    Code code = Code.fromAsset(props.lambdaCode().toString());

    CfnParameter email = CfnParameter.Builder.create(this, NOTIFICATION_EMAIL_PARAMETER)
        .type("String")
        .description("The operator's email address: subscribed to the stack's alarms (confirm the subscription "
            + "mail).")
        .allowedPattern("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$")
        .constraintDescription("must be an email address")
        .build();

    this.table = new OrdersTable(this, "Orders", props.dataRemovalPolicy());
    this.queue = new OrderQueue(this, "OrderQueue", OrderQueue.Props.of(CONSUMER_TIMEOUT));
    CfnParameter sender = CfnParameter.Builder.create(this, SENDER_IDENTITY_PARAMETER)
        .type("String")
        .description("Where the customers' outcome emails come from: an email address, or a domain (sent from "
            + "no-reply@ the domain). SES verifies it before sending: confirm the mail SES sends to the address, or "
            + "publish the identity's DKIM records in the domain's DNS.")
        .allowedPattern(SENDER_IDENTITY_PATTERN)
        .constraintDescription("must be an email address or a domain")
        .build();
    CfnParameter sendRate = CfnParameter.Builder.create(this, EMAIL_SEND_RATE_PARAMETER)
        .type("Number")
        .defaultValue(1)
        .minValue(1)
        .description("The account's SES maximum send rate (emails per second; 1 in the SES sandbox, shown by "
            + "`aws sesv2 get-account`): the mailers share it, so SES never throttles them")
        .build();
    this.notifications = new OrderNotifications(this, "Notifications");
    String tableName = table.table().getTableName();
    String topicArn = notifications.topic().getTopicArn();

    this.initializeOrder = new SnapStartFunction(this, "InitializeOrder", SnapStartFunction.Props.of(code,
            INITIALIZE_ORDER_HANDLER, STEP_TIMEOUT,
            "Workflow step InitializeOrder: records the order PENDING unless it exists or was deleted")
        .withEnvironment("ORDERS_TABLE", tableName));
    SnapStartFunction.Props decide = SnapStartFunction.Props.of(code, DECIDE_PAYMENT_HANDLER, STEP_TIMEOUT,
            "Workflow step DecidePayment: approves or declines (simulated gateway)")
        .withEnvironment("ORDERS_TABLE", tableName);
    if (props.paymentApprovalRate() != null) {
      decide = decide.withEnvironment("PAYMENT_APPROVAL_RATE", props.paymentApprovalRate());
    }
    this.decidePayment = new SnapStartFunction(this, "DecidePayment", decide);
    this.completeOrder = new SnapStartFunction(this, "CompleteOrder", SnapStartFunction.Props.of(code,
            COMPLETE_ORDER_HANDLER, STEP_TIMEOUT, "Workflow step CompleteOrder: PENDING to SUCCESS, notifies once")
        .withEnvironment("ORDERS_TABLE", tableName)
        .withEnvironment("ORDER_TOPIC_ARN", topicArn));
    this.failOrder = new SnapStartFunction(this, "FailOrder", SnapStartFunction.Props.of(code,
            FAIL_ORDER_HANDLER, STEP_TIMEOUT, "Workflow step FailOrder: PENDING to FAILED with a reason, notifies once")
        .withEnvironment("ORDERS_TABLE", tableName)
        .withEnvironment("ORDER_TOPIC_ARN", topicArn));

    for (SnapStartFunction step : new SnapStartFunction[] {initializeOrder, decidePayment, completeOrder, failOrder}) {
      grantAccess(step);
    }

    this.workflow = new OrderWorkflow(this, "Workflow", OrderWorkflow.Props.of(
        initializeOrder.alias(), decidePayment.alias(), completeOrder.alias(), failOrder.alias()));

    this.consumer = new SnapStartFunction(this, "QueueConsumer", SnapStartFunction.Props.of(code,
            CONSUMER_HANDLER, CONSUMER_TIMEOUT, "Starts one order workflow per queued order (partial batch failures)")
        .withEnvironment("ORDER_STATE_MACHINE_ARN", workflow.stateMachine().getStateMachineArn()));
    grantAccess(consumer);
    // a mapping without SqsEventSource: that one grants all of grantConsumeMessages (GetQueueUrl,
    // ChangeMessageVisibility too), and the poller needs only what ACCESS lists for the consumer
    consumer.alias().addEventSourceMapping("OrderQueueSource", EventSourceMappingOptions.builder()
        .eventSourceArn(queue.queue().getQueueArn())
        .batchSize(PipelineCapacity.CONSUMER_BATCH_SIZE)
        .maxBatchingWindow(Duration.seconds(PipelineCapacity.CONSUMER_MAX_BATCHING_WINDOW_SECONDS))
        .reportBatchItemFailures(true)
        .maxConcurrency(props.consumerMaxConcurrency())
        .build());

    SnapStartFunction.Props resolverProps = SnapStartFunction.Props.of(code, RESOLVER_HANDLER, RESOLVER_TIMEOUT,
            "AppSync direct Lambda resolver of every GraphQL field")
        .withEnvironment("ORDERS_TABLE", tableName)
        .withEnvironment("ORDER_QUEUE_URL", queue.queue().getQueueUrl());
    if (props.devStage()) {
      resolverProps = resolverProps.withEnvironment("DEMO_CUSTOMER", props.demoCustomer());
    }
    this.resolver = new SnapStartFunction(this, "Resolver", resolverProps);
    grantAccess(resolver);

    this.api = new OrderApi(this, "Api", OrderApi.Props.of(resolver.alias(), props.schemaFile(),
            props.responseTemplateFile())
        .withApiKey(props.devStage(), props.devStage() ? props.demoCustomer() : null)
        .withIntrospection(props.devStage())
        .withMfa(props.mfa())
        .withUserPoolRemovalPolicy(props.dataRemovalPolicy()));

    // live updates: every write to the table reaches its owner's onOrderUpdated subscriptions
    this.orderUpdates = new OrderUpdates(this, "OrderUpdates");
    this.publisher = new SnapStartFunction(this, "Publisher", SnapStartFunction.Props.of(code, PUBLISHER_HANDLER,
            PUBLISHER_TIMEOUT, "Publishes every change of the orders table to its owner's subscriptions (AppSync, IAM)")
        .withEnvironment("ORDER_UPDATES_URL", api.api().getGraphqlUrl()));
    grantAccess(publisher);
    publisher.alias().addEventSourceMapping("OrderChangesSource", orderUpdates.eventSource(table.streamArn()));
    NagSuppressions.addResourceSuppressions(publisher.role(), List.of(NagPackSuppression.builder()
        .id("AwsSolutions-IAM5")
        .reason("dynamodb:ListStreams supports no resource-level permission (AWS documents Resource \"*\" for "
            + "it; Lambda's documentation lists it for DynamoDB stream sources); it returns stream ARNs, no data. "
            + "The stream's records are readable on this table's stream ARN only.")
        .appliesTo(List.of("Resource::*"))
        .build()), true);

    // the outcome emails: the outcome topic feeds the mail queue, which the mailer reads and sends through SES
    this.mail = new OutcomeMail(this, "OutcomeMail", new OutcomeMail.Props(notifications.topic(),
        sender.getValueAsString()));
    this.mailer = new SnapStartFunction(this, "Mailer", SnapStartFunction.Props.of(code, MAILER_HANDLER,
            MAILER_TIMEOUT, "Emails each order's outcome to its customer once, through SES (partial batch failures)")
        .withEnvironment("ORDERS_TABLE", tableName)
        .withEnvironment("ORDER_EMAIL_FROM", sender.getValueAsString())
        .withEnvironment("ORDER_EMAIL_CONFIGURATION_SET", mail.configurationSet().getConfigurationSetName())
        .withEnvironment("ORDER_EMAIL_ACCOUNT_SENDS_PER_SECOND", sendRate.getValueAsString())
        .withEnvironment("ORDER_EMAIL_MAILERS", Integer.toString(OutcomeMail.MAX_CONCURRENCY)));
    grantAccess(mailer);
    // like the consumer's: no SqsEventSource, whose grants exceed what the poller needs
    mailer.alias().addEventSourceMapping("MailQueueSource", mail.eventSource());

    // what an operator watches and is called by: every alarm of the stack mails the alarm topic
    this.operations = new Operations(this, "Operations", new Operations.Resources(queue, workflow, api, orderUpdates,
        List.of(resolver, consumer, initializeOrder, decidePayment, completeOrder, failOrder, publisher, mailer),
        publisher, mail, mailer, email.getValueAsString()));

    CfnOutput.Builder.create(this, "GraphQLUrl")
        .description("AppSync GraphQL endpoint")
        .value(api.api().getGraphqlUrl())
        .build();
    CfnOutput.Builder.create(this, "ApiId")
        .description("AppSync API id (aws appsync list-api-keys --api-id …, on a dev stage)")
        .value(api.api().getApiId())
        .build();
    CfnOutput.Builder.create(this, "UserPoolId")
        .description("Cognito user pool of the API's users")
        .value(api.userPool().getUserPoolId())
        .build();
    CfnOutput.Builder.create(this, "UserPoolClientId")
        .description("Cognito app client to sign in with (SRP; refresh tokens)")
        .value(api.userPoolClient().getUserPoolClientId())
        .build();
    CfnOutput.Builder.create(this, "StateMachineArn")
        .description("The order workflow")
        .value(workflow.stateMachine().getStateMachineArn())
        .build();
    CfnOutput.Builder.create(this, "DeadLetterQueueUrl")
        .description("Orders that never reached the workflow; redrive after fixing the cause")
        .value(queue.deadLetterQueue().getQueueUrl())
        .build();
    CfnOutput.Builder.create(this, "FailedUpdatesQueueUrl")
        .description("Live order updates skipped after their retries (shard and sequence numbers)")
        .value(orderUpdates.failureQueue().getQueueUrl())
        .build();
    CfnOutput.Builder.create(this, "MailDeadLetterQueueUrl")
        .description("Outcome emails that could not be sent after their retries; redrive after fixing the cause")
        .value(mail.deadLetterQueue().getQueueUrl())
        .build();
    CfnOutput.Builder.create(this, "SenderIdentityArn")
        .description("The SES identity the outcome emails are sent from (verify it before the first order)")
        .value(mail.identityArn())
        .build();
    CfnOutput.Builder.create(this, "AlarmTopicArn")
        .description("Every alarm's notifications (the operator's email is subscribed; confirm it)")
        .value(operations.alarmTopic().topic().getTopicArn())
        .build();
    CfnOutput.Builder.create(this, "DashboardUrl")
        .description("The operations dashboard (CloudWatch)")
        .value("https://console.aws.amazon.com/cloudwatch/home?region=" + getRegion() + "#dashboards/dashboard/"
            + operations.dashboard().getDashboardName())
        .build();
  }

  /** Grants the function's alias exactly what {@link #ACCESS} lists for its handler, each on its one resource. */
  private void grantAccess(SnapStartFunction function) {
    Access access = Objects.requireNonNull(ACCESS.get(function.handler()), () -> "no ACCESS for " + function.handler());
    if (!access.table().isEmpty()) {
      // on the table itself: Table.grant would add its indexes too, which only the resolver's count reads
      Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
          .grantee(function.alias())
          .actions(List.of(sorted(access.table())))
          .resourceArns(List.of(table.table().getTableArn()))
          .build());
    }
    if (!access.pendingIndex().isEmpty()) {
      Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
          .grantee(function.alias())
          .actions(List.of(sorted(access.pendingIndex())))
          .resourceArns(List.of(table.table().getTableArn() + "/index/" + OrdersTable.PENDING_INDEX))
          .build());
    }
    if (!access.queue().isEmpty()) {
      queue.queue().grant(function.alias(), sorted(access.queue()));
    }
    if (!access.topic().isEmpty()) {
      // ITopic has no generic grant(); grantPublish would also try the key (a no-op for the AWS-managed one)
      Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
          .grantee(function.alias())
          .actions(List.of(sorted(access.topic())))
          .resourceArns(List.of(notifications.topic().getTopicArn()))
          .build());
    }
    if (!access.stateMachine().isEmpty()) {
      workflow.stateMachine().grant(function.alias(), sorted(access.stateMachine()));
    }
    Set<String> onStream = new LinkedHashSet<>(access.tableStream());
    if (onStream.remove(LIST_STREAMS)) {
      // the one action granted on "*": ListStreams names no resource (see Access)
      Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
          .grantee(function.alias())
          .actions(List.of(LIST_STREAMS))
          .resourceArns(List.of("*"))
          .build());
    }
    if (!onStream.isEmpty()) {
      Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
          .grantee(function.alias())
          .actions(List.of(sorted(onStream)))
          .resourceArns(List.of(table.streamArn()))
          .build());
    }
    if (!access.failureQueue().isEmpty()) {
      orderUpdates.failureQueue().grant(function.alias(), sorted(access.failureQueue()));
    }
    if (!access.mailQueue().isEmpty()) {
      mail.queue().grant(function.alias(), sorted(access.mailQueue()));
    }
    if (!access.mailKey().isEmpty()) {
      Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
          .grantee(function.alias())
          .actions(List.of(sorted(access.mailKey())))
          .resourceArns(List.of(mail.key().getKeyArn()))
          .build());
    }
    if (!access.mail().isEmpty()) {
      // on exactly the identity and the configuration set: never "*"
      Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
          .grantee(function.alias())
          .actions(List.of(sorted(access.mail())))
          .resourceArns(List.of(mail.identityArn(), mail.configurationSetArn()))
          .build());
    }
    if (!access.api().isEmpty()) {
      Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
          .grantee(function.alias())
          .actions(List.of(sorted(access.api())))
          .resourceArns(List.of(api.fieldArn(OrderApi.PUBLISH_FIELD)))
          .build());
    }
  }

  private static String[] sorted(Set<String> actions) {
    return actions.stream().sorted().toArray(String[]::new);
  }

  public OrdersTable table() {
    return table;
  }

  public OrderQueue queue() {
    return queue;
  }

  public OrderNotifications notifications() {
    return notifications;
  }

  public OrderWorkflow workflow() {
    return workflow;
  }

  public OrderApi api() {
    return api;
  }

  public SnapStartFunction resolver() {
    return resolver;
  }

  public SnapStartFunction consumer() {
    return consumer;
  }

  public SnapStartFunction initializeOrder() {
    return initializeOrder;
  }

  public SnapStartFunction decidePayment() {
    return decidePayment;
  }

  public SnapStartFunction completeOrder() {
    return completeOrder;
  }

  public SnapStartFunction failOrder() {
    return failOrder;
  }

  public OrderUpdates orderUpdates() {
    return orderUpdates;
  }

  public SnapStartFunction publisher() {
    return publisher;
  }

  public OutcomeMail mail() {
    return mail;
  }

  public SnapStartFunction mailer() {
    return mailer;
  }

  public Operations operations() {
    return operations;
  }

  /**
   * Properties of {@link OrderflowStack}: {@link #defaults} gives a production stage, the withers change one
   * setting each.
   *
   * @param stackProps             default: no env (environment-agnostic), no description
   * @param lambdaCode             lambda-bootstrap's shaded jar (or, in tests, any file or directory)
   * @param schemaFile             lambda-bootstrap's {@code graphql/schema.graphql}
   * @param responseTemplateFile   lambda-bootstrap's {@code graphql/response.vtl}
   * @param devStage               a dev stage adds an API key to the API, its callers acting as {@code demoCustomer},
   *                               and answers introspection queries; default false
   * @param demoCustomer           the customer API-key callers act as, on a dev stage; default {@code demo-customer}
   * @param dataRemovalPolicy      removal policy of what holds customer data: the orders table and the user pool;
   *                               default {@link RemovalPolicy#RETAIN}
   * @param paymentApprovalRate    share of payments the simulated gateway approves, "0.0"–"1.0"; default (null) the
   *                               handler's default
   * @param consumerMaxConcurrency most consumer instances the queue's event source runs at once (2–1000); default
   *                               {@link PipelineCapacity#CONSUMER_MAX_CONCURRENCY}
   * @param mfa                    MFA of the user pool (TOTP): OFF, OPTIONAL or REQUIRED; default {@link Mfa#OFF}
   */
  public record Props(StackProps stackProps, Path lambdaCode, Path schemaFile, Path responseTemplateFile,
      boolean devStage, String demoCustomer, RemovalPolicy dataRemovalPolicy, String paymentApprovalRate,
      int consumerMaxConcurrency, Mfa mfa) {
    public Props {
      Objects.requireNonNull(stackProps, "stackProps");
      Objects.requireNonNull(lambdaCode, "lambdaCode is required");
      Objects.requireNonNull(schemaFile, "schemaFile is required");
      Objects.requireNonNull(responseTemplateFile, "responseTemplateFile is required");
      Objects.requireNonNull(demoCustomer, "demoCustomer");
      Objects.requireNonNull(dataRemovalPolicy, "dataRemovalPolicy");
      if (paymentApprovalRate != null) {
        double rate = Double.parseDouble(paymentApprovalRate);
        if (!(rate >= 0.0 && rate <= 1.0)) {
          throw new IllegalArgumentException("paymentApprovalRate must be 0.0–1.0, was " + paymentApprovalRate);
        }
      }
      if (consumerMaxConcurrency < 2 || consumerMaxConcurrency > 1000) {
        throw new IllegalArgumentException("consumerMaxConcurrency must be 2–1000, was " + consumerMaxConcurrency);
      }
      Objects.requireNonNull(mfa, "mfa");
    }

    /** A production stage of the given code, schema and response template, every other setting its default. */
    public static Props defaults(Path lambdaCode, Path schemaFile, Path responseTemplateFile) {
      return new Props(StackProps.builder().build(), lambdaCode, schemaFile, responseTemplateFile, false,
          "demo-customer", RemovalPolicy.RETAIN, null, PipelineCapacity.CONSUMER_MAX_CONCURRENCY, Mfa.OFF);
    }

    public Props withStackProps(StackProps stackProps) {
      return new Props(stackProps, lambdaCode, schemaFile, responseTemplateFile, devStage, demoCustomer,
          dataRemovalPolicy, paymentApprovalRate, consumerMaxConcurrency, mfa);
    }

    public Props withDevStage(boolean devStage) {
      return new Props(stackProps, lambdaCode, schemaFile, responseTemplateFile, devStage, demoCustomer,
          dataRemovalPolicy, paymentApprovalRate, consumerMaxConcurrency, mfa);
    }

    public Props withDemoCustomer(String demoCustomer) {
      return new Props(stackProps, lambdaCode, schemaFile, responseTemplateFile, devStage, demoCustomer,
          dataRemovalPolicy, paymentApprovalRate, consumerMaxConcurrency, mfa);
    }

    public Props withDataRemovalPolicy(RemovalPolicy dataRemovalPolicy) {
      return new Props(stackProps, lambdaCode, schemaFile, responseTemplateFile, devStage, demoCustomer,
          dataRemovalPolicy, paymentApprovalRate, consumerMaxConcurrency, mfa);
    }

    public Props withPaymentApprovalRate(String paymentApprovalRate) {
      return new Props(stackProps, lambdaCode, schemaFile, responseTemplateFile, devStage, demoCustomer,
          dataRemovalPolicy, paymentApprovalRate, consumerMaxConcurrency, mfa);
    }

    public Props withConsumerMaxConcurrency(int consumerMaxConcurrency) {
      return new Props(stackProps, lambdaCode, schemaFile, responseTemplateFile, devStage, demoCustomer,
          dataRemovalPolicy, paymentApprovalRate, consumerMaxConcurrency, mfa);
    }

    public Props withMfa(Mfa mfa) {
      return new Props(stackProps, lambdaCode, schemaFile, responseTemplateFile, devStage, demoCustomer,
          dataRemovalPolicy, paymentApprovalRate, consumerMaxConcurrency, mfa);
    }
  }
}
