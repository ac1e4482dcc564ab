package dev.orderflow.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.core.application.ProcessOrder;
import dev.orderflow.core.application.ListOrdersQuery;
import dev.orderflow.core.application.PlaceOrderCommand;
import dev.orderflow.core.application.UpdateOrderCommand;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.DetailsChange;
import dev.orderflow.core.domain.InvalidRequestException;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderNotFoundException;
import dev.orderflow.core.domain.OrderNotModifiableException;
import dev.orderflow.core.domain.OrderStatus;
import dev.orderflow.core.domain.VersionConflictException;
import dev.orderflow.core.fixtures.Orders;
import dev.orderflow.core.payment.SimulatedPaymentGateway;
import dev.orderflow.core.port.OrderPage;
import dev.orderflow.core.port.TransientFailureException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The whole pipeline on the in-memory adapters, through the harness a team would use. */
class PipelineTest {
  private final CustomerId alice = CustomerId.of("alice");
  private final CustomerId bob = CustomerId.of("bob");

  @Test
  void anApprovedOrderGoesFromPendingToSuccessAndIsNotifiedOnce() {
    try (InMemoryOrderflow flow = InMemoryOrderflow.builder().payments(ScriptedPaymentGateway.approving()).build()) {
      Order placed = flow.placeOrder().place(command(alice, "Margherita", 2));

      assertThat(placed.status()).isEqualTo(OrderStatus.PENDING);
      assertThat(placed.version()).isEqualTo(1);
      assertThatThrownBy(() -> flow.getOrder().get(alice, placed.id())).isInstanceOf(OrderNotFoundException.class);

      flow.runUntilQuiescent();

      Order done = flow.getOrder().get(alice, placed.id());
      assertThat(done.status()).isEqualTo(OrderStatus.SUCCESS);
      assertThat(done.details()).isEqualTo(placed.details());
      assertThat(done.version()).as("created, payment started, completed").isEqualTo(3);
      assertThat(done.paymentVersion()).isEqualTo(2);
      assertThat(done.notified()).isTrue();
      assertThat(flow.notifier().publishedFor(placed.id())).singleElement()
          .satisfies(n -> assertThat(n.status()).isEqualTo(OrderStatus.SUCCESS));
    }
  }

  @Test
  void aDeclinedOrderFailsWithTheReasonAndIsNotified() {
    ScriptedPaymentGateway payments = ScriptedPaymentGateway.approving().declineName("Caviar", "insufficient funds");
    try (InMemoryOrderflow flow = InMemoryOrderflow.builder().payments(payments).build()) {
      Order placed = flow.placeOrder().place(command(alice, "Caviar", 1));

      flow.runUntilQuiescent();

      Order failed = flow.getOrder().get(alice, placed.id());
      assertThat(failed.status()).isEqualTo(OrderStatus.FAILED);
      assertThat(failed.failureReason()).isEqualTo("insufficient funds");
      assertThat(flow.notifier().publishedFor(placed.id())).singleElement()
          .satisfies(n -> assertThat(n.failureReason()).isEqualTo("insufficient funds"));
    }
  }

  @Test
  void theFullLifecycleOfReadUpdateAndDelete() {
    try (InMemoryOrderflow flow = InMemoryOrderflow.builder()
        .payments(ScriptedPaymentGateway.approving().declineName("Declined", "card expired")).build()) {
      Order ok = flow.placeOrder().place(command(alice, "Ramen", 1));
      Order ko = flow.placeOrder().place(command(alice, "Declined", 1));
      flow.runUntilQuiescent();

      Order failed = flow.getOrder().get(alice, ko.id());
      Order updated = flow.updateOrder().update(new UpdateOrderCommand(alice, ko.id(),
          new DetailsChange("Udon", 3, null), failed.version()));
      assertThat(updated.details()).isEqualTo(new OrderDetails("Udon", 3, "luigis"));
      assertThat(updated.version()).isEqualTo(failed.version() + 1);
      assertThat(updated.status()).isEqualTo(OrderStatus.FAILED);

      assertThatThrownBy(() -> flow.updateOrder().update(
          new UpdateOrderCommand(alice, ok.id(), new DetailsChange("Soba", null, null), null)))
          .isInstanceOf(OrderNotModifiableException.class);

      assertThat(flow.listOrders().list(ListOrdersQuery.of(alice, 10, null)).items())
          .extracting(Order::id).containsExactly(ok.id(), ko.id());

      assertThat(flow.deleteOrder().delete(alice, ko.id())).isPresent();
      assertThat(flow.deleteOrder().delete(alice, ko.id())).isEmpty();
      assertThatThrownBy(() -> flow.getOrder().get(alice, ko.id())).isInstanceOf(OrderNotFoundException.class);
      assertThat(flow.listOrders().list(ListOrdersQuery.of(alice, 10, null)).items()).extracting(Order::id)
          .containsExactly(ok.id());
    }
  }

  @Test
  void everyMessageDeliveredTwoOrThreeTimesStillMakesOneOrderOneStatusAndOneNotification() {
    for (int copies = 2; copies <= 3; copies++) {
      try (InMemoryOrderflow flow = InMemoryOrderflow.builder().deliveriesPerMessage(copies).build()) {
        List<Order> placed = placeMany(flow, 300);

        flow.runUntilQuiescent();

        assertThat(flow.repository().size()).isEqualTo(300);
        assertThat(flow.notifier().count()).isEqualTo(300);
        for (Order order : placed) {
          Order stored = flow.getOrder().get(order.customer(), order.id());
          assertThat(stored.status().isFinal()).isTrue();
          assertThat(stored.version()).as("one payment start, one status change").isEqualTo(3);
          assertThat(flow.notifier().publishedFor(order.id())).hasSize(1);
        }
        assertThat(flow.workflow().started()).isEqualTo(300);
        assertThat(flow.queue().pending()).isZero();
      }
    }
  }

  @Test
  void aPoisonMessageGoesToTheDeadLetterQueueWhileTheRestOfItsBatchSucceeds() {
    try (InMemoryOrderflow flow = InMemoryOrderflow.builder().maxReceives(5).build()) {
      List<Order> before = placeMany(flow, 4);
      flow.queue().sendRaw("{\"orderId\":\"not json");
      List<Order> after = placeMany(flow, 5);

      InMemoryOrderflow.Quiescence result = flow.runUntilQuiescent();

      assertThat(result.deadLetters()).isEqualTo(1);
      assertThat(flow.queue().deadLetters()).singleElement().satisfies(d -> {
        assertThat(d.body()).isEqualTo("{\"orderId\":\"not json");
        assertThat(d.receiveCount()).isEqualTo(5);
      });
      List<Order> good = new ArrayList<>(before);
      good.addAll(after);
      for (Order order : good) {
        assertThat(flow.getOrder().get(order.customer(), order.id()).status().isFinal()).isTrue();
        assertThat(flow.notifier().publishedFor(order.id())).hasSize(1);
      }
      assertThat(flow.consumer().processed()).isEqualTo(9);
    }
  }

  /**
   * One call in five fails, on every port, independently: FailOrder (four calls per attempt) can run out of
   * its 11 attempts. Then the run fails visibly — as a Step Functions execution would, firing the alarm — and
   * that is the only way an order may stay PENDING (docs/guarantees.md).
   */
  @Test
  void withTwentyPercentTransientFaultsOnEveryPortNoOrderIsLostOrStuckUnnoticed() {
    Faults faults = Faults.failing(0.2, 20261126L);
    try (InMemoryOrderflow flow = InMemoryOrderflow.builder().faults(faults).maxReceives(20)
        .payments(new SimulatedPaymentGateway(11, 0.5)).build()) {
      List<Order> placed = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        CustomerId customer = CustomerId.of("customer-" + (i % 37));
        PlaceOrderCommand command = new PlaceOrderCommand(customer, new OrderDetails("Dish " + i, 1 + i % 5, "r"),
            "token-" + i);
        placed.add(retry(() -> flow.placeOrder().place(command)));
      }

      InMemoryOrderflow.Quiescence result = flow.runUntilQuiescent();

      assertThat(faults.injected()).isGreaterThan(500);
      assertThat(result.deadLetters()).isZero();
      Set<OrderId> failedRuns = flow.workflow().failedRuns().stream()
          .map(InMemoryOrderWorkflow.FailedRun::orderId).collect(Collectors.toSet());
      assertThat(failedRuns).hasSizeLessThan(10);
      assertThat(flow.repository().size()).isEqualTo(1_000);
      for (Order order : placed) {
        Order stored = retry(() -> flow.getOrder().get(order.customer(), order.id()));
        if (failedRuns.contains(order.id())) {
          continue; // the alarm's case: the run failed visibly
        }
        assertThat(stored.status().isFinal()).as("order %s is final", order.id()).isTrue();
        assertThat(stored.notified()).isTrue();
        assertThat(stored.version()).as("one status change, after a payment start if it got that far")
            .isEqualTo(stored.paymentStarted() ? 3 : 2);
        assertThat(flow.notifier().publishedFor(order.id())).isNotEmpty()
            .allSatisfy(n -> assertThat(n.status()).isEqualTo(stored.status()));
      }
    }
  }

  @Test
  void thirtyTwoThreadsUpdatingOneOrderWithExpectedVersionsLoseNoUpdate() throws Exception {
    try (InMemoryOrderflow flow = InMemoryOrderflow.builder()
        .payments(ScriptedPaymentGateway.declining("payment method declined")).build()) {
      Order placed = flow.placeOrder().place(command(alice, "Base", 1));
      flow.runUntilQuiescent();
      int threads = 32;
      int rounds = 10;
      CyclicBarrier readDone = new CyclicBarrier(threads);
      CyclicBarrier roundDone = new CyclicBarrier(threads);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<List<String>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          String name = "thread-" + t;
          results.add(pool.submit(() -> {
            List<String> won = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
              long seen = flow.getOrder().get(alice, placed.id()).version();
              readDone.await(); // every thread now holds the same version: exactly one may win
              try {
                flow.updateOrder().update(new UpdateOrderCommand(alice, placed.id(),
                    new DetailsChange(name + "-" + round, null, null), seen));
                won.add(name + "-" + round);
              } catch (VersionConflictException lost) {
                assertThat(lost.errorType()).isEqualTo("ConflictError");
              }
              roundDone.await();
            }
            return won;
          }));
        }
        List<String> winners = new ArrayList<>();
        for (Future<List<String>> result : results) {
          winners.addAll(result.get(60, TimeUnit.SECONDS));
        }

        Order last = flow.getOrder().get(alice, placed.id());
        assertThat(winners).as("one winner per round, 31 conflicts").hasSize(rounds);
        assertThat(last.version()).as("every win is one version, none lost").isEqualTo(3 + rounds);
        assertThat(last.details().name()).isEqualTo(winners.stream().filter(w -> w.endsWith("-" + (rounds - 1)))
            .findFirst().orElseThrow());
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void customerBCannotGetListUpdateOrDeleteCustomerAsOrders() {
    try (InMemoryOrderflow flow = InMemoryOrderflow.builder().build()) {
      Order mine = flow.placeOrder().place(command(alice, "Secret", 1));
      flow.placeOrder().place(command(bob, "Bob's", 1));
      flow.runUntilQuiescent();

      assertThatThrownBy(() -> flow.getOrder().get(bob, mine.id())).isInstanceOf(OrderNotFoundException.class);
      assertThatThrownBy(() -> flow.updateOrder().update(
          new UpdateOrderCommand(bob, mine.id(), new DetailsChange("Stolen", null, null), null)))
          .isInstanceOf(OrderNotFoundException.class);
      assertThat(flow.deleteOrder().delete(bob, mine.id())).isEmpty();
      OrderPage bobsPage = flow.listOrders().list(ListOrdersQuery.of(bob, 100, null));
      assertThat(bobsPage.items()).extracting(Order::customer).containsOnly(bob);
      assertThat(bobsPage.items()).extracting(Order::id).doesNotContain(mine.id());

      Order untouched = flow.getOrder().get(alice, mine.id());
      assertThat(untouched.details().name()).isEqualTo("Secret");
    }
  }

  @Test
  void aBadRequestIsRefusedWithAClearErrorAndEnqueuesNothing() {
    try (InMemoryOrderflow flow = InMemoryOrderflow.builder().build()) {
      assertThatThrownBy(() -> flow.placeOrder().place(
          new PlaceOrderCommand(alice, new OrderDetails("Pizza", 0, "r"))))
          .isInstanceOf(InvalidRequestException.class).hasMessage("quantity: must be between 1 and 1000");
      assertThatThrownBy(() -> flow.placeOrder().placeAll(List.of(
          command(alice, "Fine", 1),
          new PlaceOrderCommand(alice, new OrderDetails(" ", 1, "r")))))
          .isInstanceOf(InvalidRequestException.class).hasMessage("name: must not be blank");

      assertThat(flow.queue().pending()).isZero();
      assertThat(flow.runUntilQuiescent().batches()).isZero();
      assertThat(flow.repository().size()).isZero();
    }
  }

  @Test
  void aRetriedPlacementWithTheSameClientTokenYieldsTheSameOrder() {
    try (InMemoryOrderflow flow = InMemoryOrderflow.builder().build()) {
      PlaceOrderCommand command = new PlaceOrderCommand(alice, new OrderDetails("Pho", 1, "r"), "client-retry-1");

      Order first = flow.placeOrder().place(command);
      Order beforeProcessing = flow.placeOrder().place(command);
      flow.runUntilQuiescent();
      Order afterProcessing = flow.placeOrder().place(command);

      assertThat(beforeProcessing.id()).isEqualTo(first.id());
      assertThat(afterProcessing.id()).isEqualTo(first.id());
      assertThat(afterProcessing.status().isFinal()).isTrue();
      assertThat(flow.repository().size()).isEqualTo(1);
      assertThat(flow.notifier().count()).isEqualTo(1);
      assertThat(flow.queue().pending()).isZero();
    }
  }

  @Test
  void whenInitializationKeepsFailingTheOrderIsStillRecordedAsFailed() {
    Faults faults = Faults.controllable();
    try (InMemoryOrderflow flow = InMemoryOrderflow.builder().faults(faults).build()) {
      Order placed = flow.placeOrder().place(command(alice, "Unlucky", 1));
      flow.queue().receive(1).forEach(m -> {
        faults.failNext("repository.createIfAbsent", ProcessOrder.TASK_RETRY.attempts());
        flow.startOrderProcessing().start(m.body());
        flow.queue().delete(m.receiptHandle());
      });

      Order stored = flow.getOrder().get(alice, placed.id());
      assertThat(stored.status()).isEqualTo(OrderStatus.FAILED);
      assertThat(stored.failureReason()).isEqualTo("processing failed: " + TransientFailureException.class.getName());
      assertThat(flow.notifier().publishedFor(placed.id())).hasSize(1);
    }
  }

  @Test
  void aTransientStepFailureIsRetriedAndTheOrderSucceeds() {
    Faults faults = Faults.controllable();
    try (InMemoryOrderflow flow = InMemoryOrderflow.builder().faults(faults)
        .payments(ScriptedPaymentGateway.approving()).build()) {
      Order placed = flow.placeOrder().place(command(alice, "Retry me", 1));
      var message = flow.queue().receive(1).get(0);
      faults.failNext("repository.transition", 2);

      flow.startOrderProcessing().start(message.body());

      assertThat(flow.getOrder().get(alice, placed.id()).status()).isEqualTo(OrderStatus.SUCCESS);
      assertThat(faults.injected()).isEqualTo(2);
    }
  }

  @Test
  void aDeletedPendingOrderIsNotRecreatedByItsRun() {
    ScriptedPaymentGateway payments = ScriptedPaymentGateway.approving();
    try (InMemoryOrderflow flow = InMemoryOrderflow.builder().payments(payments).build()) {
      Order placed = flow.placeOrder().place(command(alice, "Changed my mind", 1));
      var message = flow.queue().receive(1).get(0);
      flow.initializeOrder().initialize(dev.orderflow.core.port.OrderMessageFormat.decode(message.body()));
      flow.deleteOrder().delete(alice, placed.id());

      flow.startOrderProcessing().start(message.body());

      assertThat(flow.repository().find(alice, placed.id())).isEmpty();
      assertThat(flow.completeOrder().complete(alice, placed.id())).isEmpty();
      assertThat(flow.failOrder().fail(alice, placed.id(), "late")).isEmpty();
      assertThat(flow.failOrder().failUninitialized(
          dev.orderflow.core.port.OrderMessageFormat.decode(message.body()), "late")).isEmpty();
      assertThat(flow.repository().find(alice, placed.id())).isEmpty();
      assertThat(payments.charges()).isEmpty();
      assertThat(flow.notifier().publishedFor(placed.id())).isEmpty();
    }
  }

  @Test
  void theDefaultPaymentsDeclineAboutHalfWithAReason() {
    try (InMemoryOrderflow flow = InMemoryOrderflow.builder()
        .payments(new SimulatedPaymentGateway(3, SimulatedPaymentGateway.DEFAULT_APPROVAL_RATE)).build()) {
      placeMany(flow, 400);

      flow.runUntilQuiescent();

      long failed = flow.repository().all().stream().filter(o -> o.status() == OrderStatus.FAILED).count();
      assertThat(failed).isBetween(140L, 260L);
      assertThat(flow.repository().all()).filteredOn(o -> o.status() == OrderStatus.FAILED)
          .allSatisfy(o -> assertThat(o.failureReason()).isNotBlank());
    }
  }

  private static PlaceOrderCommand command(CustomerId customer, String name, int quantity) {
    return new PlaceOrderCommand(customer, new OrderDetails(name, quantity, "luigis"));
  }

  private static List<Order> placeMany(InMemoryOrderflow flow, int n) {
    List<Order> placed = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      placed.add(flow.placeOrder().place(command(Orders.aCustomer(), "Dish " + i, 1 + i % 9)));
    }
    return placed;
  }

  private static <T> T retry(Supplier<T> call) {
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
