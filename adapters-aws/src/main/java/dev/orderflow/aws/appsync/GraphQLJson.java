package dev.orderflow.aws.appsync;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The little JSON a GraphQL call over HTTP needs: writing a request body (strings escaped as
 * {@code OrderMessageFormat} escapes them) and reading a response into maps, lists, strings, numbers
 * ({@link BigDecimal}), booleans and {@code null}. Not a general JSON library: no streaming, depth at most
 * {@value #MAX_DEPTH}.
 */
final class GraphQLJson {
  static final int MAX_DEPTH = 64;

  private GraphQLJson() {}

  /** Appends {@code value} as a JSON string literal, or {@code null}. */
  static StringBuilder string(StringBuilder json, String value) {
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

  /** Appends {@code "key":"value"} (or {@code "key":null}). */
  static StringBuilder field(StringBuilder json, String key, String value) {
    return string(string(json, key).append(':'), value);
  }

  /** Appends {@code "key":value} for a number. */
  static StringBuilder field(StringBuilder json, String key, long value) {
    return string(json, key).append(':').append(value);
  }

  /**
   * Reads one JSON value.
   *
   * @throws IllegalArgumentException if {@code text} is not one JSON value
   */
  static Object parse(String text) {
    Reader reader = new Reader(text);
    reader.skipSpace();
    Object value = reader.value(0);
    reader.skipSpace();
    if (reader.pos != text.length()) {
      throw reader.error("trailing characters");
    }
    return value;
  }

  private static final class Reader {
    private final String text;
    private int pos;

    Reader(String text) {
      this.text = text;
    }

    Object value(int depth) {
      if (depth > MAX_DEPTH) {
        throw error("nested too deeply");
      }
      char c = peek();
      if (c == '{') {
        return object(depth);
      }
      if (c == '[') {
        return array(depth);
      }
      if (c == '"') {
        return string();
      }
      if (c == '-' || (c >= '0' && c <= '9')) {
        return number();
      }
      for (String literal : new String[] {"true", "false", "null"}) {
        if (text.startsWith(literal, pos)) {
          pos += literal.length();
          return literal.equals("null") ? null : Boolean.valueOf(literal);
        }
      }
      throw error("unexpected value");
    }

    private Map<String, Object> object(int depth) {
      Map<String, Object> fields = new LinkedHashMap<>();
      pos++;
      skipSpace();
      if (tryConsume('}')) {
        return fields;
      }
      do {
        skipSpace();
        String key = string();
        skipSpace();
        expect(':');
        skipSpace();
        fields.put(key, value(depth + 1));
        skipSpace();
      } while (tryConsume(','));
      expect('}');
      return fields;
    }

    private List<Object> array(int depth) {
      List<Object> items = new ArrayList<>();
      pos++;
      skipSpace();
      if (tryConsume(']')) {
        return items;
      }
      do {
        skipSpace();
        items.add(value(depth + 1));
        skipSpace();
      } while (tryConsume(','));
      expect(']');
      return items;
    }

    private BigDecimal number() {
      int start = pos;
      while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
        pos++;
      }
      try {
        return new BigDecimal(text.substring(start, pos));
      } catch (NumberFormatException e) {
        throw error("bad number");
      }
    }

    private String string() {
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

    void skipSpace() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    IllegalArgumentException error(String what) {
      return new IllegalArgumentException("not JSON (" + what + " at offset " + pos + ")");
    }
  }
}
