package dev.orderflow.lambda.appsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.core.application.DeleteOrder;
import dev.orderflow.core.application.GetOrder;
import dev.orderflow.core.application.ListOrders;
import dev.orderflow.core.application.PlaceOrder;
import dev.orderflow.core.application.UpdateOrder;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.port.OrderQueue;
import dev.orderflow.core.port.OrderRepository;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallerIdentityTest {
  @Test
  void demoCustomerOnlyWhenTheVariableIsSet() {
    assertThat(CallerIdentity.fromEnvironment(Map.of()).demoCustomer()).isEmpty();
    assertThat(CallerIdentity.fromEnvironment(Map.of("DEMO_CUSTOMER", "  ")).demoCustomer()).isEmpty();
    assertThat(CallerIdentity.fromEnvironment(Map.of("DEMO_CUSTOMER", "demo")).demoCustomer())
        .contains(CustomerId.of("demo"));
    assertThatThrownBy(() -> CallerIdentity.fromEnvironment(Map.of("DEMO_CUSTOMER", "x".repeat(200))))
        .hasMessageContaining("DEMO_CUSTOMER");
  }

  @Test
  void primingRunsTheResolversCodeWithoutTouchingAnyPort() {
    InvocationHandler refuse = (proxy, method, args) -> {
      throw new AssertionError("priming called " + method.getName());
    };
    OrderRepository repository = (OrderRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {OrderRepository.class}, refuse);
    OrderQueue queue = (OrderQueue) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {OrderQueue.class}, refuse);
    GraphQLResolverHandler handler = new GraphQLResolverHandler(
        new PlaceOrder(queue, repository, () -> { throw new AssertionError("priming drew an id"); }, Clock.systemUTC()),
        new GetOrder(repository), new ListOrders(repository), new UpdateOrder(repository, Clock.systemUTC()),
        new DeleteOrder(repository), CallerIdentity.authenticatedOnly());

    handler.prime();

    assertThat(OrderGraphQL.order(SampleEvents.order())).containsEntry("createdAt", "2026-01-01T00:00:00.123Z");
  }
}
