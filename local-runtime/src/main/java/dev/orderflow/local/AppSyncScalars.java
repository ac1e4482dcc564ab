package dev.orderflow.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.IntValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * AppSync's built-in scalars, which a schema written for AppSync uses without declaring. Values travel as
 * AppSync sends them to a resolver: strings for the text scalars (checked on input as AppSync checks them),
 * a number of seconds for {@code AWSTimestamp}, and parsed JSON (maps, lists, scalars) for {@code AWSJSON}.
 */
final class AppSyncScalars {
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(Z|[+-]\\d{2}:\\d{2}(:\\d{2})?)?");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ().-]{2,}");
  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)(/\\d{1,2})?");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(/\\d{1,3})?");

  private AppSyncScalars() {}

  static List<GraphQLScalarType> all(ObjectMapper json) {
    return List.of(
        text("AWSDateTime", "An extended ISO 8601 date and time with a required offset: 1970-01-01T12:00:00.000Z.",
            value -> parses(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME)),
        text("AWSDate", "An extended ISO 8601 date, optionally with an offset: 1970-01-01.",
            value -> DATE.matcher(value).matches() && parses(value.substring(0, 10), DateTimeFormatter.ISO_LOCAL_DATE)),
        text("AWSTime", "An extended ISO 8601 time, optionally with an offset: 12:30:00.000Z.",
            value -> parses(value, DateTimeFormatter.ISO_TIME)),
        text("AWSEmail", "An email address: someone@example.com.", value -> EMAIL.matcher(value).matches()),
        text("AWSURL", "A URL with a scheme: https://example.com/path.", AppSyncScalars::isUrl),
        text("AWSPhone", "A phone number: +1 555 0100.", value -> PHONE.matcher(value).matches()),
        text("AWSIPAddress", "An IPv4 or IPv6 address, optionally with a prefix length.",
            value -> IPV4.matcher(value).matches() || IPV6.matcher(value).matches()),
        timestamp(),
        json(json));
  }

  private static GraphQLScalarType text(String name, String description, java.util.function.Predicate<String> valid) {
    return GraphQLScalarType.newScalar().name(name).description(description).coercing(new Coercing<String, String>() {
      @Override
      public String serialize(Object result, GraphQLContext context, Locale locale) {
        if (result instanceof String text) {
          return text;
        }
        throw new CoercingSerializeException(name + " must be a string, not " + result.getClass().getSimpleName());
      }

      @Override
      public String parseValue(Object input, GraphQLContext context, Locale locale) {
        if (input instanceof String text && valid.test(text)) {
          return text;
        }
        throw new CoercingParseValueException("Variable is not a valid " + name + ": " + input);
      }

      @Override
      public String parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
        if (input instanceof StringValue text && valid.test(text.getValue())) {
          return text.getValue();
        }
        throw new CoercingParseLiteralException("Literal is not a valid " + name + ": " + input);
      }

      @Override
      public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
        return StringValue.of(String.valueOf(input));
      }
    }).build();
  }

  private static GraphQLScalarType timestamp() {
    return GraphQLScalarType.newScalar().name("AWSTimestamp").description("Seconds since 1970-01-01T00:00Z.")
        .coercing(new Coercing<Long, Long>() {
          @Override
          public Long serialize(Object result, GraphQLContext context, Locale locale) {
            if (result instanceof Number n) {
              return n.longValue();
            }
            throw new CoercingSerializeException("AWSTimestamp must be a number of seconds");
          }

          @Override
          public Long parseValue(Object input, GraphQLContext context, Locale locale) {
            if (input instanceof Integer || input instanceof Long) {
              return ((Number) input).longValue();
            }
            if (input instanceof BigInteger big && big.bitLength() < 64) {
              return big.longValue();
            }
            throw new CoercingParseValueException("Variable is not a valid AWSTimestamp: " + input);
          }

          @Override
          public Long parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
            if (input instanceof IntValue n && n.getValue().bitLength() < 64) {
              return n.getValue().longValue();
            }
            throw new CoercingParseLiteralException("Literal is not a valid AWSTimestamp: " + input);
          }

          @Override
          public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
            return new IntValue(BigInteger.valueOf(((Number) input).longValue()));
          }
        }).build();
  }

  private static GraphQLScalarType json(ObjectMapper json) {
    return GraphQLScalarType.newScalar().name("AWSJSON")
        .description("A JSON document in a string; resolvers see it parsed.")
        .coercing(new Coercing<Object, String>() {
          @Override
          public String serialize(Object result, GraphQLContext context, Locale locale) {
            if (result instanceof String text) {
              return text;
            }
            try {
              return json.writeValueAsString(result);
            } catch (JsonProcessingException e) {
              throw new CoercingSerializeException("AWSJSON value cannot be written as JSON", e);
            }
          }

          @Override
          public Object parseValue(Object input, GraphQLContext context, Locale locale) {
            if (input instanceof String text) {
              return parse(text, CoercingParseValueException::new);
            }
            throw new CoercingParseValueException("Variable is not a valid AWSJSON: it must be a string");
          }

          @Override
          public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
            if (input instanceof StringValue text) {
              return parse(text.getValue(), CoercingParseLiteralException::new);
            }
            throw new CoercingParseLiteralException("Literal is not a valid AWSJSON: it must be a string");
          }

          @Override
          public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
            return StringValue.of(serialize(input, context, locale));
          }

          private Object parse(String text, java.util.function.Function<String, RuntimeException> error) {
            try {
              return json.readValue(text, Object.class);
            } catch (JsonProcessingException e) {
              throw error.apply("Not a valid AWSJSON: " + e.getOriginalMessage());
            }
          }
        }).build();
  }

  private static boolean parses(String value, DateTimeFormatter format) {
    try {
      format.parse(value);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static boolean isUrl(String value) {
    try {
      URI uri = new URI(value);
      return uri.getScheme() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
