package dev.orderflow.lambda.wiring;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Stage;
import dev.orderflow.aws.AwsClients;
import dev.orderflow.aws.AwsModule;
import dev.orderflow.aws.AwsResource;
import dev.orderflow.aws.appsync.AppSyncModule;
import dev.orderflow.aws.dynamodb.DynamoDbModule;
import dev.orderflow.aws.ses.SesModule;
import dev.orderflow.aws.sfn.StepFunctionsModule;
import dev.orderflow.aws.sns.SnsModule;
import dev.orderflow.aws.sqs.SqsModule;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The production wiring of each function: the AWS adapters it uses and nothing else, so a function
 * builds only its own SDK clients (and those only on first use, or before a SnapStart checkpoint). Wiring only:
 * what a function does at start-up beyond building its object graph is {@link StartUp}'s.
 *
 * <table>
 *   <caption>What each function reads from its environment</caption>
 *   <tr><th>function</th><th>adapters</th><th>required variables</th></tr>
 *   <tr><td>GraphQL resolver</td><td>DynamoDB, SQS</td><td>AWS_REGION, ORDERS_TABLE, ORDER_QUEUE_URL</td></tr>
 *   <tr><td>queue consumer</td><td>Step Functions</td><td>AWS_REGION, ORDER_STATE_MACHINE_ARN</td></tr>
 *   <tr><td>InitializeOrder, DecidePayment</td><td>DynamoDB</td><td>AWS_REGION, ORDERS_TABLE</td></tr>
 *   <tr><td>CompleteOrder, FailOrder</td><td>DynamoDB, SNS</td><td>AWS_REGION, ORDERS_TABLE, ORDER_TOPIC_ARN</td></tr>
 *   <tr><td>order changes publisher (orders table stream)</td><td>AppSync (signed HTTPS)</td>
 *       <td>AWS_REGION, ORDER_UPDATES_URL</td></tr>
 *   <tr><td>outcome mailer (mail queue)</td><td>DynamoDB, SES</td>
 *       <td>AWS_REGION, ORDERS_TABLE, ORDER_EMAIL_FROM, ORDER_EMAIL_CONFIGURATION_SET ({@link HandlerSettings.Mail})</td></tr>
 * </table>
 * Every function but the order changes publisher also reads the optional {@code AWS_ENDPOINT_URL} and
 * {@link HandlerSettings}; the resolver also {@code DEMO_CUSTOMER}.
 */
public final class LambdaWiring {
  static {
    StartUp.beforeGuice();
  }

  private LambdaWiring() {}

  public static Injector graphQLResolver() {
    return graphQLResolver(System.getenv());
  }

  public static Injector graphQLResolver(Map<String, String> environment) {
    return build(environment, EnumSet.of(AwsResource.TABLE, AwsResource.QUEUE), new DynamoDbModule(), new SqsModule());
  }

  public static Injector orderQueueConsumer() {
    return orderQueueConsumer(System.getenv());
  }

  public static Injector orderQueueConsumer(Map<String, String> environment) {
    return build(environment, EnumSet.of(AwsResource.STATE_MACHINE), new StepFunctionsModule());
  }

  /** @param notifies whether the step publishes outcomes (CompleteOrder, FailOrder) */
  public static Injector workflowStep(boolean notifies) {
    return workflowStep(System.getenv(), notifies);
  }

  public static Injector workflowStep(Map<String, String> environment, boolean notifies) {
    return notifies
        ? build(environment, EnumSet.of(AwsResource.TABLE, AwsResource.TOPIC), new DynamoDbModule(), new SnsModule())
        : build(environment, EnumSet.of(AwsResource.TABLE), new DynamoDbModule());
  }

  public static Injector outcomeMailer() {
    return outcomeMailer(System.getenv());
  }

  /**
   * The outcome mailer: {@code EmailOutcome} on the DynamoDB repository and the SES mailer, sending from
   * {@link HandlerSettings.Mail}.
   *
   * @throws IllegalStateException naming every missing variable, or the one that holds no valid value
   */
  public static Injector outcomeMailer(Map<String, String> environment) {
    HandlerSettings.Mail mail = HandlerSettings.Mail.fromEnvironment(environment);
    // the SES adapter reads its sender from the settings: the From address, also when the identity is a domain
    // each mailer sends at its share of the account's SES rate, so that SES does not throttle it
    return build(mail.applyTo(environment), EnumSet.of(AwsResource.TABLE), new DynamoDbModule(),
        new SesModule(mail.sendsPerSecond()));
  }

  public static Injector orderChangesPublisher() {
    return orderChangesPublisher(System.getenv());
  }

  /**
   * The order changes publisher: {@code OrderChangePublisher} on the AppSync API at {@code ORDER_UPDATES_URL}
   * ({@code https}), signed for {@code AWS_REGION} with the default credentials chain. No SDK service client, so
   * no background work: the HTTP client is built on first use or by priming.
   *
   * @throws IllegalStateException naming every missing variable, or the URL that is not one
   */
  public static Injector orderChangesPublisher(Map<String, String> environment) {
    return Guice.createInjector(Stage.PRODUCTION, AppSyncModule.fromEnvironment(environment));
  }

  /** @throws IllegalStateException naming every missing or invalid environment variable */
  private static Injector build(Map<String, String> environment, Set<AwsResource> needed, Module... adapters) {
    AwsClients clients = AwsModule.clientsFromEnvironment(environment, needed);
    StartUp.inBackground(clients, needed);
    List<Module> modules = new ArrayList<>(List.of(adapters));
    modules.add(new AwsModule(clients));
    modules.add(new HandlerModule(HandlerSettings.fromEnvironment(environment)));
    return Guice.createInjector(Stage.PRODUCTION, modules);
  }
}
