package dev.orderflow.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.core.fixtures.Orders;
import dev.orderflow.core.port.OrderMessageFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SQS semantics the in-memory queue promises: visibility, receive counts, dead letters. */
class InMemoryOrderQueueTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryOrderQueue queue = InMemoryOrderQueue.builder().clock(clock)
      .visibilityTimeout(Duration.ofSeconds(30)).maxReceives(3).build();

  @Test
  void aReceivedMessageIsHiddenUntilItsVisibilityTimeoutEnds() {
    queue.submit(Orders.aRequest().build());

    assertThat(queue.receive(10)).hasSize(1);
    assertThat(queue.receive(10)).isEmpty();
    clock.advance(Duration.ofSeconds(29));
    assertThat(queue.receive(10)).isEmpty();
    clock.advance(Duration.ofSeconds(1));

    assertThat(queue.receive(10)).singleElement().extracting(InMemoryOrderQueue.Received::receiveCount).isEqualTo(2);
  }

  @Test
  void aDeletedMessageNeverComesBack() {
    queue.submit(Orders.aRequest().build());
    InMemoryOrderQueue.Received received = queue.receive(1).get(0);

    queue.delete(received.receiptHandle());
    clock.advance(Duration.ofMinutes(5));

    assertThat(queue.receive(10)).isEmpty();
    assertThat(queue.pending()).isZero();
  }

  @Test
  void aStaleReceiptHandleDeletesNothing() {
    queue.submit(Orders.aRequest().build());
    InMemoryOrderQueue.Received first = queue.receive(1).get(0);
    clock.advance(Duration.ofSeconds(30));
    InMemoryOrderQueue.Received second = queue.receive(1).get(0);

    queue.delete(first.receiptHandle());

    assertThat(queue.pending()).isEqualTo(1);
    queue.delete(second.receiptHandle());
    assertThat(queue.pending()).isZero();
  }

  @Test
  void afterMaxReceivesAMessageGoesToTheDeadLetterQueue() {
    queue.sendRaw("poison");
    for (int receive = 1; receive <= 3; receive++) {
      assertThat(queue.receive(10)).singleElement()
          .extracting(InMemoryOrderQueue.Received::receiveCount).isEqualTo(receive);
      clock.advance(Duration.ofSeconds(30));
    }

    assertThat(queue.receive(10)).isEmpty();
    assertThat(queue.deadLetters()).singleElement().satisfies(d -> {
      assertThat(d.body()).isEqualTo("poison");
      assertThat(d.receiveCount()).isEqualTo(3);
    });
    assertThat(queue.pending()).isZero();
  }

  @Test
  void aRedriveReturnsDeadLettersWithAFreshCount() {
    queue.sendRaw("poison");
    for (int receive = 1; receive <= 4; receive++) {
      queue.receive(10);
      clock.advance(Duration.ofSeconds(30));
    }

    assertThat(queue.redriveDeadLetters()).isEqualTo(1);

    assertThat(queue.receive(10)).singleElement().extracting(InMemoryOrderQueue.Received::receiveCount).isEqualTo(1);
    assertThat(queue.deadLetters()).isEmpty();
  }

  @Test
  void receivesAtMostTenAndKeepsOrderOfArrival() {
    for (int i = 0; i < 15; i++) {
      queue.sendRaw("m" + i);
    }

    List<InMemoryOrderQueue.Received> first = queue.receive(10);
    List<InMemoryOrderQueue.Received> second = queue.receive(10);

    assertThat(first).extracting(InMemoryOrderQueue.Received::body).startsWith("m0", "m1").hasSize(10);
    assertThat(second).hasSize(5);
  }

  @Test
  void deliversEachSendAsOftenAsConfigured() {
    InMemoryOrderQueue duplicating = InMemoryOrderQueue.builder().clock(clock).copiesPerSend(3).build();
    var request = Orders.aRequest().build();

    duplicating.submit(request);

    assertThat(duplicating.receive(10)).hasSize(3).extracting(InMemoryOrderQueue.Received::body)
        .containsOnly(OrderMessageFormat.encode(request));
  }
}
