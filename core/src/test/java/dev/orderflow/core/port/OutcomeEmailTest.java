package dev.orderflow.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.StatusChange;
import dev.orderflow.core.fixtures.Orders;
import org.junit.jupiter.api.Test;

class OutcomeEmailTest {

  @Test
  void aSuccessNamesTheItemQuantityRestaurantAndOutcomeInBothBodies() {
    Order order = Orders.aRequest().withDetails("Margherita", 2, "luigis").pending()
        .apply(StatusChange.success(Orders.T0));

    OutcomeEmail email = OutcomeEmail.of(order);

    assertThat(email.orderId()).isEqualTo(order.id());
    assertThat(email.subject()).isEqualTo("Your order of 2 × Margherita is confirmed");
    assertThat(email.text()).contains("Item: Margherita\n", "Quantity: 2\n", "Restaurant: luigis\n",
        "Outcome: Confirmed\n", "Order " + order.id().value()).doesNotContain("Reason");
    assertThat(email.html()).contains("<td>Margherita</td>", "<td>2</td>", "<td>luigis</td>", "<td>Confirmed</td>")
        .doesNotContain("Reason");
  }

  @Test
  void aFailureAlsoGivesTheReason() {
    Order order = Orders.aRequest().withDetails("Caviar", 1, "petrossian").pending()
        .apply(StatusChange.failure("insufficient funds", Orders.T0));

    OutcomeEmail email = OutcomeEmail.of(order);

    assertThat(email.subject()).isEqualTo("Your order of 1 × Caviar could not be completed");
    assertThat(email.text()).contains("Outcome: Failed\n", "Reason: insufficient funds\n");
    assertThat(email.html()).contains("<th align=\"left\">Reason</th><td>insufficient funds</td>");
  }

  @Test
  void escapesEveryValueInTheHtmlBodyAndKeepsItVerbatimInTheText() {
    Order order = Orders.aRequest().withDetails("<img src=x onerror=alert(1)> & \"co\"", 1, "r'1").pending()
        .apply(StatusChange.failure("<b>declined</b>", Orders.T0));

    OutcomeEmail email = OutcomeEmail.of(order);

    assertThat(email.html()).doesNotContain("<img", "<b>declined")
        .contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;co&quot;", "r&#39;1", "&lt;b&gt;declined&lt;/b&gt;");
    assertThat(email.text()).contains("Item: <img src=x onerror=alert(1)> & \"co\"", "Reason: <b>declined</b>");
  }

  @Test
  void onlyAFinalOrderHasAnOutcomeToEmail() {
    assertThatThrownBy(() -> OutcomeEmail.of(Orders.aRequest().pending()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PENDING");
  }
}
