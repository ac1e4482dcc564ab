package dev.orderflow.aws.dynamodb;

import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.InvalidRequestException;
import dev.orderflow.core.domain.OrderId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque list tokens: base64url of {@code [format byte][16-byte HMAC-SHA256 of customer and id][last id]}.
 * The MAC binds a token to the customer it was issued to, so another customer's (or an edited) token is
 * refused as {@link InvalidRequestException}. This is a second line: the query's partition key always comes
 * from the caller, never from the token, so even a forged token could only page through the caller's own
 * orders.
 */
final class PageTokens {
  private static final byte FORMAT = 1;
  private static final int MAC_BYTES = 16;
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;

  PageTokens(byte[] key) {
    if (key.length < 16) {
      throw new IllegalArgumentException("a page token key needs at least 16 bytes");
    }
    this.key = new SecretKeySpec(key.clone(), ALGORITHM);
  }

  /** A key derived from the table name: stable across processes and deployments of the same table. */
  static byte[] keyFor(String tableName) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(("orderflow page token v1\0" + tableName).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  String issue(CustomerId customer, OrderId lastId) {
    byte[] id = lastId.value().getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(1 + MAC_BYTES + id.length);
    out.put(FORMAT).put(mac(customer, lastId.value())).put(id);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(out.array());
  }

  /** @throws InvalidRequestException for {@code nextToken} if the token is malformed or not this customer's */
  OrderId read(CustomerId customer, String token) {
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (raw.length <= 1 + MAC_BYTES || raw[0] != FORMAT) {
      throw invalid();
    }
    String id = new String(raw, 1 + MAC_BYTES, raw.length - 1 - MAC_BYTES, StandardCharsets.UTF_8);
    byte[] given = Arrays.copyOfRange(raw, 1, 1 + MAC_BYTES);
    if (!MessageDigest.isEqual(given, mac(customer, id))) {
      throw invalid();
    }
    try {
      return OrderId.of(id);
    } catch (InvalidRequestException e) {
      throw invalid();
    }
  }

  private byte[] mac(CustomerId customer, String id) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      mac.update(customer.value().getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return Arrays.copyOf(mac.doFinal(id.getBytes(StandardCharsets.UTF_8)), MAC_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  private static InvalidRequestException invalid() {
    return new InvalidRequestException("nextToken", "is not a token this API issued for this customer");
  }
}
