package dev.orderflow.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderStatus;
import dev.orderflow.core.domain.StatusChange;
import dev.orderflow.core.fixtures.Orders;
import dev.orderflow.core.port.OrderNotifier;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@link OrderNotifier} contract: a published outcome reaches a subscriber with its order, customer,
 * status and reason. Extend it with a subscriber that starts empty for each test.
 */
public abstract class OrderNotifierContract {

  /** The notifier under test. */
  protected abstract OrderNotifier notifier();

  /**
   * What a subscriber to every outcome received, waiting up to {@code wait} for at least {@code expected}
   * notifications.
   */
  protected abstract List<PublishedOutcome> published(int expected, Duration wait);

  @Test
  void publishesASuccess() {
    Order order = Orders.aRequest().pending().apply(StatusChange.success(Orders.T0));

    notifier().publish(order);

    assertThat(published(1, Duration.ofSeconds(10))).containsExactly(
        new PublishedOutcome(order.id().value(), order.customer().value(), OrderStatus.SUCCESS, null));
  }

  @Test
  void publishesAFailureWithItsReason() {
    Order order = Orders.aRequest().pending().apply(StatusChange.failure("payment method declined", Orders.T0));

    notifier().publish(order);

    assertThat(published(1, Duration.ofSeconds(10))).containsExactly(new PublishedOutcome(
        order.id().value(), order.customer().value(), OrderStatus.FAILED, "payment method declined"));
  }

  @Test
  void publishesEachCallInOrderOfCalls() {
    Order first = Orders.aRequest().pending().apply(StatusChange.success(Orders.T0));
    Order second = Orders.aRequest().pending().apply(StatusChange.failure("card expired", Orders.T0));

    notifier().publish(first);
    notifier().publish(second);

    assertThat(published(2, Duration.ofSeconds(10))).extracting(PublishedOutcome::orderId)
        .containsExactlyInAnyOrder(first.id().value(), second.id().value());
  }
}
