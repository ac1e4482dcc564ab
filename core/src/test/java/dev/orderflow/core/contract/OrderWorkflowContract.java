package dev.orderflow.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.fixtures.Orders;
import dev.orderflow.core.port.OrderWorkflow;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The {@link OrderWorkflow} contract: start is idempotent by order id. */
public abstract class OrderWorkflowContract {

  /** The workflow under test. */
  protected abstract OrderWorkflow workflow();

  /** How many runs were started for this order, as the backing service counts them. */
  protected abstract long runsStartedFor(OrderId id);

  @Test
  void startsOneRunPerOrder() {
    OrderRequest request = Orders.aRequest().build();

    assertThat(workflow().start(request)).isTrue();
    assertThat(workflow().start(request)).isFalse();

    assertThat(runsStartedFor(request.id())).isEqualTo(1);
  }

  @Test
  void differentOrdersGetTheirOwnRuns() {
    OrderRequest first = Orders.aRequest().build();
    OrderRequest second = Orders.aRequest().build();

    assertThat(workflow().start(first)).isTrue();
    assertThat(workflow().start(second)).isTrue();

    assertThat(runsStartedFor(first.id())).isEqualTo(1);
    assertThat(runsStartedFor(second.id())).isEqualTo(1);
  }

  @Test
  void aRedeliveredRequestWithOtherContentStillCountsAsStarted() {
    OrderRequest request = Orders.aRequest().build();
    OrderRequest sameOrderOtherTime = new OrderRequest(request.id(), request.customer(), request.details(),
        request.acceptedAt().plusSeconds(5));

    workflow().start(request);

    assertThat(workflow().start(sameOrderOtherTime)).isFalse();
    assertThat(runsStartedFor(request.id())).isEqualTo(1);
  }

  @Test
  void concurrentStartsOfOneOrderStartOneRun() throws Exception {
    OrderRequest request = Orders.aRequest().build();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Boolean>> starts = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        starts.add(() -> workflow().start(request));
      }
      long startedNow = 0;
      for (Future<Boolean> result : pool.invokeAll(starts)) {
        startedNow += result.get() ? 1 : 0;
      }

      assertThat(startedNow).isEqualTo(1);
      assertThat(runsStartedFor(request.id())).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }
}
