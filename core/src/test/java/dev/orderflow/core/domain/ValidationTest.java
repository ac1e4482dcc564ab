package dev.orderflow.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.core.application.ListOrdersQuery;
import dev.orderflow.core.application.PlaceOrderCommand;
import dev.orderflow.core.application.UpdateOrderCommand;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import java.util.stream.Stream;

class ValidationTest {

  static Stream<Arguments> badRequests() {
    String longName = "n".repeat(OrderDetails.MAX_NAME_LENGTH + 1);
    String longRestaurant = "r".repeat(OrderDetails.MAX_RESTAURANT_ID_LENGTH + 1);
    CustomerId c = CustomerId.of("c");
    return Stream.of(
        Arguments.of("blank name", "name", "must not be blank", (Executable) () -> new OrderDetails("  ", 1, "r")),
        Arguments.of("null name", "name", "must not be blank", (Executable) () -> new OrderDetails(null, 1, "r")),
        Arguments.of("long name", "name", "at most 200", (Executable) () -> new OrderDetails(longName, 1, "r")),
        Arguments.of("control char", "name", "control characters", (Executable) () -> new OrderDetails("a\u0000b", 1, "r")),
        Arguments.of("zero quantity", "quantity", "between 1 and 1000", (Executable) () -> new OrderDetails("n", 0, "r")),
        Arguments.of("negative quantity", "quantity", "between 1 and 1000", (Executable) () -> new OrderDetails("n", -3, "r")),
        Arguments.of("huge quantity", "quantity", "between 1 and 1000", (Executable) () -> new OrderDetails("n", 1001, "r")),
        Arguments.of("blank restaurant", "restaurantId", "must not be blank", (Executable) () -> new OrderDetails("n", 1, "")),
        Arguments.of("long restaurant", "restaurantId", "at most 64", (Executable) () -> new OrderDetails("n", 1, longRestaurant)),
        Arguments.of("blank customer", "customer", "must not be blank", (Executable) () -> CustomerId.of(" ")),
        Arguments.of("bad id", "id", "1-64 characters", (Executable) () -> OrderId.of("a/b")),
        Arguments.of("empty id", "id", "1-64 characters", (Executable) () -> OrderId.of("")),
        Arguments.of("bad client token", "clientToken", "1-64 characters",
            (Executable) () -> new PlaceOrderCommand(c, new OrderDetails("n", 1, "r"), "has space")),
        Arguments.of("empty change", "input", "at least one",
            (Executable) () -> new DetailsChange(null, null, null)),
        Arguments.of("bad change quantity", "quantity", "between 1 and 1000",
            (Executable) () -> new DetailsChange(null, 0, null)),
        Arguments.of("blank change name", "name", "must not be blank",
            (Executable) () -> new DetailsChange(" ", null, null)),
        Arguments.of("expected version 0", "expectedVersion", "1 or more",
            (Executable) () -> new UpdateOrderCommand(c, OrderId.of("x"), new DetailsChange("n", null, null), 0L)),
        Arguments.of("limit 0", "limit", "between 1 and 100", (Executable) () -> ListOrdersQuery.of(c, 0, null)),
        Arguments.of("limit 101", "limit", "between 1 and 100", (Executable) () -> ListOrdersQuery.of(c, 101, null)),
        Arguments.of("empty token", "nextToken", "not a token", (Executable) () -> ListOrdersQuery.of(c, 5, "")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void everyRuleNamesItsFieldAndProblem(String rule, String field, String problem, Executable construct) {
    assertThatThrownBy(construct::execute)
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.field()).isEqualTo(field);
          assertThat(e.getMessage()).startsWith(field + ": ").contains(problem);
          assertThat(e.errorType()).isEqualTo("ValidationError");
        });
  }

  @Test
  void acceptsTheBoundaries() {
    OrderDetails details = new OrderDetails("n".repeat(200), 1000, "r".repeat(64));

    assertThat(details.quantity()).isEqualTo(1000);
    assertThat(new OrderDetails("é", 1, "r").name()).isEqualTo("é");
    assertThat(ListOrdersQuery.of(CustomerId.of("c"), null, null).limit()).isEqualTo(ListOrdersQuery.DEFAULT_LIMIT);
  }
}
