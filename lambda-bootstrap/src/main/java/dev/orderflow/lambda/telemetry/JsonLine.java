package dev.orderflow.lambda.telemetry;

import dev.orderflow.core.internal.JsonText;

/**
 * A JSON object on one line, written member by member: strings escaped so that the line never holds a raw line
 * break (one CloudWatch Logs event per line), numbers and booleans as they are. No library, nothing loaded.
 */
final class JsonLine {
  private final StringBuilder text = new StringBuilder(256).append('{');
  private boolean first = true;

  JsonLine string(String name, String value) {
    name(name);
    if (value == null) {
      text.append("null");
    } else {
      quote(text, value);
    }
    return this;
  }

  /** A member whose value is already JSON (a number, a boolean, an array or an object). */
  JsonLine raw(String name, String json) {
    name(name);
    text.append(json);
    return this;
  }

  JsonLine number(String name, long value) {
    return raw(name, Long.toString(value));
  }

  JsonLine bool(String name, boolean value) {
    return raw(name, value ? "true" : "false");
  }

  private void name(String name) {
    if (!first) {
      text.append(',');
    }
    first = false;
    quote(text, name);
    text.append(':');
  }

  @Override
  public String toString() {
    return text + "}";
  }

  /** Appends {@code value} as a JSON string (the project's one codec: control characters escaped). */
  static StringBuilder quote(StringBuilder out, String value) {
    return JsonText.write(out, value);
  }
}
