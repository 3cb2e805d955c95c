package dev.logpro.testkit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;

/**
 * What a set of {@link EventFiles.Event} rows adds up to, order aside: how many rows, how many distinct ids and
 * distinct rows, and a checksum (the sum of a 64-bit digest of every field of every row), so a test can tell
 * "every input row exactly once" from "every input row at least once" from "a row lost, or one changed".
 *
 * @param rows rows counted, duplicates included
 * @param distinctIds distinct {@code id} values
 * @param distinctRows distinct rows, every field compared
 * @param checksum sum of the digests of all rows, duplicates included
 * @param distinctChecksum sum of the digests of the distinct rows
 */
public record EventTally(long rows, long distinctIds, long distinctRows, long checksum, long distinctChecksum) {

  /** The tally of {@code files} generated files of {@code rowsPerFile} rows each. */
  public static EventTally expected(int files, int rowsPerFile) {
    Counter counter = new Counter();
    for (int f = 0; f < files; f++) {
      for (int r = 0; r < rowsPerFile; r++) {
        counter.add(EventFiles.event(f, r));
      }
    }
    return counter.tally();
  }

  public static EventTally of(Iterable<EventFiles.Event> events) {
    Counter counter = new Counter();
    events.forEach(counter::add);
    return counter.tally();
  }

  /** Every row of {@code input} is here once, and nothing else: count, distinct ids and checksum all agree. */
  public boolean isExactlyOnce(EventTally input) {
    return rows == input.rows && distinctIds == input.rows && distinctRows == input.rows
        && checksum == input.checksum;
  }

  /** Every row of {@code input} is here, some perhaps more than once, and nothing else. */
  public boolean isAtLeastOnce(EventTally input) {
    return distinctIds == input.rows && distinctRows == input.rows && distinctChecksum == input.checksum;
  }

  /** The row as one string, timestamps to the microsecond (what Parquet and Iceberg keep). */
  static String canonical(EventFiles.Event e) {
    return e.id() + '|' + e.ts().truncatedTo(ChronoUnit.MICROS) + '|' + e.userId() + '|' + e.type() + '|'
        + e.country() + '|' + e.latencyMs() + '|' + e.amount() + '|' + e.zip();
  }

  private static final class Counter {
    private final Set<String> ids = new HashSet<>();
    private final Set<String> distinct = new HashSet<>();
    private final MessageDigest sha;
    private long rows;
    private long checksum;
    private long distinctChecksum;

    Counter() {
      try {
        sha = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    void add(EventFiles.Event event) {
      String row = canonical(event);
      byte[] digest = sha.digest(row.getBytes(StandardCharsets.UTF_8));
      long value = 0;
      for (int i = 0; i < 8; i++) {
        value = (value << 8) | (digest[i] & 0xFF);
      }
      rows++;
      checksum += value;
      ids.add(event.id());
      if (distinct.add(row)) {
        distinctChecksum += value;
      }
    }

    EventTally tally() {
      return new EventTally(rows, ids.size(), distinct.size(), checksum, distinctChecksum);
    }
  }
}
