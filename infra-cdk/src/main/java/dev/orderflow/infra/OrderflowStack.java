package dev.orderflow.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.constructs.Construct;

/**
 * The whole order pipeline: AppSync → resolver function → order queue (+ DLQ) → consumer function →
 * order workflow (four step functions) → orders table and outcome topic.
 *
 * <p>Every caller of a function uses its {@code live} alias (SnapStart). Each function gets only the
 * grants its handler needs: the resolver reads and writes orders and sends to the queue; the consumer
 * may only start the workflow (and consume its queue, through the event source); InitializeOrder
 * writes orders; DecidePayment reads them and only updates one (to start its payment); CompleteOrder and
 * FailOrder write orders and publish.
 */
public final class OrderflowStack extends Stack {
  /** The deploy parameter holding the address subscribed to order outcomes. */
  public static final String NOTIFICATION_EMAIL_PARAMETER = "NotificationEmail";
  /** Handlers of lambda-bootstrap's jar. */
  public static final String RESOLVER_HANDLER = "dev.orderflow.lambda.appsync.GraphQLResolverHandler::handleRequest";
  public static final String CONSUMER_HANDLER = "dev.orderflow.lambda.sqs.OrderQueueHandler::handleRequest";
  public static final String INITIALIZE_ORDER_HANDLER = "dev.orderflow.lambda.steps.InitializeOrderHandler::handleRequest";
  public static final String DECIDE_PAYMENT_HANDLER = "dev.orderflow.lambda.steps.DecidePaymentHandler::handleRequest";
  public static final String COMPLETE_ORDER_HANDLER = "dev.orderflow.lambda.steps.CompleteOrderHandler::handleRequest";
  public static final String FAIL_ORDER_HANDLER = "dev.orderflow.lambda.steps.FailOrderHandler::handleRequest";

  static final Duration RESOLVER_TIMEOUT = Duration.seconds(10);
  static final Duration CONSUMER_TIMEOUT = Duration.seconds(30);
  static final Duration STEP_TIMEOUT = Duration.seconds(20);

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
        .description("Email address subscribed to every order's outcome (confirm the subscription mail).")
        .allowedPattern("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$")
        .constraintDescription("must be an email address")
        .build();

    this.table = new OrdersTable(this, "Orders", OrdersTable.Props.builder()
        .removalPolicy(props.dataRemovalPolicy())
        .build());
    this.queue = new OrderQueue(this, "OrderQueue", OrderQueue.Props.builder()
        .consumerTimeout(CONSUMER_TIMEOUT)
        .build());
    this.notifications = new OrderNotifications(this, "Notifications", OrderNotifications.Props.builder()
        .email(email.getValueAsString())
        .build());
    String tableName = table.table().getTableName();
    String topicArn = notifications.topic().getTopicArn();

    this.initializeOrder = new SnapStartFunction(this, "InitializeOrder", SnapStartFunction.Props.builder()
        .code(code).handler(INITIALIZE_ORDER_HANDLER).timeout(STEP_TIMEOUT)
        .description("Workflow step InitializeOrder: records the order PENDING unless it exists or was deleted")
        .environment("ORDERS_TABLE", tableName)
        .build());
    SnapStartFunction.Props.Builder decide = SnapStartFunction.Props.builder()
        .code(code).handler(DECIDE_PAYMENT_HANDLER).timeout(STEP_TIMEOUT)
        .description("Workflow step DecidePayment: approves or declines (simulated gateway)")
        .environment("ORDERS_TABLE", tableName);
    if (props.paymentApprovalRate() != null) {
      decide.environment("PAYMENT_APPROVAL_RATE", props.paymentApprovalRate());
    }
    this.decidePayment = new SnapStartFunction(this, "DecidePayment", decide.build());
    this.completeOrder = new SnapStartFunction(this, "CompleteOrder", SnapStartFunction.Props.builder()
        .code(code).handler(COMPLETE_ORDER_HANDLER).timeout(STEP_TIMEOUT)
        .description("Workflow step CompleteOrder: PENDING to SUCCESS, notifies once")
        .environment("ORDERS_TABLE", tableName)
        .environment("ORDER_TOPIC_ARN", topicArn)
        .build());
    this.failOrder = new SnapStartFunction(this, "FailOrder", SnapStartFunction.Props.builder()
        .code(code).handler(FAIL_ORDER_HANDLER).timeout(STEP_TIMEOUT)
        .description("Workflow step FailOrder: PENDING to FAILED with a reason, notifies once")
        .environment("ORDERS_TABLE", tableName)
        .environment("ORDER_TOPIC_ARN", topicArn)
        .build());

    table.table().grantReadWriteData(initializeOrder.alias());
    table.table().grantReadData(decidePayment.alias());
    // starting the payment is one conditional UpdateItem: it never puts or deletes an order
    table.table().grant(decidePayment.alias(), "dynamodb:UpdateItem");
    for (SnapStartFunction finisher : new SnapStartFunction[] {completeOrder, failOrder}) {
      table.table().grantReadWriteData(finisher.alias());
      notifications.topic().grantPublish(finisher.alias());
    }

    this.workflow = new OrderWorkflow(this, "Workflow", OrderWorkflow.Props.builder()
        .initializeOrder(initializeOrder.alias())
        .decidePayment(decidePayment.alias())
        .completeOrder(completeOrder.alias())
        .failOrder(failOrder.alias())
        .build());

    this.consumer = new SnapStartFunction(this, "QueueConsumer", SnapStartFunction.Props.builder()
        .code(code).handler(CONSUMER_HANDLER).timeout(CONSUMER_TIMEOUT)
        .description("Starts one order workflow per queued order (partial batch failures)")
        .environment("ORDER_STATE_MACHINE_ARN", workflow.stateMachine().getStateMachineArn())
        .build());
    workflow.stateMachine().grantStartExecution(consumer.alias());
    consumer.alias().addEventSource(SqsEventSource.Builder.create(queue.queue())
        .batchSize(10)
        .reportBatchItemFailures(true)
        .maxConcurrency(props.consumerMaxConcurrency())
        .build());

    SnapStartFunction.Props.Builder resolverProps = SnapStartFunction.Props.builder()
        .code(code).handler(RESOLVER_HANDLER).timeout(RESOLVER_TIMEOUT)
        .description("AppSync direct Lambda resolver of every GraphQL field")
        .environment("ORDERS_TABLE", tableName)
        .environment("ORDER_QUEUE_URL", queue.queue().getQueueUrl());
    if (props.devStage()) {
      resolverProps.environment("DEMO_CUSTOMER", props.demoCustomer());
    }
    this.resolver = new SnapStartFunction(this, "Resolver", resolverProps.build());
    table.table().grantReadWriteData(resolver.alias());
    queue.queue().grantSendMessages(resolver.alias());

    this.api = new OrderApi(this, "Api", OrderApi.Props.builder()
        .resolver(resolver.alias())
        .schemaFile(props.schemaFile())
        .responseTemplateFile(props.responseTemplateFile())
        .apiKey(props.devStage())
        .userPoolRemovalPolicy(props.dataRemovalPolicy())
        .build());

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
        .description("Cognito app client to sign in with (USER_PASSWORD_AUTH or SRP)")
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

  /** Properties of {@link OrderflowStack}. */
  public static final class Props {
    private final StackProps stackProps;
    private final Path lambdaCode;
    private final Path schemaFile;
    private final Path responseTemplateFile;
    private final boolean devStage;
    private final String demoCustomer;
    private final RemovalPolicy dataRemovalPolicy;
    private final String paymentApprovalRate;
    private final int consumerMaxConcurrency;

    private Props(Builder b) {
      this.stackProps = b.stackProps;
      this.lambdaCode = Objects.requireNonNull(b.lambdaCode, "lambdaCode is required");
      this.schemaFile = Objects.requireNonNull(b.schemaFile, "schemaFile is required");
      this.responseTemplateFile = Objects.requireNonNull(b.responseTemplateFile, "responseTemplateFile is required");
      this.devStage = b.devStage;
      this.demoCustomer = b.demoCustomer;
      this.dataRemovalPolicy = b.dataRemovalPolicy;
      this.paymentApprovalRate = b.paymentApprovalRate;
      this.consumerMaxConcurrency = b.consumerMaxConcurrency;
    }

    public static Builder builder() {
      return new Builder();
    }

    public StackProps stackProps() {
      return stackProps;
    }

    public Path lambdaCode() {
      return lambdaCode;
    }

    public Path schemaFile() {
      return schemaFile;
    }

    public Path responseTemplateFile() {
      return responseTemplateFile;
    }

    public boolean devStage() {
      return devStage;
    }

    public String demoCustomer() {
      return demoCustomer;
    }

    public RemovalPolicy dataRemovalPolicy() {
      return dataRemovalPolicy;
    }

    public String paymentApprovalRate() {
      return paymentApprovalRate;
    }

    public int consumerMaxConcurrency() {
      return consumerMaxConcurrency;
    }

    /** Builder of {@link Props}. */
    public static final class Builder {
      private StackProps stackProps = StackProps.builder().build();
      private Path lambdaCode;
      private Path schemaFile;
      private Path responseTemplateFile;
      private boolean devStage;
      private String demoCustomer = "demo-customer";
      private RemovalPolicy dataRemovalPolicy = RemovalPolicy.RETAIN;
      private String paymentApprovalRate;
      private int consumerMaxConcurrency = 5;

      private Builder() {
      }

      /** @default no env (environment-agnostic), no description */
      public Builder stackProps(StackProps stackProps) {
        this.stackProps = Objects.requireNonNull(stackProps, "stackProps");
        return this;
      }

      /** lambda-bootstrap's shaded jar (or, in tests, any file or directory) — required. */
      public Builder lambdaCode(Path lambdaCode) {
        this.lambdaCode = lambdaCode;
        return this;
      }

      /** lambda-bootstrap's {@code graphql/schema.graphql} (required). */
      public Builder schemaFile(Path schemaFile) {
        this.schemaFile = schemaFile;
        return this;
      }

      /** lambda-bootstrap's {@code graphql/response.vtl} (required). */
      public Builder responseTemplateFile(Path responseTemplateFile) {
        this.responseTemplateFile = responseTemplateFile;
        return this;
      }

      /**
       * A dev stage adds an API key to the API; its callers act as {@link #demoCustomer}.
       *
       * @default false
       */
      public Builder devStage(boolean devStage) {
        this.devStage = devStage;
        return this;
      }

      /** The customer API-key callers act as, on a dev stage. @default {@code demo-customer} */
      public Builder demoCustomer(String demoCustomer) {
        this.demoCustomer = Objects.requireNonNull(demoCustomer, "demoCustomer");
        return this;
      }

      /**
       * Removal policy of what holds customer data: the orders table and the user pool.
       *
       * @default {@link RemovalPolicy#RETAIN}
       */
      public Builder dataRemovalPolicy(RemovalPolicy dataRemovalPolicy) {
        this.dataRemovalPolicy = Objects.requireNonNull(dataRemovalPolicy, "dataRemovalPolicy");
        return this;
      }

      /** Share of payments the simulated gateway approves, "0.0"–"1.0". @default the handler's default */
      public Builder paymentApprovalRate(String paymentApprovalRate) {
        if (paymentApprovalRate != null) {
          double rate = Double.parseDouble(paymentApprovalRate);
          if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException("paymentApprovalRate must be 0.0–1.0, was " + paymentApprovalRate);
          }
        }
        this.paymentApprovalRate = paymentApprovalRate;
        return this;
      }

      /** Most consumer instances the queue's event source runs at once (2–1000). @default 5 */
      public Builder consumerMaxConcurrency(int consumerMaxConcurrency) {
        if (consumerMaxConcurrency < 2 || consumerMaxConcurrency > 1000) {
          throw new IllegalArgumentException("consumerMaxConcurrency must be 2–1000, was " + consumerMaxConcurrency);
        }
        this.consumerMaxConcurrency = consumerMaxConcurrency;
        return this;
      }

      public Props build() {
        return new Props(this);
      }
    }
  }
}
