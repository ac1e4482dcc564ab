package dev.orderflow.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.fixtures.Orders;
import dev.orderflow.core.port.OrderMessageFormat;
import dev.orderflow.core.port.OrderQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@link OrderQueue} contract: what is submitted arrives, in {@link OrderMessageFormat}, and batches of
 * any size are accepted. Extend it with a queue that starts empty for each test.
 */
public abstract class OrderQueueContract {

  /** The queue under test, empty at the start of each test. */
  protected abstract OrderQueue queue();

  /**
   * Receives and acknowledges the bodies of the messages now in the queue, waiting up to {@code wait}
   * for at least {@code expected} of them.
   */
  protected abstract List<String> receiveBodies(int expected, Duration wait);

  @Test
  void aSubmittedRequestArrivesInTheWireFormat() {
    OrderRequest request = Orders.aRequest().build();

    queue().submit(request);

    List<String> bodies = receiveBodies(1, Duration.ofSeconds(10));
    assertThat(bodies).hasSize(1);
    assertThat(OrderMessageFormat.decode(bodies.get(0))).isEqualTo(request);
  }

  @Test
  void submitsBatchesOfAnySize() {
    List<OrderRequest> requests = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      requests.add(Orders.aRequest().build());
    }

    queue().submitAll(requests);

    List<OrderRequest> received = receiveBodies(23, Duration.ofSeconds(20)).stream()
        .map(OrderMessageFormat::decode).toList();
    assertThat(received).containsExactlyInAnyOrderElementsOf(requests);
  }

  @Test
  void anEmptyBatchSendsNothing() {
    queue().submitAll(List.of());

    assertThat(receiveBodies(0, Duration.ofMillis(200))).isEmpty();
  }

  @Test
  void keepsUnusualTextIntact() {
    OrderRequest request = Orders.aRequest().withDetails("Naïve \"quote\" \\ back slash 🍕", 7, "r-ü").build();

    queue().submit(request);

    assertThat(receiveBodies(1, Duration.ofSeconds(10))).singleElement()
        .satisfies(body -> assertThat(OrderMessageFormat.decode(body)).isEqualTo(request));
  }
}
