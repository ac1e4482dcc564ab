package dev.orderflow.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.core.application.PlaceOrderCommand;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.EmailAddress;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderStatus;
import dev.orderflow.core.port.TransientFailureException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Outcome emails through the whole in-memory pipeline, with every message (orders and outcome notifications)
 * delivered three times and transient faults on every port: each final order's owner gets exactly one email, at
 * her own address; a customer without an address gets none; nobody gets another's. The one fault no mechanism can
 * absorb without an idempotent mail service — the email went out and recording that it did failed — may add a
 * second copy, never lose or misdirect one (the lifecycle simulation counts those apart, invariant I8).
 */
class OutcomeEmailPipelineTest {
  private static final int CUSTOMERS = 12;
  private static final int ORDERS = 300;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void everyFinalOrderIsEmailedOnceToItsOwnerUnderTripleDeliveryAndFaults(long seed) {
    try (InMemoryOrderflow flow = InMemoryOrderflow.builder().seed(seed)
        .deliveriesPerMessage(3)
        .maxReceives(50)
        // every port fails 15 % of calls, except the record of a sent email (the send/record window)
        .faults(Faults.failingBeforeEffect(0.15, seed).sparing("repository.markEmailed"))
        .build()) {
      Map<CustomerId, EmailAddress> addresses = new HashMap<>();
      List<CustomerId> customers = new ArrayList<>();
      for (int i = 0; i < CUSTOMERS; i++) {
        CustomerId customer = CustomerId.of("customer-" + i);
        customers.add(customer);
        if (i % 4 != 3) {
          addresses.put(customer, EmailAddress.of("customer-" + i + "@example.com"));
        }
      }
      SplittableRandom random = new SplittableRandom(seed);
      Map<OrderId, CustomerId> placed = new HashMap<>();
      for (int n = 0; n < ORDERS; n++) {
        CustomerId customer = customers.get(random.nextInt(CUSTOMERS));
        PlaceOrderCommand command = new PlaceOrderCommand(customer,
            new OrderDetails("Dish " + n, 1 + random.nextInt(5), "r" + random.nextInt(3)), "token-" + n,
            addresses.get(customer));
        placed.put(retrying(() -> flow.placeOrder().place(command)).id(), customer);
      }

      InMemoryOrderflow.Quiescence settled = flow.runUntilQuiescent();

      assertThat(settled.deadLetters()).isZero();
      assertThat(settled.mailDeadLetters()).isZero();
      int emailed = 0;
      for (Map.Entry<OrderId, CustomerId> entry : placed.entrySet()) {
        Order order = retrying(() -> flow.repository().find(entry.getValue(), entry.getKey())).orElseThrow();
        assertThat(order.status()).isIn(OrderStatus.SUCCESS, OrderStatus.FAILED);
        List<InMemoryCustomerMailer.Sent> sent = flow.mailer().sentFor(order.id());
        EmailAddress own = addresses.get(order.customer());
        if (own == null) {
          assertThat(sent).as("order %s of a customer without an address", order.id()).isEmpty();
          continue;
        }
        assertThat(sent).as("emails about order %s", order.id()).singleElement()
            .satisfies(one -> assertThat(one.to()).isEqualTo(own))
            .satisfies(one -> assertThat(one.email().text()).contains("Outcome: "
                + (order.status() == OrderStatus.SUCCESS ? "Confirmed" : "Failed")));
        assertThat(order.email()).as("the address is dropped once sent").isEmpty();
        emailed++;
      }
      assertThat(flow.mailer().count()).isEqualTo(emailed);
      assertThat(emailed).isGreaterThan(ORDERS / 2);
    }
  }

  @Test
  void faultsAfterTheEffectCanOnlyAddASecondCopyNeverLoseOneOrMisdirectIt() {
    try (InMemoryOrderflow flow = InMemoryOrderflow.builder().seed(9)
        .deliveriesPerMessage(3).maxReceives(50)
        .faults(Faults.failing(0.15, 9))
        .build()) {
      EmailAddress alice = EmailAddress.of("alice@example.com");
      List<Order> orders = new ArrayList<>();
      for (int n = 0; n < 100; n++) {
        PlaceOrderCommand command = new PlaceOrderCommand(CustomerId.of("alice"),
            new OrderDetails("Dish " + n, 1, "r"), "t" + n, alice);
        orders.add(retrying(() -> flow.placeOrder().place(command)));
      }

      flow.runUntilQuiescent();

      for (Order order : orders) {
        assertThat(flow.mailer().sentFor(order.id())).isNotEmpty()
            .allSatisfy(one -> assertThat(one.to()).isEqualTo(alice));
        assertThat(retrying(() -> flow.repository().find(order.customer(), order.id())).orElseThrow().email())
            .as("the address is dropped once sent").isEmpty();
      }
    }
  }

  private static <T> T retrying(Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (TransientFailureException e) {
        if (attempt == 50) {
          throw e;
        }
      }
    }
  }
}
