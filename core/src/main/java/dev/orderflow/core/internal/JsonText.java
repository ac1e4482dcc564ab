package dev.orderflow.core.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The project's one JSON codec, for its own small documents (the queue message, the workflow's input, the
 * outcome notification, a GraphQL request and its answer): writes maps, lists, strings, numbers, booleans and
 * {@code null}; reads any JSON value into {@link LinkedHashMap} (key order kept), {@link ArrayList},
 * {@link String}, {@link Long} (integers that fit) or {@link BigDecimal} (other numbers), {@link Boolean} and
 * {@code null}. Strings are written with {@code "}, {@code \}, control characters and U+2028/U+2029 escaped,
 * everything else as is (UTF-16 text; the caller picks the byte encoding). Not a general JSON library: no
 * streaming, no binding, nesting at most {@value #MAX_DEPTH} levels.
 */
public final class JsonText {
  /** Deepest nesting {@link #read} accepts. */
  public static final int MAX_DEPTH = 64;

  private JsonText() {}

  /**
   * {@code value} as JSON text.
   *
   * @throws IllegalArgumentException for a value of another type (or a map key that is not a string)
   */
  public static String write(Object value) {
    return write(new StringBuilder(256), value).toString();
  }

  /** Appends {@code value} as JSON to {@code json}. */
  public static StringBuilder write(StringBuilder json, Object value) {
    if (value == null) {
      return json.append("null");
    }
    if (value instanceof String text) {
      return string(json, text);
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
        || value instanceof BigDecimal || value instanceof Boolean) {
      return json.append(value instanceof BigDecimal decimal ? decimal.toString() : value.toString());
    }
    if (value instanceof Map<?, ?> map) {
      json.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!(entry.getKey() instanceof String key)) {
          throw new IllegalArgumentException("a JSON object's keys are strings, not " + entry.getKey());
        }
        if (!first) {
          json.append(',');
        }
        first = false;
        write(string(json, key).append(':'), entry.getValue());
      }
      return json.append('}');
    }
    if (value instanceof List<?> list) {
      json.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          json.append(',');
        }
        write(json, list.get(i));
      }
      return json.append(']');
    }
    throw new IllegalArgumentException("no JSON form for a " + value.getClass().getName());
  }

  /** Appends {@code value} as a JSON string literal. */
  private static StringBuilder string(StringBuilder json, String value) {
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

  /**
   * Reads one JSON value, with nothing but white space after it.
   *
   * @throws Malformed naming what is wrong and where, if {@code text} is not one JSON value
   */
  public static Object read(String text) {
    if (text == null) {
      throw new Malformed("no text", 0);
    }
    Reader reader = new Reader(text);
    reader.skipSpace();
    Object value = reader.value(0);
    reader.skipSpace();
    if (reader.pos != text.length()) {
      throw reader.error("trailing characters");
    }
    return value;
  }

  /**
   * Reads one JSON object.
   *
   * @throws Malformed if {@code text} is not one JSON value, or the value is not an object
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> readObject(String text) {
    Object value = read(text);
    if (!(value instanceof Map)) {
      throw new Malformed("not a JSON object", 0);
    }
    return (Map<String, Object>) value;
  }

  /** Text that is not one JSON value; the message names the problem and its offset. */
  public static final class Malformed extends IllegalArgumentException {
    private final int offset;

    Malformed(String problem, int offset) {
      super(problem + " at offset " + offset);
      this.offset = offset;
    }

    /** Where in the text the problem was found (a UTF-16 index). */
    public int offset() {
      return offset;
    }
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

    private Object number() {
      int start = pos;
      while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
        pos++;
      }
      String literal = text.substring(start, pos);
      try {
        BigDecimal number = new BigDecimal(literal);
        if (literal.indexOf('.') < 0 && literal.indexOf('e') < 0 && literal.indexOf('E') < 0) {
          try {
            return number.longValueExact();
          } catch (ArithmeticException tooLarge) {
            return number;
          }
        }
        return number;
      } catch (NumberFormatException e) {
        pos = start;
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

    Malformed error(String what) {
      return new Malformed(what, pos);
    }
  }
}
