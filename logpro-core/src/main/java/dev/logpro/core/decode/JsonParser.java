package dev.logpro.core.decode;

/**
 * A strict JSON (RFC 8259) parser that fills a {@link JsonTape} straight from UTF-8 bytes: exactly one value with
 * optional whitespace around it, valid UTF-8 in strings, no lone surrogates in escapes, at most {@link #MAX_DEPTH}
 * nested containers. It reports errors instead of throwing. {@link #parseLine} parses one line of NDJSON without
 * first looking for its end: a line break is not whitespace there but the end of the text, so the same scan that
 * parses the line finds where it ends.
 */
final class JsonParser {

  static final int MAX_DEPTH = 256;

  /**
   * The keys an object is expected to have, so the parser can recognise a key by comparing its bytes with the
   * expected name in place rather than scanning it as a string first and looking it up afterwards.
   */
  interface Keys {
    /**
     * The column named by the key whose opening quote is at {@code quote}, if the bytes there are exactly one
     * expected name and its closing quote; else -1 (the key is then parsed as any string and looked up later).
     * Keys usually come in column order, so column {@code likely} is tried first.
     */
    int match(byte[] buf, int quote, int end, int likely);

    /** The length in bytes of column {@code column}'s name. */
    int nameLength(int column);

    /** The keys of objects inside column {@code column}'s value (a struct, or a list of them), or {@code null}. */
    Keys nested(int column);
  }

  /** Bytes skipped as whitespace: JSON's four, and in line mode the same without the line feed. */
  private static final boolean[] WHITESPACE = whitespace(true);
  private static final boolean[] WHITESPACE_IN_LINE = whitespace(false);

  private final JsonTape tape;
  private boolean[] whitespace = WHITESPACE;
  private boolean lineMode;
  private byte[] buf;
  private int end;
  private int pos;
  private String error;
  private int errorOffset;

  JsonParser(JsonTape tape) {
    this.tape = tape;
  }

  /** Parses {@code buf[start, end)} into the tape; {@code false} with {@link #error()} if it is not one JSON value. */
  boolean parse(byte[] buf, int start, int end) {
    lineMode(false);
    return parseText(buf, start, end, null);
  }

  /**
   * Parses the line starting at {@code start} (its text ends at the first line feed, or at {@code end}) into the tape.
   * Returns the index of the line feed ending it, or {@code end}; or -1 with {@link #error} if the line is not one
   * JSON value. A value never spans a line feed (JSON strings cannot hold a raw one), so a failed line also ends at
   * the first line feed from {@code start}.
   */
  int parseLine(byte[] buf, int start, int end) {
    return parseLine(buf, start, end, null);
  }

  /** The same, expecting the top-level object to have {@code keys} (a hint: other keys parse all the same). */
  int parseLine(byte[] buf, int start, int end, Keys keys) {
    lineMode(true);
    return parseText(buf, start, end, keys) ? pos : -1;
  }

  private void lineMode(boolean on) {
    lineMode = on;
    whitespace = on ? WHITESPACE_IN_LINE : WHITESPACE;
  }

  private boolean parseText(byte[] buf, int start, int end, Keys keys) {
    this.buf = buf;
    this.end = end;
    this.pos = start;
    this.error = null;
    tape.reset(buf);
    skipWhitespace();
    if (!value(0, keys)) {
      return false;
    }
    skipWhitespace();
    if (pos != end && !(lineMode && buf[pos] == '\n')) {
      return fail("unexpected text after the JSON value");
    }
    return true;
  }

  /** What was wrong and where, relative to the start of the parsed text. */
  String error(int start) {
    return error(start, errorOffset);
  }

  /** The same, placing an error found past {@code limit} (a line's trailing carriage return) at {@code limit}. */
  String error(int start, int limit) {
    return error + " at byte " + (Math.min(errorOffset, limit) - start);
  }

  private boolean value(int depth, Keys keys) {
    if (pos >= end) {
      return fail("expected a value but the input ended");
    }
    byte c = buf[pos];
    return switch (c) {
      case '{' -> object(depth + 1, keys);
      case '[' -> array(depth + 1, keys);
      case '"' -> string();
      case 't' -> literal("true", JsonTape.TRUE);
      case 'f' -> literal("false", JsonTape.FALSE);
      case 'n' -> literal("null", JsonTape.NULL);
      default -> c == '-' || (c >= '0' && c <= '9') ? number()
          : fail(lineMode && c == '\n' ? "expected a value but the input ended" : "expected a value");
    };
  }

  private boolean object(int depth, Keys keys) {
    if (depth > MAX_DEPTH) {
      return fail("values nested more than " + MAX_DEPTH + " deep");
    }
    int token = tape.add(JsonTape.OBJECT, pos, pos, false);
    int likely = 0;
    pos++;
    skipWhitespace();
    if (pos < end && buf[pos] == '}') {
      tape.close(token, ++pos);
      return true;
    }
    while (true) {
      if (pos >= end || buf[pos] != '"') {
        return fail("expected a string key");
      }
      int column = keys == null ? -1 : keys.match(buf, pos, end, likely);
      if (column >= 0) {
        likely = column + 1;
        int length = keys.nameLength(column);
        tape.field(tape.add(JsonTape.STRING, pos + 1, pos + 1 + length, false), column);
        pos += length + 2;
      } else if (string()) {
        tape.field(tape.last(), JsonTape.UNMATCHED);
      } else {
        return false;
      }
      skipWhitespace();
      if (pos >= end || buf[pos] != ':') {
        return fail("expected ':' after a key");
      }
      pos++;
      skipWhitespace();
      if (!value(depth, column >= 0 ? keys.nested(column) : null)) {
        return false;
      }
      skipWhitespace();
      if (pos < end && buf[pos] == ',') {
        pos++;
        skipWhitespace();
      } else if (pos < end && buf[pos] == '}') {
        tape.close(token, ++pos);
        return true;
      } else {
        return fail("expected ',' or '}' in an object");
      }
    }
  }

  private boolean array(int depth, Keys keys) {
    if (depth > MAX_DEPTH) {
      return fail("values nested more than " + MAX_DEPTH + " deep");
    }
    int token = tape.add(JsonTape.ARRAY, pos, pos, false);
    pos++;
    skipWhitespace();
    if (pos < end && buf[pos] == ']') {
      tape.close(token, ++pos);
      return true;
    }
    while (true) {
      if (!value(depth, keys)) {
        return false;
      }
      skipWhitespace();
      if (pos < end && buf[pos] == ',') {
        pos++;
        skipWhitespace();
      } else if (pos < end && buf[pos] == ']') {
        tape.close(token, ++pos);
        return true;
      } else {
        return fail("expected ',' or ']' in an array");
      }
    }
  }

  private boolean literal(String text, byte kind) {
    int length = text.length();
    if (end - pos < length) {
      return fail("expected " + text);
    }
    for (int i = 0; i < length; i++) {
      if (buf[pos + i] != text.charAt(i)) {
        return fail("expected " + text);
      }
    }
    tape.add(kind, pos, pos + length, false);
    pos += length;
    return true;
  }

  private boolean number() {
    int start = pos;
    if (buf[pos] == '-') {
      pos++;
    }
    if (pos < end && buf[pos] == '0') {
      pos++;
    } else if (!digits()) {
      return fail("expected a digit");
    }
    byte kind = JsonTape.INTEGER;
    if (pos < end && buf[pos] == '.') {
      pos++;
      if (!digits()) {
        return fail("expected a digit after the decimal point");
      }
      kind = JsonTape.DECIMAL;
    }
    if (pos < end && (buf[pos] == 'e' || buf[pos] == 'E')) {
      pos++;
      if (pos < end && (buf[pos] == '+' || buf[pos] == '-')) {
        pos++;
      }
      if (!digits()) {
        return fail("expected a digit in the exponent");
      }
      kind = JsonTape.DECIMAL;
    }
    tape.add(kind, start, pos, false);
    return true;
  }

  private boolean digits() {
    int start = pos;
    while (pos < end && buf[pos] >= '0' && buf[pos] <= '9') {
      pos++;
    }
    return pos > start;
  }

  /** A string from its opening quote; copies it to the tape's scratch buffer only if it has escapes. */
  private boolean string() {
    int start = ++pos;
    pos = Bytes.skipPlainAscii(buf, pos, end);
    while (true) {
      if (pos >= end) {
        return fail("unterminated string");
      }
      byte c = buf[pos];
      if (c == '"') {
        tape.add(JsonTape.STRING, start, pos++, false);
        return true;
      } else if (c == '\\') {
        return escapedString(start);
      } else if (!plainCharacter(c)) {
        return false;
      }
    }
  }

  /** Advances over one unescaped character (a UTF-8 sequence); {@code false} if it is invalid in a string. */
  private boolean plainCharacter(byte c) {
    if (c >= 0x20) {
      pos++;
      return true;
    }
    if (c >= 0) {
      return fail(lineMode && c == '\n' ? "unterminated string" : "unescaped control character in a string");
    }
    int length = Utf8.sequenceLength(buf, pos, end);
    if (length == 0) {
      return fail("invalid UTF-8 in a string");
    }
    pos += length;
    return true;
  }

  private boolean escapedString(int start) {
    int scratchStart = tape.scratchLength;
    copyToScratch(start, pos);
    while (true) {
      if (pos >= end) {
        return fail("unterminated string");
      }
      byte c = buf[pos];
      if (c == '"') {
        tape.add(JsonTape.STRING, scratchStart, tape.scratchLength, true);
        pos++;
        return true;
      }
      if (c != '\\') {
        int from = pos;
        if (!plainCharacter(c)) {
          return false;
        }
        copyToScratch(from, pos);
      } else if (!escape()) {
        return false;
      }
    }
  }

  /** Unescapes the escape sequence at {@code pos} into the scratch buffer. */
  private boolean escape() {
    if (pos + 1 >= end || (lineMode && buf[pos + 1] == '\n')) {
      return fail("unterminated string");
    }
    byte c = buf[pos + 1];
    pos += 2;
    byte simple = switch (c) {
      case '"' -> '"';
      case '\\' -> '\\';
      case '/' -> '/';
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      default -> 0;
    };
    if (simple != 0) {
      tape.reserveScratch(1);
      tape.scratch[tape.scratchLength++] = simple;
      return true;
    }
    if (c != 'u') {
      return fail("invalid escape in a string");
    }
    int codePoint = hex4();
    if (codePoint < 0) {
      return false;
    }
    if (codePoint >= 0xD800 && codePoint <= 0xDBFF) {
      if (end - pos < 6 || buf[pos] != '\\' || buf[pos + 1] != 'u') {
        return fail("unpaired surrogate in a \\u escape");
      }
      pos += 2;
      int low = hex4();
      if (low < 0) {
        return false;
      }
      if (low < 0xDC00 || low > 0xDFFF) {
        return fail("unpaired surrogate in a \\u escape");
      }
      codePoint = 0x10000 + ((codePoint - 0xD800) << 10) + (low - 0xDC00);
    } else if (codePoint >= 0xDC00 && codePoint <= 0xDFFF) {
      return fail("unpaired surrogate in a \\u escape");
    }
    appendUtf8(codePoint);
    return true;
  }

  /** Four hex digits at {@code pos}, or -1 after failing. */
  private int hex4() {
    if (end - pos < 4) {
      fail("expected four hex digits in a \\u escape");
      return -1;
    }
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int digit = Character.digit(buf[pos + i], 16);
      if (digit < 0) {
        fail("expected four hex digits in a \\u escape");
        return -1;
      }
      value = value << 4 | digit;
    }
    pos += 4;
    return value;
  }

  private void appendUtf8(int codePoint) {
    tape.reserveScratch(4);
    byte[] out = tape.scratch;
    int n = tape.scratchLength;
    if (codePoint < 0x80) {
      out[n++] = (byte) codePoint;
    } else if (codePoint < 0x800) {
      out[n++] = (byte) (0xC0 | codePoint >> 6);
      out[n++] = (byte) (0x80 | codePoint & 0x3F);
    } else if (codePoint < 0x10000) {
      out[n++] = (byte) (0xE0 | codePoint >> 12);
      out[n++] = (byte) (0x80 | codePoint >> 6 & 0x3F);
      out[n++] = (byte) (0x80 | codePoint & 0x3F);
    } else {
      out[n++] = (byte) (0xF0 | codePoint >> 18);
      out[n++] = (byte) (0x80 | codePoint >> 12 & 0x3F);
      out[n++] = (byte) (0x80 | codePoint >> 6 & 0x3F);
      out[n++] = (byte) (0x80 | codePoint & 0x3F);
    }
    tape.scratchLength = n;
  }

  private void copyToScratch(int from, int to) {
    tape.reserveScratch(to - from);
    System.arraycopy(buf, from, tape.scratch, tape.scratchLength, to - from);
    tape.scratchLength += to - from;
  }

  private void skipWhitespace() {
    // Compact JSON has no whitespace between tokens: one comparison settles the common case.
    if (pos < end && buf[pos] <= ' ') {
      while (pos < end && whitespace[buf[pos] & 0xFF]) {
        pos++;
      }
    }
  }

  private static boolean[] whitespace(boolean lineFeed) {
    boolean[] table = new boolean[256];
    table[' '] = true;
    table['\t'] = true;
    table['\r'] = true;
    table['\n'] = lineFeed;
    return table;
  }

  private boolean fail(String message) {
    if (error == null) {
      error = message;
      errorOffset = pos;
    }
    return false;
  }
}
