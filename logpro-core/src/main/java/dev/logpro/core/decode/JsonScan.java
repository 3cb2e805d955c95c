package dev.logpro.core.decode;

/**
 * The scans of the single-pass NDJSON path ({@link JsonColumn#direct}): each steps over one JSON token in place and
 * returns the index after it, or -1 for anything it does not take, whether invalid or merely unusual (a string with
 * an escape). A -1 sends the line to the full parser, which either takes it or says exactly what is wrong, so these
 * scans accept only valid JSON, never more, and need no error messages of their own. Line mode as in
 * {@link JsonParser#parseLine}: a line feed is not whitespace.
 */
final class JsonScan {

  static final int NONE = -1;

  private JsonScan() {}

  /** The first index from {@code pos} that is not a space, tab or carriage return; {@code end} at most. */
  static int whitespace(byte[] buf, int pos, int end) {
    // Compact JSON has no whitespace between tokens: one comparison settles the common case.
    while (pos < end && buf[pos] <= ' ' && (buf[pos] == ' ' || buf[pos] == '\t' || buf[pos] == '\r')) {
      pos++;
    }
    return pos;
  }

  /**
   * The index after the closing quote of the string whose opening quote is at {@code quote}, if it has no escape and
   * is valid UTF-8; its text is {@code [quote + 1, result - 1)}.
   */
  static int string(byte[] buf, int quote, int end) {
    int pos = Bytes.skipPlainAscii(buf, quote + 1, end);
    while (pos < end) {
      byte c = buf[pos];
      if (c == '"') {
        return pos + 1;
      }
      if (c >= 0) {
        // A backslash or a control character (a line feed among them).
        return NONE;
      }
      int length = Utf8.sequenceLength(buf, pos, end);
      if (length == 0) {
        return NONE;
      }
      pos = Bytes.skipPlainAscii(buf, pos + length, end);
    }
    return NONE;
  }

  /** The index after the number starting at {@code pos}, by RFC 8259's grammar. */
  static int number(byte[] buf, int pos, int end) {
    if (pos < end && buf[pos] == '-') {
      pos++;
    }
    if (pos < end && buf[pos] == '0') {
      pos++;
    } else if ((pos = digits(buf, pos, end)) < 0) {
      return NONE;
    }
    if (pos < end && buf[pos] == '.' && (pos = digits(buf, pos + 1, end)) < 0) {
      return NONE;
    }
    if (pos < end && (buf[pos] == 'e' || buf[pos] == 'E')) {
      pos++;
      if (pos < end && (buf[pos] == '+' || buf[pos] == '-')) {
        pos++;
      }
      return digits(buf, pos, end);
    }
    return pos;
  }

  /** The index after the run of digits at {@code pos}; -1 if there is none. */
  private static int digits(byte[] buf, int pos, int end) {
    int start = pos;
    while (pos < end && buf[pos] >= '0' && buf[pos] <= '9') {
      pos++;
    }
    return pos > start ? pos : NONE;
  }

  /** The index after {@code true}, {@code false} or {@code null} at {@code pos} (its first letter already seen). */
  static int literal(byte[] buf, int pos, int end) {
    String text = switch (buf[pos]) {
      case 't' -> "true";
      case 'f' -> "false";
      default -> "null";
    };
    int length = text.length();
    if (end - pos < length) {
      return NONE;
    }
    for (int i = 1; i < length; i++) {
      if (buf[pos + i] != text.charAt(i)) {
        return NONE;
      }
    }
    return pos + length;
  }

  /** Whether {@code c} starts a number. */
  static boolean startsNumber(byte c) {
    return c == '-' || (c >= '0' && c <= '9');
  }
}
