package dev.orderflow.examples.guice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.orderflow.aws.dynamodb.DynamoDbOrderRepository;
import dev.orderflow.aws.sqs.SqsOrderQueue;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderNotFoundException;
import dev.orderflow.core.domain.OrderStatus;
import dev.orderflow.core.port.OrderQueue;
import dev.orderflow.core.port.OrderRepository;
import dev.orderflow.inmemory.InMemoryOrderflow;
import dev.orderflow.inmemory.InMemoryOrderflowModule;
import dev.orderflow.inmemory.ScriptedPaymentGateway;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderDeskTest {

  @Test
  void theGuiceBuiltServiceRunsOnTheInMemoryPipeline() {
    ScriptedPaymentGateway payments = ScriptedPaymentGateway.approving().declineName("Caviar", "insufficient funds");
    try (InMemoryOrderflow flow = InMemoryOrderflow.builder().payments(payments).deliveriesPerMessage(2).build()) {
      // The harness binds every port, the clock, the id generator and the payment gateway.
      Injector injector = Guice.createInjector(new InMemoryOrderflowModule(flow));
      OrderDesk desk = injector.getInstance(OrderDesk.class);

      Order pizza = desk.order("alice", "Margherita", 2, "luigis");
      Order caviar = desk.order("alice", "Caviar", 1, "petrossian");
      assertThatThrownBy(() -> desk.status("alice", pizza.id())).isInstanceOf(OrderNotFoundException.class);

      flow.runUntilQuiescent();

      assertThat(desk.status("alice", pizza.id())).isEqualTo(OrderStatus.SUCCESS);
      assertThat(desk.status("alice", caviar.id())).isEqualTo(OrderStatus.FAILED);
      assertThat(flow.notifier().publishedFor(pizza.id())).singleElement()
          .satisfies(n -> assertThat(n.status()).isEqualTo(OrderStatus.SUCCESS));
      assertThat(flow.notifier().publishedFor(caviar.id())).singleElement()
          .satisfies(n -> assertThat(n.failureReason()).isEqualTo("insufficient funds"));
      assertThatThrownBy(() -> desk.status("bob", pizza.id()))
          .as("another customer's order").isInstanceOf(OrderNotFoundException.class);
    }
  }

  @Test
  void theProductionWiringResolvesWithoutCallingAws() {
    Injector injector = Guice.createInjector(new OrderDeskAwsModule(Map.of(
        "AWS_REGION", "eu-west-1",
        "ORDERS_TABLE", "orders",
        "ORDER_QUEUE_URL", "http://127.0.0.1:9324/000000000000/orders")));

    assertThat(injector.getInstance(OrderDesk.class)).isNotNull();
    assertThat(injector.getInstance(OrderRepository.class)).isInstanceOf(DynamoDbOrderRepository.class);
    assertThat(injector.getInstance(OrderQueue.class)).isInstanceOf(SqsOrderQueue.class);
  }

  @Test
  void aMissingVariableIsNamedAtStartUp() {
    assertThatThrownBy(() -> new OrderDeskAwsModule(Map.of("AWS_REGION", "eu-west-1")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ORDERS_TABLE")
        .hasMessageContaining("ORDER_QUEUE_URL");
  }
}
