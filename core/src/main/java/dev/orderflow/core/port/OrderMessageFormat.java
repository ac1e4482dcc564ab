package dev.orderflow.core.port;

import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.InvalidRequestException;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderRequest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * The wire formats of the pipeline's messages, written here once so every adapter writes the same bytes.
 *
 * <p>The queue's format for an {@link OrderRequest} is one flat JSON object,
 * <pre>{@code {"orderId":"…","customer":"…","name":"…","quantity":2,"restaurantId":"…","acceptedAt":"2026-01-01T00:00:00Z"}}</pre>
 * Every queue implementation and consumer uses this class, so a message written by one is read by all.
 * Decoding accepts exactly that shape (any key order, unknown keys ignored) and nothing nested.
 */
public final class OrderMessageFormat {
  private OrderMessageFormat() {}

  public static String encode(OrderRequest request) {
    StringBuilder json = new StringBuilder(160).append('{');
    field(json, "orderId", request.id().value()).append(',');
    field(json, "customer", request.customer().value()).append(',');
    field(json, "name", request.details().name()).append(',');
    json.append("\"quantity\":").append(request.details().quantity()).append(',');
    field(json, "restaurantId", request.details().restaurantId()).append(',');
    field(json, "acceptedAt", request.acceptedAt().toString());
    return json.append('}').toString();
  }

  /**
   * The notification body for an order's final outcome (what {@link OrderNotifier} implementations publish):
   * <pre>{@code {"orderId":"…","customer":"…","status":"FAILED","failureReason":"card expired","name":"…",
   *  "quantity":2,"restaurantId":"…","updatedAt":"2026-01-01T00:00:01Z"}}</pre>
   * {@code failureReason} is {@code null} unless the status is {@code FAILED}.
   */
  public static String encodeOutcome(Order order) {
    StringBuilder json = new StringBuilder(256).append('{');
    field(json, "orderId", order.id().value()).append(',');
    field(json, "customer", order.customer().value()).append(',');
    field(json, "status", order.status().name()).append(',');
    field(json, "failureReason", order.failureReason()).append(',');
    field(json, "name", order.details().name()).append(',');
    json.append("\"quantity\":").append(order.details().quantity()).append(',');
    field(json, "restaurantId", order.details().restaurantId()).append(',');
    field(json, "updatedAt", order.updatedAt().toString());
    return json.append('}').toString();
  }

  /** @throws MalformedMessageException if the body is not a valid order request */
  public static OrderRequest decode(String body) {
    if (body == null) {
      throw new MalformedMessageException("empty message body");
    }
    Map<String, Object> fields = new FlatJsonReader(body).readObject();
    try {
      return new OrderRequest(
          new OrderId(string(fields, "orderId")),
          new CustomerId(string(fields, "customer")),
          new OrderDetails(string(fields, "name"), quantity(fields), string(fields, "restaurantId")),
          Instant.parse(string(fields, "acceptedAt")));
    } catch (InvalidRequestException | DateTimeParseException e) {
      throw new MalformedMessageException("invalid order request: " + e.getMessage(), e);
    }
  }

  private static String string(Map<String, Object> fields, String key) {
    if (fields.get(key) instanceof String s) {
      return s;
    }
    throw new MalformedMessageException("message needs a string field '" + key + "'");
  }

  private static int quantity(Map<String, Object> fields) {
    if (fields.get("quantity") instanceof Long n && n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
      return n.intValue();
    }
    throw new MalformedMessageException("message needs an integer field 'quantity'");
  }

  private static StringBuilder field(StringBuilder json, String key, String value) {
    json.append('"').append(key).append("\":");
    if (value == null) {
      return json.append("null");
    }
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    return json.append('"');
  }

  /** Reads one JSON object whose values are strings, integers, booleans or null. */
  private static final class FlatJsonReader {
    private final String text;
    private int pos;

    FlatJsonReader(String text) {
      this.text = text;
    }

    Map<String, Object> readObject() {
      Map<String, Object> fields = new HashMap<>();
      skipSpace();
      expect('{');
      skipSpace();
      if (peek() == '}') {
        pos++;
      } else {
        do {
          skipSpace();
          String key = readString();
          skipSpace();
          expect(':');
          skipSpace();
          fields.put(key, readValue());
          skipSpace();
        } while (tryConsume(','));
        expect('}');
      }
      skipSpace();
      if (pos != text.length()) {
        throw error("trailing characters");
      }
      return fields;
    }

    private Object readValue() {
      char c = peek();
      if (c == '"') {
        return readString();
      }
      if (c == '-' || (c >= '0' && c <= '9')) {
        int start = pos;
        if (c == '-') {
          pos++;
        }
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
          pos++;
        }
        if (pos < text.length() && ".eE".indexOf(text.charAt(pos)) >= 0) {
          throw error("only integers are expected");
        }
        try {
          return Long.parseLong(text.substring(start, pos));
        } catch (NumberFormatException e) {
          throw error("bad number");
        }
      }
      for (String literal : new String[] {"true", "false", "null"}) {
        if (text.startsWith(literal, pos)) {
          pos += literal.length();
          return literal.equals("null") ? null : Boolean.valueOf(literal);
        }
      }
      throw error("unexpected value");
    }

    private String readString() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (true) {
        if (pos >= text.length()) {
          throw error("unterminated string");
        }
        char c = text.charAt(pos++);
        if (c == '"') {
          return out.toString();
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        if (pos >= text.length()) {
          throw error("unterminated escape");
        }
        char e = text.charAt(pos++);
        switch (e) {
          case '"', '\\', '/' -> out.append(e);
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'u' -> {
            if (pos + 4 > text.length()) {
              throw error("short unicode escape");
            }
            try {
              out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
            } catch (NumberFormatException ex) {
              throw error("bad unicode escape");
            }
            pos += 4;
          }
          default -> throw error("bad escape");
        }
      }
    }

    private char peek() {
      if (pos >= text.length()) {
        throw error("unexpected end");
      }
      return text.charAt(pos);
    }

    private void expect(char c) {
      if (peek() != c) {
        throw error("expected '" + c + "'");
      }
      pos++;
    }

    private boolean tryConsume(char c) {
      if (pos < text.length() && text.charAt(pos) == c) {
        pos++;
        return true;
      }
      return false;
    }

    private void skipSpace() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    private MalformedMessageException error(String what) {
      return new MalformedMessageException("message is not an order request (" + what + " at offset " + pos + ")");
    }
  }
}
