package dev.orderflow.lambda.testing;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** JSON in and out exactly as the Lambda Java runtime does it (its own serialisation library). */
public final class LambdaJson {
  private static final ClassLoader LOADER = LambdaJson.class.getClassLoader();
  @SuppressWarnings({"rawtypes", "unchecked"})
  private static final PojoSerializer<Map<String, Object>> MAPS =
      (PojoSerializer) JacksonFactory.getInstance().getSerializer(Map.class);
  private static final PojoSerializer<SQSEvent> SQS_EVENTS = LambdaEventSerializers.serializerFor(SQSEvent.class, LOADER);
  private static final PojoSerializer<SQSBatchResponse> SQS_RESPONSES =
      LambdaEventSerializers.serializerFor(SQSBatchResponse.class, LOADER);

  private LambdaJson() {}

  public static Map<String, Object> map(String json) {
    return MAPS.fromJson(json);
  }

  public static String json(Map<String, Object> value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MAPS.toJson(value, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** What the next state receives: the handler's output serialised and read back. */
  public static Map<String, Object> roundTrip(Map<String, Object> value) {
    return map(json(value));
  }

  public static SQSEvent sqsEvent(String json) {
    return SQS_EVENTS.fromJson(json);
  }

  /** An SQS event as the event source mapping delivers it to a function. */
  public static String json(SQSEvent event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SQS_EVENTS.toJson(event, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** A function's event as JSON: an {@code SQSEvent}, or a {@code Map} for every other event. */
  @SuppressWarnings("unchecked")
  public static String eventJson(Object event) {
    return event instanceof SQSEvent sqs ? json(sqs) : json((Map<String, Object>) event);
  }

  public static String json(SQSBatchResponse response) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SQS_RESPONSES.toJson(response, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  public static String resource(String name) {
    try (InputStream in = LOADER.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON string literal. */
  public static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
