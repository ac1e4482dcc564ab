package dev.orderflow.examples.guice;

import com.google.inject.AbstractModule;
import dev.orderflow.aws.AwsModule;
import dev.orderflow.aws.AwsResource;
import dev.orderflow.aws.dynamodb.DynamoDbModule;
import dev.orderflow.aws.sqs.SqsModule;
import dev.orderflow.core.port.OrderIdGenerator;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Map;

/**
 * Production wiring: the ports {@link OrderDesk} uses — the repository on DynamoDB, the queue on SQS — and the
 * clock and id generator the use cases need. The orders are processed by the deployed consumer and workflow.
 * <pre>{@code
 * OrderDesk desk = Guice.createInjector(new OrderDeskAwsModule(System.getenv())).getInstance(OrderDesk.class);
 * }</pre>
 * No SDK client is built, and no AWS call made, until an adapter is first used.
 */
public final class OrderDeskAwsModule extends AbstractModule {
  private final AwsModule aws;

  /**
   * @param environment {@code AWS_REGION}, {@code ORDERS_TABLE}, {@code ORDER_QUEUE_URL}, optionally
   *     {@code AWS_ENDPOINT_URL}; credentials come from the default chain
   * @throws IllegalStateException naming every missing variable
   */
  public OrderDeskAwsModule(Map<String, String> environment) {
    this.aws = AwsModule.fromEnvironment(environment, EnumSet.of(AwsResource.TABLE, AwsResource.QUEUE));
  }

  @Override
  protected void configure() {
    install(aws);
    install(new DynamoDbModule());
    install(new SqsModule());
    bind(Clock.class).toInstance(Clock.systemUTC());
    bind(OrderIdGenerator.class).toInstance(OrderIdGenerator.timeOrdered());
  }
}
