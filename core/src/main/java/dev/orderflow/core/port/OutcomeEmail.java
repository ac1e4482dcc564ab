package dev.orderflow.core.port;

import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The email that tells a customer their order's outcome: a subject and the same content as plain text and as
 * HTML, both rendered from one template ({@link #of(Order)}) so they cannot say different things. It names the
 * item, quantity, restaurant and outcome, and for a failure the reason — the order's own data and nothing else.
 * Every value is escaped in the HTML body. {@code orderId} says which order it is about (a mail service may tag
 * the message with it); it is not part of what the recipient reads beyond the footer.
 */
public record OutcomeEmail(OrderId orderId, String subject, String text, String html) {
  public OutcomeEmail {
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(html, "html");
  }

  /** @param order an order in a final status */
  public static OutcomeEmail of(Order order) {
    if (!order.status().isFinal()) {
      throw new IllegalArgumentException("only a final outcome is emailed, not " + order.status());
    }
    boolean success = order.status() == OrderStatus.SUCCESS;
    String what = order.details().quantity() + " × " + order.details().name();
    String subject = success
        ? "Your order of " + what + " is confirmed"
        : "Your order of " + what + " could not be completed";
    String lead = success
        ? "Good news: your order has been paid for and confirmed."
        : "We are sorry: your order could not be completed, and you have not been charged.";
    List<String[]> rows = new ArrayList<>(5);
    rows.add(new String[] {"Item", order.details().name()});
    rows.add(new String[] {"Quantity", Integer.toString(order.details().quantity())});
    rows.add(new String[] {"Restaurant", order.details().restaurantId()});
    rows.add(new String[] {"Outcome", success ? "Confirmed" : "Failed"});
    order.failure().ifPresent(reason -> rows.add(new String[] {"Reason", reason}));
    String footer = "Order " + order.id().value();

    StringBuilder text = new StringBuilder().append(lead).append("\n\n");
    rows.forEach(row -> text.append(row[0]).append(": ").append(row[1]).append('\n'));
    text.append('\n').append(footer).append('\n');

    StringBuilder html = new StringBuilder()
        .append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").append(escape(subject))
        .append("</title></head><body><p>").append(escape(lead)).append("</p><table>");
    rows.forEach(row -> html.append("<tr><th align=\"left\">").append(escape(row[0])).append("</th><td>")
        .append(escape(row[1])).append("</td></tr>"));
    html.append("</table><p><small>").append(escape(footer)).append("</small></p></body></html>");
    return new OutcomeEmail(order.id(), subject, text.toString(), html.toString());
  }

  private static String escape(String value) {
    StringBuilder out = new StringBuilder(value.length() + 16);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
