package dev.logpro.core.decode;

/**
 * Finds where the elements of a JSON array end without parsing them: a separator is a comma or a closing bracket
 * outside strings and nested values. Brackets are only counted (a '}' where no value is open is skipped), so malformed
 * input still cuts somewhere and its pieces fail in the parser, one element at a time.
 */
final class JsonArrays {
  private JsonArrays() {}

  /**
   * The index of the first {@code ,} or {@code ]} at nesting depth zero in {@code [from, end)}, or {@code end} when
   * there is none; {@code from} must not be inside a string or a nested value.
   */
  static int nextSeparator(byte[] buf, int from, int end) {
    int depth = 0;
    for (int i = from; i < end; i++) {
      switch (buf[i]) {
        case '"' -> i = stringEnd(buf, i + 1, end);
        case '[', '{' -> depth++;
        case '}' -> depth = Math.max(0, depth - 1);
        case ']' -> {
          if (depth == 0) {
            return i;
          }
          depth--;
        }
        case ',' -> {
          if (depth == 0) {
            return i;
          }
        }
        default -> { }
      }
    }
    return end;
  }

  /** The index of the quote closing the string whose content starts at {@code i}, or {@code end}. */
  private static int stringEnd(byte[] buf, int i, int end) {
    while (true) {
      i = Bytes.skipPlainAscii(buf, i, end);
      if (i >= end) {
        return end;
      }
      byte c = buf[i];
      if (c == '"') {
        return i;
      }
      i += c == '\\' ? 2 : 1;
    }
  }

  static boolean isWhitespace(byte c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
  }

  /** The first index in {@code [from, end)} that is not JSON whitespace, or {@code end}. */
  static int skipWhitespace(byte[] buf, int from, int end) {
    while (from < end && isWhitespace(buf[from])) {
      from++;
    }
    return from;
  }

  /** The index just after the last byte in {@code [from, end)} that is not JSON whitespace, or {@code from}. */
  static int trimEnd(byte[] buf, int from, int end) {
    while (end > from && isWhitespace(buf[end - 1])) {
      end--;
    }
    return end;
  }
}
