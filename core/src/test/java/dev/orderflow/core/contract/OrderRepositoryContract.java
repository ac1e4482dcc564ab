package dev.orderflow.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.DetailsChange;
import dev.orderflow.core.domain.EmailAddress;
import dev.orderflow.core.domain.InvalidRequestException;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderNotFoundException;
import dev.orderflow.core.domain.OrderStatus;
import dev.orderflow.core.domain.StatusChange;
import dev.orderflow.core.domain.VersionConflictException;
import dev.orderflow.core.fixtures.Orders;
import dev.orderflow.core.port.OrderPage;
import dev.orderflow.core.port.OrderRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The {@link OrderRepository} contract. Extend it with a fresh or shared repository; every test uses its
 * own customers, so state left by other tests does not matter.
 */
public abstract class OrderRepositoryContract {
  private static final Instant T1 = Orders.T0.plusSeconds(1);

  /** The repository under test. */
  protected abstract OrderRepository repository();

  @Test
  void createsOnceAndFindsByCustomerAndId() {
    Order order = Orders.aRequest().pending();

    assertThat(repository().createIfAbsent(order)).isTrue();
    assertThat(repository().createIfAbsent(order)).isFalse();

    assertThat(repository().find(order.customer(), order.id())).contains(order);
  }

  @Test
  void aSecondCreateLeavesTheFirstUntouched() {
    Order first = Orders.aRequest().withDetails("Soup", 1, "r1").pending();
    Order second = new Order(first.id(), first.customer(), new dev.orderflow.core.domain.OrderDetails("Cake", 9, "r2"),
        OrderStatus.PENDING, null, T1, T1, 1, false, 0, null);
    repository().createIfAbsent(first);

    assertThat(repository().createIfAbsent(second)).isFalse();
    assertThat(repository().find(first.customer(), first.id())).contains(first);
  }

  @Test
  void anotherCustomersOrderDoesNotExistForTheCaller() {
    Order order = stored();
    CustomerId other = Orders.aCustomer();

    assertThat(repository().find(other, order.id())).isEmpty();
    assertThatThrownBy(() -> repository().transition(other, order.id(), StatusChange.success(T1)))
        .isInstanceOf(OrderNotFoundException.class);
    assertThat(repository().delete(other, order.id())).isEmpty();
    assertThat(repository().find(order.customer(), order.id())).contains(order);
  }

  @Test
  void transitionsAPendingOrderOnceAndBumpsTheVersion() {
    Order order = stored();

    Optional<Order> completed = repository().transition(order.customer(), order.id(), StatusChange.success(T1));
    Optional<Order> again = repository().transition(order.customer(), order.id(), StatusChange.failure("late", T1));

    assertThat(completed).hasValueSatisfying(o -> {
      assertThat(o.status()).isEqualTo(OrderStatus.SUCCESS);
      assertThat(o.version()).isEqualTo(2);
      assertThat(o.updatedAt()).isEqualTo(T1);
      assertThat(o.notified()).isFalse();
    });
    assertThat(again).isEmpty();
    assertThat(repository().find(order.customer(), order.id())).isEqualTo(completed);
  }

  @Test
  void failureKeepsItsReason() {
    Order order = stored();

    Order failed = repository().transition(order.customer(), order.id(), StatusChange.failure("card expired", T1))
        .orElseThrow();

    assertThat(failed.status()).isEqualTo(OrderStatus.FAILED);
    assertThat(failed.failureReason()).isEqualTo("card expired");
    assertThat(repository().find(order.customer(), order.id())).contains(failed);
  }

  @Test
  void transitionOfAMissingOrderIsNotFound() {
    assertThatThrownBy(() -> repository().transition(Orders.aCustomer(), OrderId.of("missing"), StatusChange.success(T1)))
        .isInstanceOf(OrderNotFoundException.class);
  }

  @Test
  void concurrentTransitionsApplyExactlyOne() throws Exception {
    Order order = stored();
    List<Callable<Optional<Order>>> racers = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      StatusChange change = i % 2 == 0 ? StatusChange.success(T1) : StatusChange.failure("declined " + i, T1);
      racers.add(() -> repository().transition(order.customer(), order.id(), change));
    }

    List<Optional<Order>> results = race(racers);

    List<Order> applied = results.stream().flatMap(Optional::stream).toList();
    assertThat(applied).hasSize(1);
    assertThat(repository().find(order.customer(), order.id())).contains(applied.get(0));
    assertThat(applied.get(0).version()).isEqualTo(2);
  }

  @Test
  void updatesDetailsGuardedByVersion() {
    Order order = stored();
    Order revised = order.revise(new DetailsChange("Calzone", 3, null), T1);

    repository().updateDetails(revised);

    Order stored = repository().find(order.customer(), order.id()).orElseThrow();
    assertThat(stored.details().name()).isEqualTo("Calzone");
    assertThat(stored.details().quantity()).isEqualTo(3);
    assertThat(stored.details().restaurantId()).isEqualTo(order.details().restaurantId());
    assertThat(stored.version()).isEqualTo(2);
    assertThat(stored.updatedAt()).isEqualTo(T1);
    assertThat(stored.status()).isEqualTo(OrderStatus.PENDING);
  }

  @Test
  void aStaleUpdateIsAConflictNamingTheStoredVersion() {
    Order order = stored();
    repository().updateDetails(order.revise(new DetailsChange("First", null, null), T1));
    Order stale = order.revise(new DetailsChange("Second", null, null), T1);

    assertThatThrownBy(() -> repository().updateDetails(stale))
        .isInstanceOfSatisfying(VersionConflictException.class, e -> assertThat(e.actualVersion()).isEqualTo(2));
    assertThat(repository().find(order.customer(), order.id()).orElseThrow().details().name()).isEqualTo("First");
  }

  @Test
  void anUpdateAfterATransitionConflicts() {
    Order order = stored();
    repository().transition(order.customer(), order.id(), StatusChange.success(T1));

    assertThatThrownBy(() -> repository().updateDetails(order.revise(new DetailsChange("Late", null, null), T1)))
        .isInstanceOf(VersionConflictException.class);
    assertThat(repository().find(order.customer(), order.id()).orElseThrow().status()).isEqualTo(OrderStatus.SUCCESS);
  }

  @Test
  void updateOfAMissingOrderIsNotFound() {
    Order never = Orders.aRequest().pending().revise(new DetailsChange("X", null, null), T1);

    assertThatThrownBy(() -> repository().updateDetails(never)).isInstanceOf(OrderNotFoundException.class);
    assertThat(repository().find(never.customer(), never.id())).isEmpty();
  }

  @Test
  void updatesDoNotResetTheNotificationFlag() {
    Order order = stored();
    Order failed = repository().transition(order.customer(), order.id(), StatusChange.failure("declined", T1))
        .orElseThrow();
    repository().markNotified(order.customer(), order.id());

    repository().updateDetails(failed.revise(new DetailsChange(null, 5, null), T1));

    Order stored = repository().find(order.customer(), order.id()).orElseThrow();
    assertThat(stored.notified()).isTrue();
    assertThat(stored.details().quantity()).isEqualTo(5);
    assertThat(stored.status()).isEqualTo(OrderStatus.FAILED);
  }

  @Test
  void markNotifiedIsIdempotentAndKeepsTheVersion() {
    Order order = stored();
    Order done = repository().transition(order.customer(), order.id(), StatusChange.success(T1)).orElseThrow();

    repository().markNotified(order.customer(), order.id());
    repository().markNotified(order.customer(), order.id());

    assertThat(repository().find(order.customer(), order.id())).contains(done.markNotified());
  }

  @Test
  void keepsTheEmailAddressThroughEveryChangeUntilItIsSent() {
    Order order = Orders.aRequest().emailTo("Ada.Lovelace+orders@Example.COM").pending();
    repository().createIfAbsent(order);
    repository().startPayment(order.customer(), order.id(), T1);
    Order failed = repository().transition(order.customer(), order.id(), StatusChange.failure("declined", T1))
        .orElseThrow();
    repository().markNotified(order.customer(), order.id());
    repository().updateDetails(failed.revise(new DetailsChange(null, 3, null), T1));

    Order stored = repository().find(order.customer(), order.id()).orElseThrow();
    assertThat(stored.email()).contains(EmailAddress.of("Ada.Lovelace+orders@example.com"));
    assertThat(repository().find(order.customer(), order.id()).orElseThrow().emailTo().value())
        .isEqualTo("Ada.Lovelace+orders@example.com");
  }

  @Test
  void anEmailIsClaimedOnceWhileTheClaimRunsAndAgainAfterItExpires() {
    Order order = emailable();
    Instant until = T1.plusSeconds(120);

    assertThat(repository().claimEmail(order.customer(), order.id(), T1, until)).isTrue();
    assertThat(repository().claimEmail(order.customer(), order.id(), T1.plusSeconds(119), until.plusSeconds(119)))
        .isFalse();
    assertThat(repository().claimEmail(order.customer(), order.id(), until, until.plusSeconds(120))).isTrue();
  }

  @Test
  void concurrentClaimsGrantExactlyOne() throws Exception {
    Order order = emailable();
    int callers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return repository().claimEmail(order.customer(), order.id(), T1, T1.plusSeconds(120));
        }));
      }
      start.countDown();
      int granted = 0;
      for (Future<Boolean> result : results) {
        granted += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(granted).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void markEmailedDropsTheAddressAndTheClaimKeepsTheVersionAndIsIdempotent() {
    Order order = emailable();
    Order before = repository().find(order.customer(), order.id()).orElseThrow();
    repository().claimEmail(order.customer(), order.id(), T1, T1.plusSeconds(120));

    repository().markEmailed(order.customer(), order.id());
    repository().markEmailed(order.customer(), order.id());

    Order after = repository().find(order.customer(), order.id()).orElseThrow();
    assertThat(after).isEqualTo(before.emailSent());
    assertThat(after.email()).isEmpty();
    assertThat(after.version()).isEqualTo(before.version());
    assertThat(repository().claimEmail(order.customer(), order.id(), T1, T1.plusSeconds(120))).isFalse();
  }

  @Test
  void noClaimWithoutAnAddressOrBeforeTheOutcome() {
    Order without = stored();
    repository().transition(without.customer(), without.id(), StatusChange.success(T1));
    assertThat(repository().claimEmail(without.customer(), without.id(), T1, T1.plusSeconds(120))).isFalse();

    Order pending = Orders.aRequest().emailTo("pending@example.com").pending();
    repository().createIfAbsent(pending);
    assertThat(repository().claimEmail(pending.customer(), pending.id(), T1, T1.plusSeconds(120))).isFalse();
    repository().markEmailed(pending.customer(), pending.id());
    assertThat(repository().find(pending.customer(), pending.id()).orElseThrow().email()).isPresent();
  }

  @Test
  void claimingOrMarkingTheEmailOfAMissingOrDeletedOrderIsNotFound() {
    Order order = emailable();
    repository().delete(order.customer(), order.id());

    assertThatThrownBy(() -> repository().claimEmail(order.customer(), order.id(), T1, T1.plusSeconds(1)))
        .isInstanceOf(OrderNotFoundException.class);
    assertThatThrownBy(() -> repository().markEmailed(order.customer(), order.id()))
        .isInstanceOf(OrderNotFoundException.class);
    assertThatThrownBy(() -> repository().markEmailed(Orders.aCustomer(), OrderId.of("missing")))
        .isInstanceOf(OrderNotFoundException.class);
  }

  /** A stored order with an address, final ({@code SUCCESS}). */
  private Order emailable() {
    Order order = Orders.aRequest().emailTo("someone@example.com").pending();
    repository().createIfAbsent(order);
    repository().transition(order.customer(), order.id(), StatusChange.success(T1));
    return order;
  }

  @Test
  void markNotifiedOfAMissingOrderIsNotFound() {
    assertThatThrownBy(() -> repository().markNotified(Orders.aCustomer(), OrderId.of("missing")))
        .isInstanceOf(OrderNotFoundException.class);
  }

  @Test
  void deleteIsIdempotentAndReturnsWhatWasDeleted() {
    Order order = stored();

    assertThat(repository().delete(order.customer(), order.id())).contains(order);
    assertThat(repository().delete(order.customer(), order.id())).isEmpty();
    assertThat(repository().find(order.customer(), order.id())).isEmpty();
  }

  @Test
  void aDeletedOrderStaysDeletedWhateverComesLater() {
    Order order = stored();
    repository().delete(order.customer(), order.id());

    assertThat(repository().isDeleted(order.customer(), order.id())).isTrue();
    assertThat(repository().createIfAbsent(order)).isFalse();
    assertThat(repository().find(order.customer(), order.id())).isEmpty();
    assertThatThrownBy(() -> repository().transition(order.customer(), order.id(), StatusChange.success(T1)))
        .isInstanceOf(OrderNotFoundException.class);
    assertThatThrownBy(() -> repository().startPayment(order.customer(), order.id(), T1))
        .isInstanceOf(OrderNotFoundException.class);
    assertThatThrownBy(() -> repository().updateDetails(order.revise(new DetailsChange("Tea", null, null), T1)))
        .isInstanceOf(OrderNotFoundException.class);
    assertThatThrownBy(() -> repository().markNotified(order.customer(), order.id()))
        .isInstanceOf(OrderNotFoundException.class);
    assertThat(repository().list(order.customer(), 10, null).items()).isEmpty();
    assertThat(repository().find(order.customer(), order.id())).isEmpty();
  }

  @Test
  void deletingAnOrderNotYetCreatedKeepsItFromBeingCreated() {
    Order order = Orders.aRequest().pending();

    assertThat(repository().delete(order.customer(), order.id())).isEmpty();

    assertThat(repository().createIfAbsent(order)).isFalse();
    assertThat(repository().find(order.customer(), order.id())).isEmpty();
    assertThat(repository().isDeleted(order.customer(), order.id())).isTrue();
  }

  @Test
  void anIdNeverUsedIsNotDeletedAndADeletionStaysWithinItsCustomer() {
    Order order = stored();
    CustomerId other = Orders.aCustomer();
    repository().delete(other, order.id());

    assertThat(repository().isDeleted(order.customer(), order.id())).isFalse();
    assertThat(repository().find(order.customer(), order.id())).contains(order);
    assertThat(repository().isDeleted(Orders.aCustomer(), OrderId.of("never-used"))).isFalse();
  }

  @Test
  void startingPaymentBumpsTheVersionOnceAndFreezesTheDetails() {
    Order order = stored();

    Order paying = repository().startPayment(order.customer(), order.id(), T1).orElseThrow();

    assertThat(paying.version()).isEqualTo(2);
    assertThat(paying.paymentVersion()).isEqualTo(2);
    assertThat(paying.paymentKey()).isEqualTo(order.id().value() + ":2");
    assertThat(paying.status()).isEqualTo(OrderStatus.PENDING);
    assertThat(repository().find(order.customer(), order.id())).contains(paying);
    assertThat(repository().startPayment(order.customer(), order.id(), T1.plusSeconds(1))).contains(paying);
    assertThatThrownBy(() -> repository().updateDetails(order.revise(new DetailsChange("Tea", null, null), T1)))
        .isInstanceOf(VersionConflictException.class);
  }

  @Test
  void paymentCannotStartOnceTheOrderIsFinalOrMissing() {
    Order order = stored();
    repository().transition(order.customer(), order.id(), StatusChange.failure("no", T1));

    assertThat(repository().startPayment(order.customer(), order.id(), T1)).isEmpty();
    assertThatThrownBy(() -> repository().startPayment(Orders.aCustomer(), OrderId.of("missing"), T1))
        .isInstanceOf(OrderNotFoundException.class);
  }

  @Test
  void theFinalStatusKeepsThePaymentVersion() {
    Order order = stored();
    Order paying = repository().startPayment(order.customer(), order.id(), T1).orElseThrow();

    Order done = repository().transition(order.customer(), order.id(), StatusChange.success(T1)).orElseThrow();

    assertThat(done.paymentVersion()).isEqualTo(paying.version());
    assertThat(done.version()).isEqualTo(paying.version() + 1);
    assertThat(repository().find(order.customer(), order.id())).contains(done);
  }

  @Test
  void countsTheCustomersPendingOrdersUpToTheBound() {
    CustomerId customer = Orders.aCustomer();
    for (int i = 0; i < 5; i++) {
      repository().createIfAbsent(Orders.aRequest().forCustomer(customer).withId(OrderId.of("pending-" + i)).pending());
    }
    repository().transition(customer, OrderId.of("pending-0"), StatusChange.success(T1));
    repository().transition(customer, OrderId.of("pending-1"), StatusChange.failure("no", T1));
    repository().delete(customer, OrderId.of("pending-2"));
    repository().createIfAbsent(Orders.aRequest().withId(OrderId.of("pending-3")).pending()); // another customer's

    assertThat(repository().countPending(customer, 100)).isEqualTo(2);
    assertThat(repository().countPending(customer, 1)).isEqualTo(1);
    assertThat(repository().countPending(Orders.aCustomer(), 10)).isZero();
  }

  @Test
  void listingSkipsDeletedOrdersAndStillFillsItsPages() {
    CustomerId customer = Orders.aCustomer();
    List<Order> kept = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      Order order = Orders.aRequest().forCustomer(customer).withId(OrderId.of("order-" + i)).pending();
      repository().createIfAbsent(order);
      if (i % 3 == 0) {
        kept.add(order);
      } else {
        repository().delete(customer, order.id());
      }
    }

    OrderPage first = repository().list(customer, 2, null);
    OrderPage second = repository().list(customer, 2, first.nextToken());

    assertThat(first.items()).containsExactlyElementsOf(kept.subList(0, 2));
    assertThat(second.items()).containsExactly(kept.get(2));
    assertThat(second.nextToken()).isNull();
  }

  @Test
  void listsOnlyTheCustomersOrdersInIdOrderPageByPage() {
    CustomerId customer = Orders.aCustomer();
    List<Order> mine = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      Order order = Orders.aRequest().forCustomer(customer).withId(OrderId.of("order-" + i)).pending();
      repository().createIfAbsent(order);
      mine.add(order);
    }
    repository().createIfAbsent(Orders.aRequest().withId(OrderId.of("order-3")).pending());

    List<Order> seen = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    String token = null;
    do {
      OrderPage page = repository().list(customer, 3, token);
      seen.addAll(page.items());
      pageSizes.add(page.items().size());
      token = page.nextToken();
    } while (token != null);

    assertThat(seen).containsExactlyElementsOf(mine);
    assertThat(pageSizes.subList(0, 2)).containsExactly(3, 3);
  }

  @Test
  void anEmptyListHasNoNextToken() {
    OrderPage page = repository().list(Orders.aCustomer(), 10, null);

    assertThat(page.items()).isEmpty();
    assertThat(page.nextToken()).isNull();
  }

  @Test
  void anotherCustomersTokenIsRefused() {
    CustomerId alice = Orders.aCustomer();
    CustomerId bob = Orders.aCustomer();
    for (int i = 0; i < 3; i++) {
      repository().createIfAbsent(Orders.aRequest().forCustomer(alice).withId(OrderId.of("a-" + i)).pending());
      repository().createIfAbsent(Orders.aRequest().forCustomer(bob).withId(OrderId.of("a-" + i)).pending());
    }
    String alicesToken = repository().list(alice, 1, null).nextToken();
    assertThat(alicesToken).isNotNull();

    assertThatThrownBy(() -> repository().list(bob, 10, alicesToken))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("nextToken"));
    assertThat(repository().list(alice, 10, alicesToken).items()).extracting(o -> o.id().value())
        .containsExactly("a-1", "a-2");
  }

  @Test
  void aMalformedTokenIsAValidationError() {
    assertThatThrownBy(() -> repository().list(Orders.aCustomer(), 10, "not-a-token!"))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("nextToken"));
  }

  @Test
  void keepsUnicodeAndLongValuesExactly() {
    Order order = Orders.aRequest().withDetails("Crème brûlée \"deluxe\" 🍮 " + "x".repeat(150), 1000, "café-7")
        .pending();
    repository().createIfAbsent(order);

    assertThat(repository().find(order.customer(), order.id())).contains(order);
  }

  private Order stored() {
    Order order = Orders.aRequest().pending();
    repository().createIfAbsent(order);
    return order;
  }

  private static <T> List<T> race(List<Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(pool.submit(() -> {
          go.await();
          return task.call();
        }));
      }
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(30, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
