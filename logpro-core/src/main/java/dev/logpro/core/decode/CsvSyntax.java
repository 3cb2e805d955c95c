package dev.logpro.core.decode;

/**
 * The RFC 4180 state machine that finds where a CSV record ends: a {@code \n} outside quotes. A quote opens a quoted
 * field only at the start of a field; elsewhere it is an ordinary character, as in {@code 17.9"W}.
 */
final class CsvSyntax {

  static final CsvSyntax DEFAULT = of(',', '"');

  static final int FIELD_START = 0;
  static final int UNQUOTED = 1;
  private static final int QUOTED = 2;
  private static final int QUOTE_IN_QUOTED = 3;

  final byte delimiter;
  final byte quote;

  private CsvSyntax(byte delimiter, byte quote) {
    this.delimiter = delimiter;
    this.quote = quote;
  }

  static CsvSyntax of(char delimiter, char quote) {
    if (delimiter > 0x7F || quote > 0x7F || delimiter == quote || delimiter == '\n' || quote == '\n'
        || delimiter == '\r' || quote == '\r') {
      throw new IllegalArgumentException("Cannot read CSV with delimiter '" + delimiter + "' and quote '" + quote
          + "': both must be different ASCII characters other than CR and LF");
    }
    return new CsvSyntax((byte) delimiter, (byte) quote);
  }

  /** Just after the {@code \n} ending the record that starts at {@code start}; -1 if it does not end before {@code end}. */
  int recordEnd(byte[] buf, int start, int end) {
    return recordEnd(buf, start, end, FIELD_START);
  }

  /** As {@link #recordEnd(byte[], int, int)}, resuming in {@code state} ({@link #FIELD_START} or {@link #UNQUOTED}). */
  int recordEnd(byte[] buf, int pos, int end, int state) {
    for (int i = pos; i < end; i++) {
      byte c = buf[i];
      switch (state) {
        case FIELD_START, UNQUOTED -> {
          if (c == '\n') {
            return i + 1;
          }
          state = c == delimiter ? FIELD_START : (c == quote && state == FIELD_START ? QUOTED : UNQUOTED);
        }
        case QUOTED -> state = c == quote ? QUOTE_IN_QUOTED : QUOTED;
        default -> {
          if (c == '\n') {
            return i + 1;
          }
          state = c == quote ? QUOTED : (c == delimiter ? FIELD_START : UNQUOTED);
        }
      }
    }
    return -1;
  }

  /** {@code end} less a trailing {@code \n} or {@code \r\n}. */
  static int withoutLineEnding(byte[] buf, int start, int end) {
    if (end > start && buf[end - 1] == '\n') {
      end--;
    }
    if (end > start && buf[end - 1] == '\r') {
      end--;
    }
    return end;
  }
}
