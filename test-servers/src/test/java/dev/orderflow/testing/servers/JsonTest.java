package dev.orderflow.testing.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void parsesAllValueKinds() {
    Map<String, Object> m = Json.parseObject(
        " {\"s\":\"a\\\"b\\u00e9\\n\",\"n\":-1.5e2,\"t\":true,\"f\":false,\"z\":null,\"a\":[1,{\"b\":[]}],\"o\":{}} ");
    assertThat(m).containsEntry("s", "a\"bé\n").containsEntry("t", true).containsEntry("f", false)
        .containsEntry("z", null).containsEntry("o", Map.of());
    assertThat((BigDecimal) m.get("n")).isEqualByComparingTo("-150");
    assertThat(m.get("a")).isEqualTo(List.of(new BigDecimal("1"), Map.of("b", List.of())));
  }

  @Test
  void writesAndRoundTrips() {
    String text = "{\"k\":\"line\\nquote\\\"\\u0001\",\"n\":12.5,\"l\":[true,null]}";
    assertThat(Json.write(Json.parse(text))).isEqualTo(text);
  }

  @Test
  void rejectsBrokenJson() {
    for (String bad : new String[] {"", "{", "{\"a\":}", "[1,]", "{\"a\":1} x", "nul", "\"\u0001\"", "{a:1}"}) {
      assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
