package dev.logpro.core.transform;

import org.apache.arrow.vector.FieldVector;

/**
 * The rows of a lookup table by key: 128-bit fingerprints of the key's bytes ({@link RowKeys#framed}) in an
 * open-addressing table of primitives, so a probe allocates nothing. When a key appears more than once, its first row
 * wins.
 */
final class LookupIndex {
  private final long[] a;
  private final long[] b;
  private final int[] rows;
  private final int mask;

  /** Indexes the {@code count} rows of {@code key}. */
  LookupIndex(FieldVector key, int count) {
    int capacity = Integer.highestOneBit(Math.max(2, count * 2 - 1)) << 1;
    a = new long[capacity];
    b = new long[capacity];
    rows = new int[capacity];
    java.util.Arrays.fill(rows, -1);
    mask = capacity - 1;
    RowKeys keys = new RowKeys(new FieldVector[] {key});
    long[] hash = new long[2];
    for (int row = 0; row < count; row++) {
      if (key.isNull(row)) {
        continue; // a null key matches nothing, as in a SQL join
      }
      Hashes.murmur3x64_128(keys.buffer(), 0, keys.framed(row), hash);
      int slot = slot(hash[0], hash[1]);
      if (rows[slot] < 0) {
        a[slot] = hash[0];
        b[slot] = hash[1];
        rows[slot] = row;
      }
    }
  }

  /** The lookup row whose key has the fingerprint {@code (h1, h2)}, or -1. */
  int find(long h1, long h2) {
    return rows[slot(h1, h2)];
  }

  /** The slot holding {@code (h1, h2)}, or the empty slot where it would go. */
  private int slot(long h1, long h2) {
    int slot = (int) (h1 ^ (h1 >>> 29)) & mask;
    while (rows[slot] >= 0 && (a[slot] != h1 || b[slot] != h2)) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }
}
