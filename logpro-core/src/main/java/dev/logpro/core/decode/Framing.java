package dev.logpro.core.decode;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Finds record boundaries in a byte stream, so a source can cut it into messages holding whole records. A source reads
 * a buffer, asks {@link Framer#completeRecords} how many leading bytes are whole records, sends those, and keeps the
 * rest for the next read. Each call must start at a record boundary.
 *
 * <p>CSV files start with a header record: the source cuts it off with {@link #csvHeaderLength} and passes its text
 * ({@link #csvHeaderText}) under {@link dev.logpro.api.RawMessage#CSV_HEADER} with every chunk.
 */
public final class Framing {

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  /** Says how many bytes of a buffer are whole records. */
  @FunctionalInterface
  public interface Framer {

    /**
     * How many bytes from {@code off} form whole records: the count ends just after a record's terminator ({@code \n}),
     * or at {@code off + len} when {@code endOfInput} (the rest is the last record). Zero if no record is complete.
     */
    int completeRecords(byte[] buf, int off, int len, boolean endOfInput);
  }

  private Framing() {}

  /**
   * The framer for a decoder type: {@code ndjson} splits on every {@code \n}; {@code csv} splits on a {@code \n}
   * outside quotes, for the default delimiter {@code ,} and quote {@code "} (see {@link #forCsv} for others).
   *
   * @throws IllegalArgumentException if the format has no framing
   */
  public static Framer forFormat(String format) {
    return switch (format.toLowerCase(Locale.ROOT)) {
      case "ndjson" -> Framing::ndjsonRecords;
      case "csv" -> forCsv(',', '"');
      default -> throw new IllegalArgumentException(
          "Cannot frame format '" + format + "': only csv and ndjson have record framing");
    };
  }

  /**
   * The framer for the elements of a JSON array, once its opening bracket is behind: a record is an element and the
   * comma after it, cut outside strings and nested values. The last element and the closing bracket (with whatever
   * follows it) stay together until the end of the input, so the decoder sees where the array ends.
   */
  public static Framer forJsonArray() {
    return (buf, off, len, endOfInput) -> {
      if (endOfInput) {
        return len;
      }
      int end = off + len;
      int complete = off;
      for (int i = off; ; ) {
        int separator = JsonArrays.nextSeparator(buf, i, end);
        if (separator == end || buf[separator] == ']') {
          return complete - off;
        }
        complete = separator + 1;
        i = complete;
      }
    };
  }

  /** A framer that keeps all of its input as one record, for a file that must be decoded (or rejected) whole. */
  public static Framer whole() {
    return (buf, off, len, endOfInput) -> endOfInput ? len : 0;
  }

  /** The CSV framer for a delimiter and quote character (ASCII), as the {@code csv} decoder is configured. */
  public static Framer forCsv(char delimiter, char quote) {
    CsvSyntax syntax = CsvSyntax.of(delimiter, quote);
    return (buf, off, len, endOfInput) -> {
      if (endOfInput) {
        return len;
      }
      int start = off + bomLength(buf, off, len);
      int end = off + len;
      // Before the chunk's first quote no field can be quoted, so its last newline there ends a record: most chunks
      // hold no quote at all and need no state machine.
      int firstQuote = Bytes.indexOf(buf, start, end, syntax.quote);
      int lastNewline = Bytes.lastIndexOf(buf, start, firstQuote < 0 ? end : firstQuote, (byte) '\n');
      int complete = lastNewline < 0 ? off : lastNewline + 1;
      if (firstQuote < 0) {
        return complete - off;
      }
      start = Math.max(start, complete);
      while (true) {
        int recordEnd = syntax.recordEnd(buf, start, end);
        if (recordEnd < 0) {
          return complete - off;
        }
        complete = recordEnd;
        start = recordEnd;
      }
    };
  }

  /**
   * The length of the header record at the start of a CSV file in {@code buf}: a UTF-8 byte-order mark, the header
   * line and its line ending. {@code -1} if the buffer does not hold the whole header yet.
   */
  public static int csvHeaderLength(byte[] buf, int off, int len) {
    int start = off + bomLength(buf, off, len);
    int end = CsvSyntax.DEFAULT.recordEnd(buf, start, off + len);
    return end < 0 ? -1 : end - off;
  }

  /**
   * The text of the header record at the start of a CSV file, without a byte-order mark or line ending, for
   * {@link dev.logpro.api.RawMessage#CSV_HEADER}; {@code null} if the buffer does not hold the whole header yet.
   */
  public static String csvHeaderText(byte[] buf, int off, int len) {
    int headerLength = csvHeaderLength(buf, off, len);
    if (headerLength < 0) {
      return null;
    }
    int start = off + bomLength(buf, off, len);
    int end = CsvSyntax.withoutLineEnding(buf, start, off + headerLength);
    return new String(buf, start, end - start, StandardCharsets.UTF_8);
  }

  /** 3 if {@code buf} starts with a UTF-8 byte-order mark at {@code off}, else 0. */
  public static int bomLength(byte[] buf, int off, int len) {
    return len >= 3 && buf[off] == BOM[0] && buf[off + 1] == BOM[1] && buf[off + 2] == BOM[2] ? 3 : 0;
  }

  private static int ndjsonRecords(byte[] buf, int off, int len, boolean endOfInput) {
    if (endOfInput) {
      return len;
    }
    for (int i = off + len - 1; i >= off; i--) {
      if (buf[i] == '\n') {
        return i + 1 - off;
      }
    }
    return 0;
  }
}
