package dev.logpro.core.decode;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Byte searches that look at eight bytes at a time (SWAR), for the scans every chunk goes through. */
final class Bytes {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  private Bytes() {}

  /** The index of the first {@code target} in {@code [from, to)}, or -1. */
  static int indexOf(byte[] b, int from, int to, byte target) {
    long pattern = (target & 0xFFL) * ONES;
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long word = (long) LONGS.get(b, i) ^ pattern;
      long found = (word - ONES) & ~word & HIGHS;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (b[i] == target) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The first index from {@code from} whose byte ends a run of plain JSON string characters: a quote, a backslash,
   * a control character or a non-ASCII byte (which the caller then examines byte by byte); {@code to} at most.
   */
  static int skipPlainAscii(byte[] b, int from, int to) {
    long quotes = ('"' & 0xFFL) * ONES;
    long backslashes = ('\\' & 0xFFL) * ONES;
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long word = (long) LONGS.get(b, i);
      long quote = word ^ quotes;
      long backslash = word ^ backslashes;
      long special = ((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | (word - 0x2020202020202020L) | word;
      special &= HIGHS;
      if (special != 0) {
        // Borrows only run upwards, so the lowest flagged byte is exactly the first special one.
        return i + (Long.numberOfTrailingZeros(special) >>> 3);
      }
    }
    while (i < to) {
      byte c = b[i];
      if (c == '"' || c == '\\' || c < 0x20) {
        return i;
      }
      i++;
    }
    return i;
  }

  /** The index of the last {@code target} in {@code [from, to)}, or -1. */
  static int lastIndexOf(byte[] b, int from, int to, byte target) {
    for (int i = to - 1; i >= from; i--) {
      if (b[i] == target) {
        return i;
      }
    }
    return -1;
  }
}
