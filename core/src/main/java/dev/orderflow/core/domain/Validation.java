package dev.orderflow.core.domain;

/**
 * Shared field rules; every failure is an {@link InvalidRequestException} naming the field.
 *
 * <p>A text field that passes {@link #requireText} is safe everywhere it goes later: it is a sequence of
 * Unicode scalar values (no unpaired surrogate, so it has a UTF-8 form and DynamoDB can store it), every
 * code point lies in the set SQS accepts in a message body ({@code #x9 | #xA | #xD | #x20-#xD7FF |
 * #xE000-#xFFFD | #x10000-#x10FFFF}, the XML 1.0 {@code Char} production), and it holds nothing a reader
 * cannot see. In order, the rules are:
 * <ol>
 *   <li>not {@code null}, not blank: at least one code point that is neither whitespace nor a space
 *       separator (so {@code U+00A0} alone is blank too);
 *   <li>at most {@code maxCodePoints} code points ("characters" in the API: an emoji or other astral
 *       character counts once, a base letter plus a combining accent counts twice) — so at most
 *       {@code 4 * maxCodePoints} UTF-8 bytes, see {@link #MAX_UTF8_BYTES_PER_CODE_POINT};
 *   <li>no unpaired surrogate ({@code U+D800–U+DFFF} not part of a valid pair): SQS refuses them, and they
 *       have no UTF-8 form;
 *   <li>no control character ({@code U+0000–U+001F}, {@code U+007F–U+009F}; tab, CR and LF included,
 *       although SQS would take those three);
 *   <li>no noncharacter: {@code U+FDD0–U+FDEF} and the last two code points of every plane
 *       ({@code U+FFFE}, {@code U+FFFF}, {@code U+1FFFE}, … {@code U+10FFFF}). SQS refuses only
 *       {@code U+FFFE}/{@code U+FFFF}; the other 64 are refused too so that the rule is the plain Unicode
 *       property, and because they are reserved for internal use and mean nothing in a name;
 *   <li>no invisible or bidirectional formatting character: the bidi embeddings and overrides
 *       {@code U+202A–U+202E}, the isolates {@code U+2066–U+2069}, the zero-width characters and marks
 *       {@code U+200B–U+200F} (zero-width space, ZWNJ, ZWJ, LRM, RLM), the word joiner {@code U+2060} and
 *       the zero-width no-break space / BOM {@code U+FEFF} (they make two different values look equal).
 * </ol>
 */
final class Validation {
  /** A code point takes at most this many bytes in UTF-8: a limit of n code points is at most 4n bytes. */
  static final int MAX_UTF8_BYTES_PER_CODE_POINT = 4;

  private Validation() {}

  static String requireText(String field, String value, int maxCodePoints) {
    if (value == null || isBlank(value)) {
      throw new InvalidRequestException(field, "must not be blank");
    }
    // a code point takes at least one UTF-16 unit and at most two: skip the count when the answer is plain
    if (value.length() > maxCodePoints
        && (value.length() > 2 * maxCodePoints || value.codePointCount(0, value.length()) > maxCodePoints)) {
      throw new InvalidRequestException(field, "must be at most " + maxCodePoints + " characters");
    }
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) { // codePointAt returns a lone surrogate as is
        throw new InvalidRequestException(field, "must not contain unpaired surrogates");
      }
      if (Character.isISOControl(c)) {
        throw new InvalidRequestException(field, "must not contain control characters");
      }
      if (isNoncharacter(c)) {
        throw new InvalidRequestException(field, "must not contain Unicode noncharacters (such as U+FFFE or U+FFFF)");
      }
      if (isInvisibleOrBidiControl(c)) {
        throw new InvalidRequestException(field, "must not contain invisible or bidirectional control characters");
      }
      i += Character.charCount(c);
    }
    return value;
  }

  static int requireRange(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new InvalidRequestException(field, "must be between " + min + " and " + max);
    }
    return value;
  }

  /** Whether SQS accepts the code point in a message body (the XML 1.0 {@code Char} production). */
  static boolean isSqsMessageCharacter(int c) {
    return c == 0x9 || c == 0xA || c == 0xD
        || (c >= 0x20 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD)
        || (c >= 0x10000 && c <= 0x10FFFF);
  }

  /** The 66 noncharacters: {@code U+FDD0–U+FDEF} and {@code U+nFFFE}, {@code U+nFFFF} in each of the 17 planes. */
  static boolean isNoncharacter(int c) {
    return (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
  }

  static boolean isInvisibleOrBidiControl(int c) {
    return (c >= 0x200B && c <= 0x200F) // zero-width space, ZWNJ, ZWJ, LRM, RLM
        || (c >= 0x202A && c <= 0x202E) // LRE, RLE, PDF, LRO, RLO
        || (c >= 0x2066 && c <= 0x2069) // LRI, RLI, FSI, PDI
        || c == 0x2060 // word joiner
        || c == 0xFEFF; // zero-width no-break space (BOM)
  }

  private static boolean isBlank(String value) {
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
        return false;
      }
      i += Character.charCount(c);
    }
    return true;
  }
}
