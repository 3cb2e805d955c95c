package dev.logpro.core.decode;

import java.util.Arrays;

/**
 * Splits one CSV record into fields without copying: a field is a slice of the input, or, for a quoted field holding
 * doubled quotes, a slice of a scratch buffer holding it unescaped. Reused record after record.
 */
final class CsvRecordReader {

  private final CsvSyntax syntax;
  private byte[] input;
  private byte[] scratch = new byte[256];
  private int scratchLength;
  private int[] starts = new int[16];
  private int[] ends = new int[16];
  private boolean[] quoted = new boolean[16];
  private boolean[] unescaped = new boolean[16];
  private int fieldCount;
  private int contentEnd;
  private String error;

  CsvRecordReader(CsvSyntax syntax) {
    this.syntax = syntax;
  }

  /**
   * Reads the record starting at {@code start}; returns where the next one starts ({@code end} for the last). Check
   * {@link #error()} before using the fields.
   */
  int read(byte[] buf, int start, int end) {
    input = buf;
    fieldCount = 0;
    scratchLength = 0;
    error = null;
    int pos = start;
    while (true) {
      if (pos < end && buf[pos] == syntax.quote) {
        pos = readQuoted(buf, start, pos + 1, end);
        if (error != null) {
          return pos;
        }
      } else {
        int i = pos;
        while (i < end && buf[i] != syntax.delimiter && buf[i] != '\n') {
          i++;
        }
        addField(pos, i, false, false);
        pos = i;
      }
      if (pos < end && buf[pos] == syntax.delimiter) {
        pos++;
        continue;
      }
      return endRecord(buf, start, pos, end);
    }
  }

  /** Reads a quoted field's content from {@code pos}; returns the position after its closing quote. */
  private int readQuoted(byte[] buf, int recordStart, int pos, int end) {
    int segmentStart = pos;
    int scratchStart = -1;
    while (true) {
      int q = pos;
      while (q < end && buf[q] != syntax.quote) {
        q++;
      }
      if (q == end) {
        error = "unterminated quoted field";
        contentEnd = CsvSyntax.withoutLineEnding(buf, recordStart, end);
        return end;
      }
      boolean doubled = q + 1 < end && buf[q + 1] == syntax.quote;
      if (doubled || scratchStart >= 0) {
        scratchStart = scratchStart < 0 ? scratchLength : scratchStart;
        append(buf, segmentStart, doubled ? q + 1 : q);
      }
      if (doubled) {
        pos = q + 2;
        segmentStart = pos;
        continue;
      }
      if (scratchStart >= 0) {
        addField(scratchStart, scratchLength, true, true);
      } else {
        addField(segmentStart, q, true, false);
      }
      int after = q + 1;
      if (after < end && buf[after] != syntax.delimiter && buf[after] != '\n'
          && !(buf[after] == '\r' && (after + 1 == end || buf[after + 1] == '\n'))) {
        error = "unexpected character after a closing quote";
        int next = syntax.recordEnd(buf, after, end, CsvSyntax.UNQUOTED);
        next = next < 0 ? end : next;
        contentEnd = CsvSyntax.withoutLineEnding(buf, after, next);
        return next;
      }
      return after;
    }
  }

  private int endRecord(byte[] buf, int start, int pos, int end) {
    int next = pos < end ? pos + 1 : end; // pos is at '\n', or a '\r' before it or at the end
    if (pos < end && buf[pos] == '\r') {
      next = pos + 1 < end ? pos + 2 : end;
    }
    contentEnd = CsvSyntax.withoutLineEnding(buf, start, next);
    int last = fieldCount - 1;
    if (!quoted[last] && ends[last] > contentEnd) {
      ends[last] = Math.max(starts[last], contentEnd);
    }
    return next;
  }

  private void append(byte[] buf, int from, int to) {
    int length = to - from;
    if (scratchLength + length > scratch.length) {
      scratch = Arrays.copyOf(scratch, Math.max(scratch.length * 2, scratchLength + length));
    }
    System.arraycopy(buf, from, scratch, scratchLength, length);
    scratchLength += length;
  }

  private void addField(int start, int end, boolean isQuoted, boolean inScratch) {
    if (fieldCount == starts.length) {
      int capacity = fieldCount * 2;
      starts = Arrays.copyOf(starts, capacity);
      ends = Arrays.copyOf(ends, capacity);
      quoted = Arrays.copyOf(quoted, capacity);
      unescaped = Arrays.copyOf(unescaped, capacity);
    }
    starts[fieldCount] = start;
    ends[fieldCount] = end;
    quoted[fieldCount] = isQuoted;
    unescaped[fieldCount] = inScratch;
    fieldCount++;
  }

  /** Why the record is malformed, or {@code null}. */
  String error() {
    return error;
  }

  /** Where the record's content ends, before its line ending. */
  int contentEnd() {
    return contentEnd;
  }

  int fieldCount() {
    return fieldCount;
  }

  /** The array holding field {@code i}'s bytes (the input or the scratch buffer). */
  byte[] bytes(int i) {
    return unescaped[i] ? scratch : input;
  }

  int start(int i) {
    return starts[i];
  }

  int length(int i) {
    return ends[i] - starts[i];
  }

  boolean quoted(int i) {
    return quoted[i];
  }
}
