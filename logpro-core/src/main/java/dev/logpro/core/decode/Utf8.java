package dev.logpro.core.decode;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), with an ASCII fast path that
 * checks eight bytes at a time.
 */
final class Utf8 {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;

  private Utf8() {}

  static boolean isValid(byte[] b, int off, int len) {
    int end = off + len;
    int i = off;
    while (i + 8 <= end && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) {
      i += 8;
    }
    while (i < end) {
      if (b[i] >= 0) {
        i++;
        continue;
      }
      int sequence = sequenceLength(b, i, end);
      if (sequence == 0) {
        return false;
      }
      i += sequence;
    }
    return true;
  }

  /** The length of the valid multi-byte sequence starting at {@code i}, or 0 if it is invalid. */
  static int sequenceLength(byte[] b, int i, int end) {
    int lead = b[i] & 0xFF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      return i + 1 < end && isContinuation(b[i + 1]) ? 2 : 0;
    }
    if (lead >= 0xE0 && lead <= 0xEF) {
      if (i + 2 >= end || !isContinuation(b[i + 1]) || !isContinuation(b[i + 2])) {
        return 0;
      }
      int second = b[i + 1] & 0xFF;
      boolean overlong = lead == 0xE0 && second < 0xA0;
      boolean surrogate = lead == 0xED && second > 0x9F;
      return overlong || surrogate ? 0 : 3;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
      if (i + 3 >= end || !isContinuation(b[i + 1]) || !isContinuation(b[i + 2]) || !isContinuation(b[i + 3])) {
        return 0;
      }
      int second = b[i + 1] & 0xFF;
      boolean overlong = lead == 0xF0 && second < 0x90;
      boolean tooLarge = lead == 0xF4 && second > 0x8F;
      return overlong || tooLarge ? 0 : 4;
    }
    return 0;
  }

  private static boolean isContinuation(byte b) {
    return (b & 0xC0) == 0x80;
  }
}
