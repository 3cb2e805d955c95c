package dev.logpro.iceberg;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the files of one write learned about their columns' values: a column whose dictionary was given up for plain
 * encoding (it did not make the first page smaller, or outgrew its size limit) starts the next files plain, without
 * building a dictionary of values it will throw away. With many partitions that is most of a high-cardinality
 * column's cost in each small file (1,806 hourly files of the 5M-event benchmark). Every {@value #RETRY_EVERY}th
 * file tries the dictionary again, so a column whose values change character is noticed.
 */
final class EncodingHints {
  static final int RETRY_EVERY = 16;

  /** Per column path: how many more files start it plain; absent or 0: try a dictionary. */
  private final ConcurrentHashMap<String, AtomicInteger> plainFor = new ConcurrentHashMap<>();

  /** Whether a new file's writer for {@code column} should skip the dictionary. */
  boolean startPlain(String column) {
    AtomicInteger left = plainFor.get(column);
    return left != null && left.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
  }

  /** {@code column}'s dictionary was given up for plain encoding. */
  void gaveUpDictionary(String column) {
    plainFor.computeIfAbsent(column, c -> new AtomicInteger()).set(RETRY_EVERY - 1);
  }

  /** {@code column}'s dictionary encoding paid off: keep trying it. */
  void keptDictionary(String column) {
    AtomicInteger left = plainFor.get(column);
    if (left != null) {
      left.set(0);
    }
  }
}
