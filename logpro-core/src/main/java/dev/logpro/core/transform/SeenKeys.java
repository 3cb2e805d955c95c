package dev.logpro.core.transform;

/**
 * The keys {@code deduplicate} remembers, as 128-bit fingerprints (MurmurHash3 of the key's bytes: two different keys
 * collide with a probability near 2^-128 per pair), in a bounded first-in, first-out order: at most {@code maxKeys},
 * the oldest forgotten first, and each forgotten once it is older than the window. Open addressing over primitive
 * arrays, so remembering a key allocates nothing; about 40 bytes of heap per key at most.
 */
final class SeenKeys {
  private final int maxKeys;
  private long[] h1 = new long[1024];
  private long[] h2 = new long[1024];
  private long[] stamps = new long[1024];
  private int head;
  private int size;
  /** Slots of the hash table: ring index + 1, or 0 when empty. */
  private int[] table = new int[2048];

  SeenKeys(int maxKeys) {
    this.maxKeys = maxKeys;
  }

  int size() {
    return size;
  }

  /** Forgets every key whose stamp is at most {@code stamp} (oldest first). */
  void forgetUpTo(long stamp) {
    while (size > 0 && stamps[head] <= stamp) {
      removeOldest();
    }
  }

  /** Remembers the key {@code (a, b)} with {@code stamp} if it is not remembered; returns whether it was new. */
  boolean add(long a, long b, long stamp) {
    int mask = table.length - 1;
    int slot = (int) mix(a) & mask;
    while (table[slot] != 0) {
      int index = table[slot] - 1;
      if (h1[index] == a && h2[index] == b) {
        return false;
      }
      slot = (slot + 1) & mask;
    }
    if (size == maxKeys) {
      removeOldest();
      add(a, b, stamp);
      return true;
    }
    if (size == h1.length) {
      grow();
      add(a, b, stamp);
      return true;
    }
    int index = (head + size) % h1.length;
    h1[index] = a;
    h2[index] = b;
    stamps[index] = stamp;
    table[slot] = index + 1;
    size++;
    return true;
  }

  private void removeOldest() {
    int index = head;
    int mask = table.length - 1;
    int slot = (int) mix(h1[index]) & mask;
    while (table[slot] != index + 1) {
      slot = (slot + 1) & mask;
    }
    // Backward-shift deletion keeps every probe chain unbroken without tombstones.
    int hole = slot;
    int next = (hole + 1) & mask;
    while (table[next] != 0) {
      int home = (int) mix(h1[table[next] - 1]) & mask;
      if (((next - home) & mask) >= ((next - hole) & mask)) {
        table[hole] = table[next];
        hole = next;
      }
      next = (next + 1) & mask;
    }
    table[hole] = 0;
    head = (head + 1) % h1.length;
    size--;
  }

  /** Doubles the ring (up to maxKeys) and the table, laying the ring out oldest first. */
  private void grow() {
    int capacity = (int) Math.min((long) h1.length * 2, maxKeys);
    long[] a = new long[capacity];
    long[] b = new long[capacity];
    long[] s = new long[capacity];
    for (int i = 0; i < size; i++) {
      int from = (head + i) % h1.length;
      a[i] = h1[from];
      b[i] = h2[from];
      s[i] = stamps[from];
    }
    h1 = a;
    h2 = b;
    stamps = s;
    head = 0;
    table = new int[Integer.highestOneBit(Math.max(2, capacity * 2 - 1)) << 1];
    int mask = table.length - 1;
    for (int i = 0; i < size; i++) {
      int slot = (int) mix(h1[i]) & mask;
      while (table[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      table[slot] = i + 1;
    }
  }

  private static long mix(long x) {
    x ^= x >>> 31;
    return x ^ (x >>> 17);
  }
}
