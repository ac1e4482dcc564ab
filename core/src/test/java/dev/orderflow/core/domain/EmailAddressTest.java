package dev.orderflow.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

  @ParameterizedTest
  @ValueSource(strings = {"ada@example.com", "Ada.Lovelace+orders@mail.example.co.uk", "o'brien@x-y.example",
      "a@b.io", "first_last-1@sub-domain.example.org"})
  void acceptsOrdinaryAddresses(String value) {
    assertThat(EmailAddress.of(value).value()).isEqualToIgnoringCase(value);
  }

  @Test
  void keepsTheLocalPartAsGivenAndLowersTheDomain() {
    assertThat(EmailAddress.of("Ada.L@Example.COM").value()).isEqualTo("Ada.L@example.com");
    assertThat(EmailAddress.of("Ada.L@Example.COM")).isEqualTo(EmailAddress.of("Ada.L@example.com"))
        .isNotEqualTo(EmailAddress.of("ada.l@example.com"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "plain", "@example.com", "ada@", "ada@localhost", "ada@@example.com",
      "a b@example.com", "ada@exa mple.com", "ada@example.com\r\nBcc: eve@example.com", "ada\n@example.com",
      ".ada@example.com", "ada.@example.com", "a..da@example.com", "ada@-example.com", "ada@example-.com",
      "\"ada\"@example.com", "adä@example.com", "ada@exämple.com", "<ada@example.com>", "ada@example..com"})
  void refusesWhatIsNotAnAddressNamingTheField(String value) {
    assertThatThrownBy(() -> EmailAddress.of(value)).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("email");
  }

  @Test
  void refusesNullAndOverlongAddresses() {
    assertThatThrownBy(() -> EmailAddress.of(null)).isInstanceOf(InvalidRequestException.class);
    String local = "a".repeat(64);
    String longest = local + "@" + "d".repeat(63) + "." + "e".repeat(63) + "." + "f".repeat(58) + ".io";
    assertThat(longest).hasSize(254);
    assertThat(EmailAddress.of(longest).value()).hasSize(254);
    assertThatThrownBy(() -> EmailAddress.of("a" + longest)).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("254");
    assertThatThrownBy(() -> EmailAddress.of("a".repeat(65) + "@example.com"))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void showsOnlyAMaskedFormOutsideValue() {
    EmailAddress address = EmailAddress.of("ada.lovelace@example.com");

    assertThat(address.masked()).isEqualTo("a***@example.com");
    assertThat(address.toString()).isEqualTo("a***@example.com").doesNotContain("lovelace");
  }
}
