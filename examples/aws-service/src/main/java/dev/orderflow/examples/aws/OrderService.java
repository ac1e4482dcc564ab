package dev.orderflow.examples.aws;

import dev.orderflow.aws.AwsClients;
import dev.orderflow.aws.AwsResource;
import dev.orderflow.aws.AwsSettings;
import dev.orderflow.aws.dynamodb.DynamoDbOrderRepository;
import dev.orderflow.aws.sqs.SqsOrderQueue;
import dev.orderflow.core.application.GetOrder;
import dev.orderflow.core.application.PlaceOrder;
import dev.orderflow.core.application.PlaceOrderCommand;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderNotFoundException;
import dev.orderflow.core.port.OrderIdGenerator;
import dev.orderflow.core.port.OrderRepository;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A plain JVM service (no Guice, no Lambda) that takes orders for the pipeline: each order is validated, given
 * an id and put on the SQS queue, and comes back {@code PENDING} at once; the deployed consumer and workflow
 * process it and record it in the DynamoDB table, where {@link #find} reads it.
 */
public final class OrderService {
  private final PlaceOrder placeOrder;
  private final GetOrder getOrder;

  /**
   * The service as deployed: {@code AWS_REGION}, {@code ORDERS_TABLE} and {@code ORDER_QUEUE_URL} from the
   * environment (optionally {@code AWS_ENDPOINT_URL}), credentials from the default chain.
   *
   * @throws IllegalStateException naming every missing variable
   */
  public static OrderService fromEnvironment(Map<String, String> environment) {
    AwsSettings settings = AwsSettings.fromEnvironment(environment, EnumSet.of(AwsResource.TABLE, AwsResource.QUEUE));
    AwsClients aws = AwsClients.withDefaultCredentials(settings);
    return new OrderService(aws.dynamoDb(), settings.tableName(), aws.sqs(), settings.queueUrl(), Clock.systemUTC());
  }

  public OrderService(DynamoDbClient dynamo, String table, SqsClient sqs, String queueUrl, Clock clock) {
    OrderRepository repository = new DynamoDbOrderRepository(dynamo, table);
    this.placeOrder = new PlaceOrder(new SqsOrderQueue(sqs, queueUrl), repository, OrderIdGenerator.timeOrdered(), clock);
    this.getOrder = new GetOrder(repository);
  }

  /**
   * Places an order. The same {@code requestId} (per customer) is the same order: a client that retries after
   * a timeout cannot order twice.
   *
   * @param requestId the client's idempotency token (letters, digits, '-' and '_'), or null
   * @return the order as accepted ({@code PENDING}), or as stored if this request was already processed
   * @throws dev.orderflow.core.domain.InvalidRequestException naming the invalid field; nothing is enqueued
   */
  public Order place(String customer, String item, int quantity, String restaurant, String requestId) {
    return placeOrder.place(new PlaceOrderCommand(
        CustomerId.of(customer), new OrderDetails(item, quantity, restaurant), requestId));
  }

  /** The customer's order as recorded, once the workflow has picked it up; empty before that, or for another customer's order. */
  public Optional<Order> find(String customer, String orderId) {
    try {
      return Optional.of(getOrder.get(CustomerId.of(customer), OrderId.of(orderId)));
    } catch (OrderNotFoundException e) {
      return Optional.empty();
    }
  }
}
