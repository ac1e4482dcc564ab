package dev.orderflow.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.core.application.ListOrdersQuery;
import dev.orderflow.core.application.PlaceOrderCommand;
import dev.orderflow.core.application.UpdateOrderCommand;
import dev.orderflow.core.port.OrderMessageFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
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
        Arguments.of("long astral name", "name", "at most 200",
            (Executable) () -> new OrderDetails("\uD83C\uDF55".repeat(201), 1, "r")),
        Arguments.of("lone surrogate in name", "name", "must not contain unpaired surrogates",
            (Executable) () -> new OrderDetails("pizza\uD83C", 1, "r")),
        Arguments.of("bidi override in name", "name", "must not contain invisible or bidirectional control characters",
            (Executable) () -> new OrderDetails("abc\u202Etxt.exe", 1, "r")),
        Arguments.of("noncharacter in restaurant", "restaurantId", "must not contain Unicode noncharacters",
            (Executable) () -> new OrderDetails("n", 1, "r\uFFFF")),
        Arguments.of("zero-width space in customer", "customer", "must not contain invisible",
            (Executable) () -> CustomerId.of("alice\u200B")),
        Arguments.of("long astral customer", "customer", "at most 128",
            (Executable) () -> CustomerId.of("\uD83D\uDE00".repeat(129))),
        Arguments.of("lone surrogate in change", "restaurantId", "must not contain unpaired surrogates",
            (Executable) () -> new DetailsChange(null, null, "\uDC00r")),
        Arguments.of("word joiner in change", "name", "must not contain invisible",
            (Executable) () -> new DetailsChange("a\u2060b", null, null)),
        Arguments.of("no-break space only", "name", "must not be blank", (Executable) () -> new OrderDetails("\u00A0", 1, "r")),
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

  /** One example of every character class the text rules refuse, with the problem each must name. */
  static Stream<Arguments> refusedCharacters() {
    return Stream.of(
        Arguments.of("U+0000 NUL", "a\u0000b", "control characters"),
        Arguments.of("U+0009 tab (SQS would take it)", "a\tb", "control characters"),
        Arguments.of("U+000A line feed (SQS would take it)", "a\nb", "control characters"),
        Arguments.of("U+000D carriage return (SQS would take it)", "a\rb", "control characters"),
        Arguments.of("U+001F", "a\u001Fb", "control characters"),
        Arguments.of("U+007F DEL", "a\u007Fb", "control characters"),
        Arguments.of("U+0085 NEL (C1)", "a\u0085b", "control characters"),
        Arguments.of("U+009F (C1)", "a\u009Fb", "control characters"),
        Arguments.of("lone high surrogate at the end", "ab\uD800", "must not contain unpaired surrogates"),
        Arguments.of("lone high surrogate before a letter", "a\uDBFFb", "must not contain unpaired surrogates"),
        Arguments.of("lone low surrogate", "a\uDC00b", "must not contain unpaired surrogates"),
        Arguments.of("reversed pair", "a\uDF55\uD83Cb", "must not contain unpaired surrogates"),
        Arguments.of("U+FFFE", "a\uFFFEb", "noncharacters"),
        Arguments.of("U+FFFF", "a\uFFFFb", "noncharacters"),
        Arguments.of("U+FDD0", "a\uFDD0b", "noncharacters"),
        Arguments.of("U+FDEF", "a\uFDEFb", "noncharacters"),
        Arguments.of("U+1FFFE", "a" + new String(Character.toChars(0x1FFFE)) + "b", "noncharacters"),
        Arguments.of("U+10FFFF", "a\uDBFF\uDFFFb", "noncharacters"),
        Arguments.of("U+200B zero-width space", "a\u200Bb", "invisible or bidirectional control characters"),
        Arguments.of("U+200C zero-width non-joiner", "a\u200Cb", "invisible or bidirectional control characters"),
        Arguments.of("U+200D zero-width joiner", "a\u200Db", "invisible or bidirectional control characters"),
        Arguments.of("U+200E left-to-right mark", "a\u200Eb", "invisible or bidirectional control characters"),
        Arguments.of("U+200F right-to-left mark", "a\u200Fb", "invisible or bidirectional control characters"),
        Arguments.of("U+202A LRE", "a\u202Ab", "invisible or bidirectional control characters"),
        Arguments.of("U+202B RLE", "a\u202Bb", "invisible or bidirectional control characters"),
        Arguments.of("U+202C PDF", "a\u202Cb", "invisible or bidirectional control characters"),
        Arguments.of("U+202D LRO", "a\u202Db", "invisible or bidirectional control characters"),
        Arguments.of("U+202E RLO", "a\u202Eb", "invisible or bidirectional control characters"),
        Arguments.of("U+2060 word joiner", "a\u2060b", "invisible or bidirectional control characters"),
        Arguments.of("U+2066 LRI", "a\u2066b", "invisible or bidirectional control characters"),
        Arguments.of("U+2067 RLI", "a\u2067b", "invisible or bidirectional control characters"),
        Arguments.of("U+2068 FSI", "a\u2068b", "invisible or bidirectional control characters"),
        Arguments.of("U+2069 PDI", "a\u2069b", "invisible or bidirectional control characters"),
        Arguments.of("U+FEFF BOM", "\uFEFFab", "invisible or bidirectional control characters"),
        Arguments.of("only zero-width space", "\u200B", "invisible or bidirectional control characters"),
        Arguments.of("only no-break space", "\u00A0", "must not be blank"),
        Arguments.of("only ideographic space", "\u3000", "must not be blank"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedCharacters")
  void everyTextFieldRefusesTheCharacterClass(String label, String text, String problem) {
    List<Consumer<String>> fields = List.of(
        t -> new OrderDetails(t, 1, "r"),
        t -> new OrderDetails("n", 1, t),
        t -> CustomerId.of(t),
        t -> new DetailsChange(t, null, null),
        t -> new DetailsChange(null, null, t));
    List<String> names = List.of("name", "restaurantId", "customer", "name", "restaurantId");
    for (int i = 0; i < fields.size(); i++) {
      Consumer<String> field = fields.get(i);
      String name = names.get(i);
      assertThatThrownBy(() -> field.accept(text))
          .as("%s in %s", label, name)
          .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
            assertThat(e.field()).isEqualTo(name);
            assertThat(e.getMessage()).startsWith(name + ": ").contains(problem);
          });
    }
  }

  static Stream<Arguments> acceptedTexts() {
    return Stream.of(
        Arguments.of("emoji (a surrogate pair)", "Pizza \uD83C\uDF55"),
        Arguments.of("combining acute accent", "Cafe\u0301"),
        Arguments.of("precomposed accent", "Caf\u00E9"),
        Arguments.of("U+0020 inside", "a b"),
        Arguments.of("U+00A0 inside", "a\u00A0b"),
        Arguments.of("U+00A0 around a letter", "\u00A0a\u00A0"),
        Arguments.of("U+00A1 (first after C1)", "\u00A1"),
        Arguments.of("U+D7FF", "\uD7FF"),
        Arguments.of("U+E000 (private use)", "\uE000"),
        Arguments.of("U+FDCF", "\uFDCF"),
        Arguments.of("U+FDF0", "\uFDF0"),
        Arguments.of("U+FFFD replacement character", "\uFFFD"),
        Arguments.of("U+10000", "\uD800\uDC00"),
        Arguments.of("U+1FFFD", new String(Character.toChars(0x1FFFD))),
        Arguments.of("U+10FFFD (highest that passes)", "\uDBFF\uDFFD"),
        Arguments.of("Hebrew", "\u05E9\u05DC\u05D5\u05DD"),
        Arguments.of("Arabic", "\u0645\u0631\u062D\u0628\u0627"),
        Arguments.of("emoji flag (regional indicators, no joiner)", "\uD83C\uDDEE\uD83C\uDDF9"),
        Arguments.of("200 emoji (400 UTF-16 units)", "\uD83C\uDF55".repeat(200)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("acceptedTexts")
  void acceptsRealTextAndTheAllowedRangeEdges(String label, String text) {
    assertThat(new OrderDetails(text, 1, "r").name()).isEqualTo(text);
    assertThat(new DetailsChange(text, null, null).name()).isEqualTo(text);
    if (text.codePointCount(0, text.length()) <= OrderDetails.MAX_RESTAURANT_ID_LENGTH) {
      assertThat(new OrderDetails("n", 1, text).restaurantId()).isEqualTo(text);
      assertThat(CustomerId.of(text).value()).isEqualTo(text);
    }
  }

  @Test
  void lengthsAreCodePoints() {
    String emoji = "\uD83D\uDE00";
    assertThat(new OrderDetails(emoji.repeat(200), 1, emoji.repeat(64)).name()).hasSize(400);
    assertThat(CustomerId.of(emoji.repeat(128)).value()).hasSize(256);
    // a combining sequence is two code points, as the services count it
    assertThatThrownBy(() -> new OrderDetails("e\u0301".repeat(101), 1, "r")).hasMessageContaining("at most 200");
    assertThat(new OrderDetails("e\u0301".repeat(100), 1, "r").name()).hasSize(200);
  }

  @Test
  void keysFitDynamoDbsByteLimitsWhateverTheirCharacters() {
    String widest = new String(Character.toChars(0x10FFFD)).repeat(CustomerId.MAX_LENGTH);

    assertThat(CustomerId.MAX_UTF8_BYTES).isEqualTo(512).isLessThanOrEqualTo(2048);
    assertThat(CustomerId.of(widest).value().getBytes(StandardCharsets.UTF_8)).hasSize(CustomerId.MAX_UTF8_BYTES);
    // the sort key (order id) is ASCII: 64 bytes at most, the limit is 1024
    assertThat(OrderId.of("x".repeat(64)).value().getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(1024);
    // restaurantId is no key today; were it one, 64 code points are at most 256 bytes
    assertThat(OrderDetails.MAX_RESTAURANT_ID_LENGTH * Validation.MAX_UTF8_BYTES_PER_CODE_POINT).isLessThanOrEqualTo(1024);
  }

  @Test
  void theLargestOrderMessageStaysUnderThreeKilobytes() {
    // U+2028 is written as a 6-byte escape, the widest a valid character gets (one letter keeps it from blank)
    String escaped = "\u2028";
    OrderRequest widest = new OrderRequest(OrderId.of("x".repeat(64)),
        CustomerId.of("c" + escaped.repeat(CustomerId.MAX_LENGTH - 1)),
        new OrderDetails("n" + escaped.repeat(OrderDetails.MAX_NAME_LENGTH - 1), OrderDetails.MAX_QUANTITY,
            "r" + escaped.repeat(OrderDetails.MAX_RESTAURANT_ID_LENGTH - 1)),
        java.time.Instant.parse("2026-12-31T23:59:59.999999999Z"));

    assertThat(OrderMessageFormat.encode(widest).getBytes(StandardCharsets.UTF_8).length).isLessThan(3 * 1024);
  }

  /** Every code point, alone and between letters: what passes is a character SQS accepts and has a UTF-8 form. */
  @Test
  void everyCodePointThatPassesIsOneSqsAndDynamoDbAccept() {
    List<Integer> passed = new ArrayList<>();
    IntStream.rangeClosed(0, Character.MAX_CODE_POINT).forEach(cp -> {
      String text = "a" + new String(Character.toChars(cp)) + "b";
      try {
        Validation.requireText("name", text, OrderDetails.MAX_NAME_LENGTH);
        passed.add(cp);
      } catch (InvalidRequestException refused) {
        assertThat(Validation.isSqsMessageCharacter(cp) && !Character.isISOControl(cp)
            && !Validation.isNoncharacter(cp) && !Validation.isInvisibleOrBidiControl(cp))
            .as("U+%04X refused but allowed by every rule", cp).isFalse();
      }
    });

    assertThat(passed).allSatisfy(cp -> {
      assertThat(Validation.isSqsMessageCharacter(cp)).as("U+%04X", cp).isTrue();
      assertThat(Character.isSurrogate((char) (int) cp) && cp <= 0xFFFF).as("U+%04X", cp).isFalse();
    });
    // 1,114,112 code points - 2,048 surrogates - 65 controls - 66 noncharacters - 16 invisible/bidi
    assertThat(passed).hasSize(0x110000 - 2048 - 65 - 66 - 16);
  }
}
