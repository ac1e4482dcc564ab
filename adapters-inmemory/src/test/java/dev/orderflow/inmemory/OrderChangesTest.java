package dev.orderflow.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.core.application.PlaceOrderCommand;
import dev.orderflow.core.application.UpdateOrderCommand;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.DetailsChange;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderChange;
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.domain.OrderId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class OrderChangesTest {
  private static final CustomerId DANA = CustomerId.of("dana");

  @Test
  void reportsEveryVersionOnceInOrderUnderRedeliveryAndFaults() {
    try (InMemoryOrderflow flow = InMemoryOrderflow.builder().deliveriesPerMessage(3)
        .faults(Faults.failing(0.2, 7)).payments(ScriptedPaymentGateway.approving()).build()) {
      List<OrderChange> changes = new CopyOnWriteArrayList<>();
      flow.repository().onChange(changes::add);
      Order placed = flow.placeOrder().place(new PlaceOrderCommand(DANA, new OrderDetails("Gyoza", 6, "tokyo-3")));

      flow.runUntilQuiescent();

      assertThat(changes).extracting(OrderChange::kind).containsExactly(
          OrderChange.Kind.CREATED, OrderChange.Kind.PAYMENT_STARTED, OrderChange.Kind.STATUS_CHANGED);
      assertThat(changes).extracting(c -> c.order().version()).containsExactly(1L, 2L, 3L);
      assertThat(changes).allSatisfy(c -> assertThat(c.id()).isEqualTo(placed.id()));
      assertThat(changes.get(2).order().status().isFinal()).isTrue();
    }
  }

  @Test
  void reportsDetailsUpdatesAndOneDeletionButNotTheNotifiedMark() {
    try (InMemoryOrderflow flow = InMemoryOrderflow.builder().payments(ScriptedPaymentGateway.declining("card expired"))
        .build()) {
      Order placed = flow.placeOrder().place(new PlaceOrderCommand(DANA, new OrderDetails("Gyoza", 6, "tokyo-3")));
      flow.runUntilQuiescent();
      List<OrderChange> changes = new ArrayList<>();
      flow.repository().onChange(changes::add);

      flow.repository().markNotified(DANA, placed.id());
      flow.updateOrder().update(new UpdateOrderCommand(DANA, placed.id(), new DetailsChange(null, 7, null), null));
      flow.deleteOrder().delete(DANA, placed.id());
      flow.deleteOrder().delete(DANA, placed.id());
      flow.deleteOrder().delete(DANA, OrderId.of("never-created"));

      assertThat(changes).extracting(OrderChange::kind).containsExactly(
          OrderChange.Kind.DETAILS_CHANGED, OrderChange.Kind.DELETED, OrderChange.Kind.DELETED);
      assertThat(changes.get(0).order().details().quantity()).isEqualTo(7);
      assertThat(changes.get(0).order().version()).isEqualTo(4);
      assertThat(changes).extracting(OrderChange::id)
          .containsExactly(placed.id(), placed.id(), OrderId.of("never-created"));
    }
  }

  /**
   * Random mixes of placing, updating and deleting, with the workflow running in between and faults on: per
   * order, the versions reported grow by exactly one each time, from the creation on, and a deletion is last.
   */
  @Test
  void perOrderTheReportedVersionsAreConsecutiveAndADeletionIsLast() {
    for (long seed = 1; seed <= 30; seed++) {
      Random random = new Random(seed);
      try (InMemoryOrderflow flow = InMemoryOrderflow.builder().deliveriesPerMessage(2)
          .faults(Faults.failing(0.1, seed)).seed(seed).build()) {
        List<OrderChange> changes = new CopyOnWriteArrayList<>();
        flow.repository().onChange(changes::add);
        List<Order> placed = new ArrayList<>();
        for (int step = 0; step < 40; step++) {
          int action = random.nextInt(10);
          try {
            if (action < 4 || placed.isEmpty()) {
              placed.add(flow.placeOrder().place(new PlaceOrderCommand(DANA,
                  new OrderDetails("Item " + step, 1 + random.nextInt(5), "r1"))));
            } else if (action < 7) {
              Order target = placed.get(random.nextInt(placed.size()));
              flow.updateOrder().update(new UpdateOrderCommand(DANA, target.id(),
                  new DetailsChange(null, 1 + random.nextInt(9), null), null));
            } else if (action < 8) {
              flow.deleteOrder().delete(DANA, placed.get(random.nextInt(placed.size())).id());
            } else {
              flow.runUntilQuiescent();
            }
          } catch (RuntimeException refused) {
            // not found yet, not modifiable, or an injected fault: the write did not happen
          }
        }
        flow.runUntilQuiescent();

        Map<OrderId, List<OrderChange>> byOrder = new TreeMap<>((a, b) -> a.value().compareTo(b.value()));
        changes.forEach(c -> byOrder.computeIfAbsent(c.id(), id -> new ArrayList<>()).add(c));
        long seedShown = seed;
        byOrder.forEach((id, ofOrder) -> {
          long expected = 1;
          for (int i = 0; i < ofOrder.size(); i++) {
            OrderChange change = ofOrder.get(i);
            if (change.isDeletion()) {
              assertThat(i).as("seed %d, order %s: the deletion is the last change", seedShown, id)
                  .isEqualTo(ofOrder.size() - 1);
            } else {
              assertThat(change.order().version()).as("seed %d, order %s, change %d", seedShown, id, i)
                  .isEqualTo(expected++);
            }
          }
          storedOrder(flow, id).ifPresent(stored ->
              assertThat(withoutNotified(ofOrder.get(ofOrder.size() - 1).order()))
                  .as("seed %d: the last change is the stored order", seedShown).isEqualTo(withoutNotified(stored)));
        });
      }
    }
  }

  private static Order withoutNotified(Order o) {
    return new Order(o.id(), o.customer(), o.details(), o.status(), o.failureReason(), o.createdAt(), o.updatedAt(),
        o.version(), false, o.paymentVersion(), o.emailTo());
  }

  /** The stored order, read past the injected faults. */
  private static java.util.Optional<Order> storedOrder(InMemoryOrderflow flow, OrderId id) {
    while (true) {
      try {
        return flow.repository().find(DANA, id);
      } catch (dev.orderflow.core.port.TransientFailureException injected) {
        // try again
      }
    }
  }
}
