package dev.orderflow.core.port;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.core.domain.OrderId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OrderIdGeneratorTest {

  @Test
  void idsSortInCreationOrderEvenWithinOneMillisecond() {
    Clock frozen = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    OrderIdGenerator ids = OrderIdGenerator.timeOrdered(frozen, new Random(1));

    List<String> made = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      made.add(ids.next().value());
    }

    assertThat(made).isSorted().doesNotHaveDuplicates();
    assertThat(new HashSet<>(made)).hasSize(10_000);
  }

  @Test
  void idsAreValidVersion7Uuids() {
    Instant now = Instant.parse("2026-03-14T15:09:26.535Z");
    OrderId id = OrderIdGenerator.timeOrdered(Clock.fixed(now, ZoneOffset.UTC), new Random(7)).next();

    java.util.UUID uuid = java.util.UUID.fromString(id.value());
    assertThat(uuid.version()).isEqualTo(7);
    assertThat(uuid.variant()).isEqualTo(2);
    assertThat(uuid.getMostSignificantBits() >>> 16).isEqualTo(now.toEpochMilli());
  }
}
