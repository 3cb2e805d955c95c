package dev.logpro.core.transform;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The non-cryptographic hash functions of the {@code hash} transform, over a byte range and without allocating:
 * XXH64 (xxHash, 64 bits, seed 0) and MurmurHash3's x64 128-bit variant (seed 0), both as their authors specify them;
 * the tests check them against the reference outputs.
 */
final class Hashes {
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long P1 = 0x9E3779B185EBCA87L;
  private static final long P2 = 0xC2B2AE3D27D4EB4FL;
  private static final long P3 = 0x165667B19E3779F9L;
  private static final long P4 = 0x85EBCA77C2B2AE63L;
  private static final long P5 = 0x27D4EB2F165667C5L;

  private static final long C1 = 0x87c37b91114253d5L;
  private static final long C2 = 0x4cf5ad432745937fL;

  private Hashes() {}

  /** XXH64 of {@code b[off..off+len)} with seed 0. */
  static long xxh64(byte[] b, int off, int len) {
    int end = off + len;
    int p = off;
    long h;
    if (len >= 32) {
      long v1 = P1 + P2;
      long v2 = P2;
      long v3 = 0;
      long v4 = -P1;
      int limit = end - 32;
      do {
        v1 = round(v1, (long) LONG.get(b, p));
        v2 = round(v2, (long) LONG.get(b, p + 8));
        v3 = round(v3, (long) LONG.get(b, p + 16));
        v4 = round(v4, (long) LONG.get(b, p + 24));
        p += 32;
      } while (p <= limit);
      h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
      h = merge(h, v1);
      h = merge(h, v2);
      h = merge(h, v3);
      h = merge(h, v4);
    } else {
      h = P5;
    }
    h += len;
    while (p + 8 <= end) {
      h ^= round(0, (long) LONG.get(b, p));
      h = Long.rotateLeft(h, 27) * P1 + P4;
      p += 8;
    }
    if (p + 4 <= end) {
      h ^= ((int) INT.get(b, p) & 0xFFFFFFFFL) * P1;
      h = Long.rotateLeft(h, 23) * P2 + P3;
      p += 4;
    }
    while (p < end) {
      h ^= (b[p] & 0xFFL) * P5;
      h = Long.rotateLeft(h, 11) * P1;
      p++;
    }
    h ^= h >>> 33;
    h *= P2;
    h ^= h >>> 29;
    h *= P3;
    h ^= h >>> 32;
    return h;
  }

  private static long round(long acc, long input) {
    acc += input * P2;
    acc = Long.rotateLeft(acc, 31);
    return acc * P1;
  }

  private static long merge(long acc, long value) {
    acc ^= round(0, value);
    return acc * P1 + P4;
  }

  /**
   * MurmurHash3 x64 128 of {@code b[off..off+len)} with seed 0: the two 64-bit halves {@code h1} and {@code h2} in
   * {@code out[0]} and {@code out[1]}. Its conventional byte form is h1 then h2, each little-endian.
   */
  static void murmur3x64_128(byte[] b, int off, int len, long[] out) {
    long h1 = 0;
    long h2 = 0;
    int p = off;
    int blocksEnd = off + (len & ~15);
    for (; p < blocksEnd; p += 16) {
      long k1 = (long) LONG.get(b, p);
      long k2 = (long) LONG.get(b, p + 8);
      h1 ^= mixK1(k1);
      h1 = Long.rotateLeft(h1, 27);
      h1 += h2;
      h1 = h1 * 5 + 0x52dce729;
      h2 ^= mixK2(k2);
      h2 = Long.rotateLeft(h2, 31);
      h2 += h1;
      h2 = h2 * 5 + 0x38495ab5;
    }
    int tail = len & 15;
    long k1 = 0;
    long k2 = 0;
    for (int i = tail - 1; i >= 8; i--) {
      k2 = (k2 << 8) | (b[p + i] & 0xFFL);
    }
    for (int i = Math.min(tail, 8) - 1; i >= 0; i--) {
      k1 = (k1 << 8) | (b[p + i] & 0xFFL);
    }
    if (tail > 8) {
      h2 ^= mixK2(k2);
    }
    if (tail > 0) {
      h1 ^= mixK1(k1);
    }
    h1 ^= len;
    h2 ^= len;
    h1 += h2;
    h2 += h1;
    h1 = fmix64(h1);
    h2 = fmix64(h2);
    h1 += h2;
    h2 += h1;
    out[0] = h1;
    out[1] = h2;
  }

  private static long mixK1(long k1) {
    k1 *= C1;
    k1 = Long.rotateLeft(k1, 31);
    return k1 * C2;
  }

  private static long mixK2(long k2) {
    k2 *= C2;
    k2 = Long.rotateLeft(k2, 33);
    return k2 * C1;
  }

  private static long fmix64(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }

  private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** Writes {@code value}'s 8 bytes, little-endian, as 16 lower-case hex digits at {@code out[at..]}. */
  static void hexLittleEndian(long value, byte[] out, int at) {
    for (int i = 0; i < 8; i++) {
      int b = (int) (value >>> (8 * i)) & 0xFF;
      out[at + 2 * i] = HEX[b >>> 4];
      out[at + 2 * i + 1] = HEX[b & 15];
    }
  }

  /** Writes {@code bytes} as lower-case hex digits at {@code out[at..]}. */
  static void hex(byte[] bytes, int length, byte[] out, int at) {
    for (int i = 0; i < length; i++) {
      out[at + 2 * i] = HEX[(bytes[i] & 0xFF) >>> 4];
      out[at + 2 * i + 1] = HEX[bytes[i] & 15];
    }
  }
}
