package dev.orderflow.lambda.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OncePerContainerTest {

  @Test
  void buildsOnceAndHandsOutTheSameValue() {
    AtomicInteger builds = new AtomicInteger();
    OncePerContainer<Object> container = OncePerContainer.build(() -> {
      builds.incrementAndGet();
      return new Object();
    });

    assertThat(container.get()).isSameAs(container.get());
    assertThat(builds).hasValue(1);
  }

  @Test
  void rethrowsTheFailureItselfToEveryCaller() {
    IllegalStateException missing = new IllegalStateException("missing environment variable: ORDERS_TABLE");
    OncePerContainer<Object> container = OncePerContainer.build(() -> {
      throw missing;
    });

    assertThatThrownBy(container::get).isSameAs(missing);
    assertThatThrownBy(container::get).isSameAs(missing);
  }
}
