package dev.orderflow.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.orderflow.core.application.GetOrder;
import dev.orderflow.core.application.PlaceOrder;
import dev.orderflow.core.application.PlaceOrderCommand;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.port.OrderRepository;
import org.junit.jupiter.api.Test;

class InMemoryOrderflowModuleTest {

  @Test
  void guiceBuiltUseCasesRunOnTheInMemoryPipeline() {
    try (InMemoryOrderflow flow = InMemoryOrderflow.builder().payments(ScriptedPaymentGateway.approving()).build()) {
      Injector injector = Guice.createInjector(new InMemoryOrderflowModule(flow));
      CustomerId customer = CustomerId.of("carol");

      Order placed = injector.getInstance(PlaceOrder.class)
          .place(new PlaceOrderCommand(customer, new OrderDetails("Tacos", 3, "el-sol")));
      flow.runUntilQuiescent();

      assertThat(injector.getInstance(OrderRepository.class)).isSameAs(flow.repository());
      assertThat(injector.getInstance(GetOrder.class).get(customer, placed.id()).status().isFinal()).isTrue();
    }
  }
}
