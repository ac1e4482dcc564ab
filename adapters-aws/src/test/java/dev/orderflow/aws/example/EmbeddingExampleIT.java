package dev.orderflow.aws.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.aws.LocalAws;
import dev.orderflow.aws.dynamodb.DynamoDbOrderRepository;
import dev.orderflow.aws.sfn.StepFunctionsOrderWorkflow;
import dev.orderflow.aws.sqs.SqsOrderConsumer;
import dev.orderflow.aws.sqs.SqsOrderQueue;
import dev.orderflow.core.application.PlaceOrder;
import dev.orderflow.core.application.PlaceOrderCommand;
import dev.orderflow.core.application.StartOrderProcessing;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.port.OrderIdGenerator;
import dev.orderflow.testing.servers.Dynalite;
import dev.orderflow.testing.servers.ElasticMq;
import dev.orderflow.testing.servers.StepFunctionsStub;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The example of docs/guides/embedding.md, run against local protocol servers; {@code DocsExampleTest}
 * keeps the guide and this file in step.
 */
class EmbeddingExampleIT {

  @Test
  void aServicePlacesOrdersAndConsumesTheQueueWithTheCore() {
    try (ElasticMq sqsServer = ElasticMq.start(); Dynalite dynamoServer = Dynalite.start();
        StepFunctionsStub sfnServer = StepFunctionsStub.start()) {
      DynamoDbClient dynamo = LocalAws.clients(dynamoServer.endpoint()).dynamoDb();
      SqsClient sqs = LocalAws.clients(sqsServer.endpoint()).sqs();
      SfnClient sfn = LocalAws.clients(sfnServer.endpoint()).stepFunctions();
      String table = LocalAws.createOrdersTable(dynamo, LocalAws.uniqueName("orders"));
      String queueUrl = LocalAws.createQueue(sqs, "orders");
      String stateMachineArn = "arn:aws:states:us-east-1:000000000000:stateMachine:orders";

      // start:example
      // Accept orders in your own service: validated, assigned an id, enqueued; PENDING comes back at once.
      PlaceOrder placeOrder = new PlaceOrder(
          new SqsOrderQueue(sqs, queueUrl),
          new DynamoDbOrderRepository(dynamo, table),
          OrderIdGenerator.timeOrdered(),
          Clock.systemUTC());
      Order placed = placeOrder.place(new PlaceOrderCommand(
          CustomerId.of("alice"), new OrderDetails("Margherita", 2, "luigis"), "alice-2026-11-26-1"));

      // Consume the queue in the same JVM instead of Lambda: each message starts the order's workflow once.
      StartOrderProcessing start = new StartOrderProcessing(new StepFunctionsOrderWorkflow(sfn, stateMachineArn));
      try (SqsOrderConsumer consumer = new SqsOrderConsumer(sqs, queueUrl, start,
          SqsOrderConsumer.Options.defaults().withWaitTimeSeconds(1))) {
        SqsOrderConsumer.PollResult result = consumer.pollOnce();   // or consumer.start() for background workers
        assertThat(result.succeeded()).isEqualTo(1);
      }
      // end:example

      assertThat(placed.status().name()).isEqualTo("PENDING");
      assertThat(sfnServer.executions()).singleElement()
          .satisfies(e -> assertThat(e.name()).isEqualTo(placed.id().value()));
    }
  }
}
