package dev.orderflow.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.core.application.EmailOutcome;
import dev.orderflow.core.domain.EmailAddress;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.StatusChange;
import dev.orderflow.core.fixtures.Orders;
import dev.orderflow.core.port.MalformedMessageException;
import dev.orderflow.core.port.OrderMessageFormat;
import dev.orderflow.core.port.TransientFailureException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link EmailOutcome} on the in-memory repository and mailer: once per outcome, however it is delivered. */
class EmailOutcomeTest {
  private final ManualClock clock = new ManualClock(Orders.T0);
  private final InMemoryOrderRepository repository = new InMemoryOrderRepository();
  private final Faults faults = Faults.controllable();
  private final InMemoryCustomerMailer mailer = new InMemoryCustomerMailer(faults);
  private final EmailOutcome emailOutcome = new EmailOutcome(repository, mailer, clock);
  private final EmailAddress ada = EmailAddress.of("ada@example.com");

  @Test
  void sendsTheOutcomeToTheOrdersAddressThenDropsIt() {
    Order order = finalOrder(ada);

    assertThat(emailOutcome.onNotification(notification(order))).isEqualTo(EmailOutcome.Result.SENT);

    assertThat(mailer.sentTo(ada)).singleElement().satisfies(e -> assertThat(e.orderId()).isEqualTo(order.id()));
    assertThat(repository.find(order.customer(), order.id()).orElseThrow().email()).isEmpty();
  }

  @Test
  void repeatedDeliveriesSendNothingMore() {
    Order order = finalOrder(ada);

    for (int i = 0; i < 3; i++) {
      emailOutcome.onNotification(notification(order));
    }

    assertThat(mailer.sentTo(ada)).hasSize(1);
    assertThat(emailOutcome.onNotification(notification(order))).isEqualTo(EmailOutcome.Result.NOTHING_TO_SEND);
  }

  @Test
  void deliveriesHandledAtTheSameTimeSendOneEmail() throws Exception {
    int deliveries = 8;
    List<Order> orders = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      orders.add(finalOrder(EmailAddress.of("c" + i + "@example.com")));
    }
    ExecutorService pool = Executors.newFixedThreadPool(deliveries);
    try {
      for (Order order : orders) {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < deliveries; i++) {
          done.add(pool.submit(() -> {
            start.await();
            try {
              return emailOutcome.onNotification(notification(order));
            } catch (TransientFailureException claimedElsewhere) {
              return null; // comes back later, by when the address is gone
            }
          }));
        }
        start.countDown();
        for (Future<?> f : done) {
          f.get(30, TimeUnit.SECONDS);
        }
        assertThat(mailer.sentFor(order.id())).as("emails about %s", order.id()).hasSize(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFailedSendIsSentByALaterDeliveryOnceItsClaimExpired() {
    Order order = finalOrder(ada);
    faults.failNext("mailer.send", 1);

    assertThatThrownBy(() -> emailOutcome.onNotification(notification(order)))
        .isInstanceOf(TransientFailureException.class);
    assertThatThrownBy(() -> emailOutcome.onNotification(notification(order)))
        .as("the failed delivery's claim still runs").isInstanceOf(TransientFailureException.class)
        .hasMessageContaining("another delivery");
    clock.advance(EmailOutcome.CLAIM);

    assertThat(emailOutcome.onNotification(notification(order))).isEqualTo(EmailOutcome.Result.SENT);
    assertThat(mailer.sentTo(ada)).hasSize(1);
    assertThat(repository.find(order.customer(), order.id()).orElseThrow().status())
        .as("the order's status never waits for its email").isEqualTo(order.status());
  }

  @Test
  void noAddressADeletedOrderOrAnUnreadableNotificationSendNothing() {
    Order without = finalOrder(null);
    Order deleted = finalOrder(ada);
    repository.delete(deleted.customer(), deleted.id());

    assertThat(emailOutcome.onNotification(notification(without))).isEqualTo(EmailOutcome.Result.NOTHING_TO_SEND);
    assertThat(emailOutcome.onNotification(notification(deleted))).isEqualTo(EmailOutcome.Result.ORDER_GONE);
    assertThatThrownBy(() -> emailOutcome.onNotification("{\"orderId\":\"x\"}"))
        .isInstanceOf(MalformedMessageException.class);
    assertThat(mailer.count()).isZero();
  }

  private Order finalOrder(EmailAddress address) {
    Orders request = Orders.aRequest();
    if (address != null) {
      request.emailTo(address.value());
    }
    Order order = request.pending();
    repository.createIfAbsent(order);
    return repository.transition(order.customer(), order.id(), StatusChange.failure("card expired", Orders.T0))
        .orElseThrow();
  }

  private static String notification(Order order) {
    return OrderMessageFormat.encodeOutcome(order);
  }
}
