package dev.orderflow.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.InvalidRequestException;
import dev.orderflow.core.domain.OrderId;
import org.junit.jupiter.api.Test;

class PageTokensTest {
  private final PageTokens tokens = new PageTokens(PageTokens.keyFor("orders"));
  private final CustomerId alice = CustomerId.of("alice");

  @Test
  void aTokenReadsBackForItsCustomerAndIsUrlSafe() {
    String token = tokens.issue(alice, OrderId.of("0192-abc_DEF"));

    assertThat(token).matches("[A-Za-z0-9_-]+");
    assertThat(tokens.read(alice, token)).isEqualTo(OrderId.of("0192-abc_DEF"));
  }

  @Test
  void anotherCustomerAnotherTableOrGarbageIsRefused() {
    String token = tokens.issue(alice, OrderId.of("o-1"));
    PageTokens otherTable = new PageTokens(PageTokens.keyFor("other"));

    for (Runnable attempt : new Runnable[] {
        () -> tokens.read(CustomerId.of("bob"), token),
        () -> otherTable.read(alice, token),
        () -> tokens.read(alice, "not-a-token!"),
        () -> tokens.read(alice, "AAAA"),
        () -> tokens.read(alice, token.substring(0, 10))}) {
      assertThatThrownBy(attempt::run).isInstanceOfSatisfying(InvalidRequestException.class,
          e -> assertThat(e.field()).isEqualTo("nextToken"));
    }
  }
}
