package dev.orderflow.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonTextTest {

  @Test
  void writesObjectsInKeyOrderWithStringsEscaped() {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("name", "Tom \"Yum\" \\ soup\n\u0001\u2028 🍜");
    document.put("quantity", 2);
    document.put("reason", null);
    document.put("paid", true);
    document.put("items", List.of(1L, new BigDecimal("2.5"), "x"));

    assertThat(JsonText.write(document)).isEqualTo("{\"name\":\"Tom \\\"Yum\\\" \\\\ soup\\n\\u0001\\u2028 🍜\","
        + "\"quantity\":2,\"reason\":null,\"paid\":true,\"items\":[1,2.5,\"x\"]}");
  }

  @Test
  void readsEveryKindOfValueIntegersAsLongs() {
    Object value = JsonText.read(" {\"a\": [1, -2.5e1, 12345678901234567890, \"caf\\u00e9\\/\"], \"b\": {\"c\": false},"
        + " \"d\": null} ");

    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("a", Arrays.asList(1L, new BigDecimal("-2.5e1"), new BigDecimal("12345678901234567890"), "café/"));
    expected.put("b", Map.of("c", false));
    expected.put("d", null);
    assertThat(value).isEqualTo(expected);
  }

  @Test
  void refusesWhatIsNotOneValueNamingWhereItWent() {
    assertThatThrownBy(() -> JsonText.read("{\"a\":1} x")).isInstanceOf(JsonText.Malformed.class)
        .hasMessage("trailing characters at offset 8");
    assertThatThrownBy(() -> JsonText.read("{\"a\":tru}")).isInstanceOf(JsonText.Malformed.class)
        .hasMessageContaining("unexpected value");
    assertThatThrownBy(() -> JsonText.read("\"\\x\"")).hasMessageContaining("bad escape");
    assertThatThrownBy(() -> JsonText.read("")).hasMessageContaining("unexpected end");
    assertThatThrownBy(() -> JsonText.read("[".repeat(JsonText.MAX_DEPTH + 2))).hasMessageContaining("nested too deeply");
    assertThatThrownBy(() -> JsonText.write(Map.of(1, "x"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JsonText.write(new Object())).isInstanceOf(IllegalArgumentException.class);
  }

  /** Random documents of every kind of value read back as written. */
  @Test
  void whatItWritesItReadsBack() {
    Random random = new Random(42);
    for (int i = 0; i < 2_000; i++) {
      Object document = randomValue(random, 0);
      assertThat(JsonText.read(JsonText.write(document))).as("document %d", i).isEqualTo(document);
    }
  }

  private static Object randomValue(Random random, int depth) {
    int kind = random.nextInt(depth > 3 ? 5 : 7);
    switch (kind) {
      case 0:
        return null;
      case 1:
        return random.nextBoolean();
      case 2:
        return random.nextLong();
      case 3:
        return BigDecimal.valueOf(random.nextInt(100_000), 3);
      case 4: {
        StringBuilder text = new StringBuilder();
        for (int n = random.nextInt(12); n > 0; n--) {
          text.append((char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0xD800)));
        }
        return text.toString();
      }
      case 5: {
        List<Object> list = new java.util.ArrayList<>();
        for (int n = random.nextInt(4); n > 0; n--) {
          list.add(randomValue(random, depth + 1));
        }
        return list;
      }
      default: {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int n = random.nextInt(4); n > 0; n--) {
          map.put("k" + random.nextInt(10), randomValue(random, depth + 1));
        }
        return map;
      }
    }
  }

  @Test
  void readsAnObjectAndRefusesAnyOtherValueAsOne() {
    assertThat(JsonText.readObject(" {\"a\":[1,\"b\"]} ")).isEqualTo(java.util.Map.of("a", java.util.List.of(1L, "b")));
    for (String other : new String[] {"[]", "1", "\"s\"", "null", "{"}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> JsonText.readObject(other)).as(other)
          .isInstanceOf(JsonText.Malformed.class);
    }
  }
}
