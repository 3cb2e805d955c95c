package dev.logpro.core.decode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One parsed JSON document as a flat list of tokens in document order, reused from line to line. An object's token is
 * followed by its members (a key token, then the value's tokens), an array's by its elements; {@link #next} skips a
 * whole value. Each token has a text slice: a string's content (unescaped into a scratch buffer if it had escapes),
 * a number's or literal's characters, a container's whole JSON text.
 */
final class JsonTape {

  static final byte OBJECT = 1;
  static final byte ARRAY = 2;
  static final byte STRING = 3;
  /** A number without fraction or exponent. */
  static final byte INTEGER = 4;
  /** A number with a fraction or an exponent. */
  static final byte DECIMAL = 5;
  static final byte TRUE = 6;
  static final byte FALSE = 7;
  static final byte NULL = 8;

  /** A key token's {@link #field} before anything looked its column up. */
  static final int UNMATCHED = -2;

  private byte[] kinds = new byte[64];
  private int[] starts = new int[64];
  private int[] ends = new int[64];
  private int[] nexts = new int[64];
  private boolean[] unescaped = new boolean[64];
  private int[] fields = new int[64];
  private int count;
  private long epoch;
  byte[] source;
  byte[] scratch = new byte[256];
  int scratchLength;

  void reset(byte[] source) {
    this.source = source;
    epoch++;
    count = 0;
    scratchLength = 0;
  }

  /** Appends a token; {@link #close} sets where a container ends. */
  int add(byte kind, int start, int end, boolean inScratch) {
    if (count == kinds.length) {
      int capacity = count * 2;
      kinds = Arrays.copyOf(kinds, capacity);
      starts = Arrays.copyOf(starts, capacity);
      ends = Arrays.copyOf(ends, capacity);
      nexts = Arrays.copyOf(nexts, capacity);
      unescaped = Arrays.copyOf(unescaped, capacity);
      fields = Arrays.copyOf(fields, capacity);
    }
    kinds[count] = kind;
    starts[count] = start;
    ends[count] = end;
    unescaped[count] = inScratch;
    nexts[count] = count + 1;
    return count++;
  }

  /** The index of the token added last. */
  int last() {
    return count - 1;
  }

  /** Counts {@link #reset}s: a token index names the same token only within one epoch. */
  long epoch() {
    return epoch;
  }

  /**
   * Remembers which column key token {@code token} names ({@code -1}: none), found once (when parsing or checking)
   * and reused when writing; {@link #UNMATCHED} until then.
   */
  void field(int token, int column) {
    fields[token] = column;
  }

  int field(int token) {
    return fields[token];
  }

  /** Marks the end of container {@code token}: its text ends at {@code end} and its tokens at the last one added. */
  void close(int token, int end) {
    ends[token] = end;
    nexts[token] = count;
  }

  /** Makes room for {@code length} more bytes in the scratch buffer. */
  void reserveScratch(int length) {
    if (scratchLength + length > scratch.length) {
      scratch = Arrays.copyOf(scratch, Math.max(scratch.length * 2, scratchLength + length));
    }
  }

  byte kind(int token) {
    return kinds[token];
  }

  /** The token after {@code token}'s value, skipping a container's members or elements. */
  int next(int token) {
    return nexts[token];
  }

  /** The array holding the token's text: the source or the scratch buffer. */
  byte[] bytes(int token) {
    return unescaped[token] ? scratch : source;
  }

  int start(int token) {
    return starts[token];
  }

  int length(int token) {
    return ends[token] - starts[token];
  }

  /** A string token's text, for messages (not the hot path). */
  String text(int token) {
    return new String(bytes(token), start(token), length(token), StandardCharsets.UTF_8);
  }

  static String kindName(byte kind) {
    return switch (kind) {
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      case STRING -> "a string";
      case INTEGER, DECIMAL -> "a number";
      case TRUE, FALSE -> "a boolean";
      default -> "null";
    };
  }
}
