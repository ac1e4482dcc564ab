package dev.orderflow.examples.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.core.application.PlaceOrderCommand;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.domain.OrderStatus;
import dev.orderflow.core.port.TransientFailureException;
import dev.orderflow.inmemory.Faults;
import dev.orderflow.inmemory.InMemoryOrderflow;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Our {@link HouseAccountGateway} in the whole order pipeline, in memory: orders are placed, the queue is
 * drained, every workflow runs inline, and the tests assert what the customers end up with.
 */
class PipelineHarnessTest {
  private static final CustomerId ALICE = CustomerId.of("alice");
  private static final CustomerId BOB = CustomerId.of("bob");

  @Test
  void ordersWithinTheCreditSucceedTheRestFailAndEachCustomerIsToldOnce() {
    HouseAccountGateway payments = new HouseAccountGateway(5);
    try (InMemoryOrderflow flow = InMemoryOrderflow.builder().payments(payments).build()) {
      Order first = flow.placeOrder().place(order(ALICE, "Margherita", 2));
      Order second = flow.placeOrder().place(order(ALICE, "Calzone", 2));
      Order third = flow.placeOrder().place(order(ALICE, "Tiramisu", 2));   // 6 items: over alice's credit
      Order bobs = flow.placeOrder().place(order(BOB, "Marinara", 1));
      assertThat(List.of(first, second, third, bobs)).allSatisfy(o -> assertThat(o.status()).isEqualTo(OrderStatus.PENDING));

      InMemoryOrderflow.Quiescence done = flow.runUntilQuiescent();

      assertThat(status(flow, first)).isEqualTo(OrderStatus.SUCCESS);
      assertThat(status(flow, second)).isEqualTo(OrderStatus.SUCCESS);
      assertThat(stored(flow, third).status()).isEqualTo(OrderStatus.FAILED);
      assertThat(stored(flow, third).failureReason()).isEqualTo("house account credit of 5 items exceeded");
      assertThat(status(flow, bobs)).isEqualTo(OrderStatus.SUCCESS);
      for (Order placed : List.of(first, second, third, bobs)) {
        assertThat(flow.notifier().publishedFor(placed.id())).singleElement()
            .satisfies(n -> assertThat(n.status()).isEqualTo(stored(flow, placed).status()));
      }
      assertThat(payments.spentBy(ALICE)).isEqualTo(4);
      assertThat(done.deadLetters()).isZero();
      assertThat(done.failedRuns()).isZero();
    }
  }

  @Test
  void duplicateDeliveriesAndFailingCallsChargeAndNotifyOnce() {
    HouseAccountGateway payments = new HouseAccountGateway(5);
    // Faults.controllable() fails the next calls of the named operations, before their effect.
    Faults faults = Faults.controllable()
        .failNext("queue.receive", 1)
        .failNext("workflow.start", 2)
        .failNext("repository.transition", 2)
        .failNext("payment.decide", 2)
        .failNext("notifier.publish", 2);
    try (InMemoryOrderflow flow = InMemoryOrderflow.builder()
        .payments(payments)
        .deliveriesPerMessage(3)            // every message arrives three times
        .faults(faults)
        .build()) {
      List<Order> placed = List.of(
          flow.placeOrder().place(order(ALICE, "Margherita", 2)),
          flow.placeOrder().place(order(ALICE, "Calzone", 2)),
          flow.placeOrder().place(order(ALICE, "Tiramisu", 2)),
          flow.placeOrder().place(order(BOB, "Marinara", 1)));

      InMemoryOrderflow.Quiescence done = flow.runUntilQuiescent();

      assertThat(faults.injected()).isEqualTo(9);
      assertThat(placed).allSatisfy(o -> {
        assertThat(status(flow, o).isFinal()).isTrue();
        assertThat(flow.workflow().runsStartedFor(o.id())).as("runs for %s", o.id()).isEqualTo(1);
        assertThat(flow.notifier().publishedFor(o.id())).singleElement()
            .satisfies(n -> assertThat(n.status()).isEqualTo(status(flow, o)));
      });
      assertThat(placed).filteredOn(o -> status(flow, o) == OrderStatus.SUCCESS).hasSize(3);
      assertThat(payments.spentBy(ALICE)).isEqualTo(4);   // two of alice's orders, charged once each
      assertThat(payments.charges()).isEqualTo(3);
      assertThat(done.deadLetters()).isZero();
      assertThat(done.failedRuns()).isZero();
    }
  }

  @Test
  void randomFaultsBeforeAndAfterTheirEffectLeaveNoOrderPendingAndSpendNoCreditTwice() {
    HouseAccountGateway payments = new HouseAccountGateway(6);
    Faults faults = Faults.failing(0.15, 7);   // 15% of all calls fail, half of them after their effect; reproducible
    try (InMemoryOrderflow flow = InMemoryOrderflow.builder()
        .payments(payments)
        .deliveriesPerMessage(2)
        .faults(faults)
        .build()) {
      List<Order> placed = new ArrayList<>();
      List<CustomerId> customers = List.of(ALICE, BOB, CustomerId.of("carol"));
      for (int i = 0; i < 12; i++) {
        CustomerId customer = customers.get(i % customers.size());
        // A client token makes the client's retry of a failed call place the same order, not a second one.
        PlaceOrderCommand command = new PlaceOrderCommand(customer, new OrderDetails("Pizza " + i, 1 + i % 3, "luigis"),
            customer.value() + "-order-" + i);
        placed.add(retrying(() -> flow.placeOrder().place(command)));
      }

      InMemoryOrderflow.Quiescence done = flow.runUntilQuiescent();

      assertThat(faults.injected()).isGreaterThan(10);
      assertThat(placed).allSatisfy(o -> {
        Order order = stored(flow, o);
        assertThat(order.status().isFinal()).as("%s is final", o.id()).isTrue();
        // Only a crash between publishing and recording it may publish twice: every notification says the same.
        assertThat(flow.notifier().publishedFor(o.id())).isNotEmpty()
            .allSatisfy(n -> assertThat(n.status()).isEqualTo(order.status()));
        if (order.status() == OrderStatus.SUCCESS) {
          assertThat(payments.chargesFor(order.paymentKey())).isEqualTo(1);
        }
      });
      for (CustomerId customer : customers) {
        int charged = placed.stream().filter(o -> o.customer().equals(customer))
            .map(o -> stored(flow, o)).filter(o -> o.status() == OrderStatus.SUCCESS)
            .mapToInt(o -> o.details().quantity()).sum();
        assertThat(payments.spentBy(customer)).as("%s's account", customer).isEqualTo(charged).isLessThanOrEqualTo(6);
      }
      assertThat(done.deadLetters()).isZero();
      assertThat(done.failedRuns()).isZero();
    }
  }

  @Test
  void aRetriedRequestIsOneOrder() {
    HouseAccountGateway payments = new HouseAccountGateway(5);
    try (InMemoryOrderflow flow = InMemoryOrderflow.builder().payments(payments).build()) {
      PlaceOrderCommand command = new PlaceOrderCommand(ALICE, new OrderDetails("Margherita", 2, "luigis"), "alice-1");

      Order placed = flow.placeOrder().place(command);
      Order retried = flow.placeOrder().place(command);   // before processing: the same id is enqueued again
      flow.runUntilQuiescent();
      Order afterwards = flow.placeOrder().place(command); // after processing: the stored order, nothing enqueued

      assertThat(retried.id()).isEqualTo(placed.id());
      assertThat(afterwards.id()).isEqualTo(placed.id());
      assertThat(afterwards.status()).isEqualTo(OrderStatus.SUCCESS);
      assertThat(flow.queue().pending()).isZero();
      assertThat(flow.repository().size()).isEqualTo(1);
      assertThat(flow.notifier().publishedFor(placed.id())).hasSize(1);
      assertThat(payments.spentBy(ALICE)).isEqualTo(2);
    }
  }

  private static PlaceOrderCommand order(CustomerId customer, String name, int quantity) {
    return new PlaceOrderCommand(customer, new OrderDetails(name, quantity, "luigis"));
  }

  /**
   * The order as stored. {@code all()} reads past the fault injection; {@code find(customer, id)} is a port call
   * and, with {@code Faults.failing(…)} still switched on, may fail like any other.
   */
  private static Order stored(InMemoryOrderflow flow, Order placed) {
    return flow.repository().all().stream().filter(o -> o.id().equals(placed.id())).findFirst().orElseThrow();
  }

  private static OrderStatus status(InMemoryOrderflow flow, Order placed) {
    return stored(flow, placed).status();
  }

  /** What a client does when a call fails transiently: the same call again (safe with a client token). */
  private static <T> T retrying(Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (TransientFailureException e) {
        if (attempt == 10) {
          throw e;
        }
      }
    }
  }
}
