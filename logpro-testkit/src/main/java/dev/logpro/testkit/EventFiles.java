package dev.logpro.testkit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Deterministic web-event files for tests: every row has a unique {@code id} ({@code f<file>-r<row>}) and a {@code
 * amount} whose sum over all rows is known, so a test can check that every row landed exactly once (count, distinct
 * ids and checksum). Timestamps spread over several days so {@code day(ts)} partitions differ.
 */
public final class EventFiles {
  private static final String[] TYPES = {"page_view", "click", "purchase", "signup", "search"};
  private static final String[] COUNTRIES = {"US", "DE", "FR", "GB", "IN", "BR", "JP"};
  private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();

  private EventFiles() {}

  /** One event: the values every generated file holds for row {@code row} of file {@code file}. */
  public record Event(String id, Instant ts, long userId, String type, String country, double latencyMs, long amount,
      String zip) {}

  public static Event event(int file, int row) {
    SplittableRandom random = new SplittableRandom(file * 1_000_003L + row);
    Instant ts = Instant.ofEpochSecond(T0 + (file * 7_919L + row * 1_237L) % (4 * 86_400L), random.nextInt(1000) * 1_000_000L);
    return new Event("f" + file + "-r" + row, ts, random.nextLong(1, 2_000_000), TYPES[random.nextInt(TYPES.length)],
        COUNTRIES[random.nextInt(COUNTRIES.length)], random.nextInt(1_000_000) / 1000.0, random.nextLong(0, 10_000),
        String.format(Locale.ROOT, "%05d", random.nextInt(100_000)));
  }

  /** Writes {@code files} CSV files of {@code rows} rows each under {@code dir}; returns them. */
  public static List<Path> writeCsv(Path dir, int files, int rows) throws IOException {
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    for (int f = 0; f < files; f++) {
      Path path = dir.resolve(String.format(Locale.ROOT, "events-%04d.csv", f));
      try (BufferedWriter out = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
        out.write("id,ts,user_id,type,country,latency_ms,amount,zip\n");
        for (int r = 0; r < rows; r++) {
          Event e = event(f, r);
          out.write(e.id() + "," + e.ts() + "," + e.userId() + "," + e.type() + "," + e.country() + ","
              + e.latencyMs() + "," + e.amount() + "," + e.zip() + "\n");
        }
      }
      written.add(path);
    }
    return written;
  }

  /** Writes {@code files} NDJSON files with a nested {@code geo} object and a {@code tags} array. */
  public static List<Path> writeNdjson(Path dir, int files, int rows) throws IOException {
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    for (int f = 0; f < files; f++) {
      Path path = dir.resolve(String.format(Locale.ROOT, "events-%04d.ndjson", f));
      try (BufferedWriter out = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
        for (int r = 0; r < rows; r++) {
          Event e = event(f, r);
          out.write("{\"id\":\"" + e.id() + "\",\"ts\":\"" + e.ts() + "\",\"user_id\":" + e.userId()
              + ",\"type\":\"" + e.type() + "\",\"latency_ms\":" + e.latencyMs() + ",\"amount\":" + e.amount()
              + ",\"geo\":{\"country\":\"" + e.country() + "\",\"zip\":\"" + e.zip() + "\"},\"tags\":["
              + (r % 3 == 0 ? "" : "\"" + e.type() + "\"" + (r % 3 == 2 ? ",\"x\"" : "")) + "]}\n");
        }
      }
      written.add(path);
    }
    return written;
  }

  /** The sum of {@code amount} over every row of {@code files} files of {@code rows} rows. */
  public static long amountChecksum(int files, int rows) {
    long sum = 0;
    for (int f = 0; f < files; f++) {
      for (int r = 0; r < rows; r++) {
        sum += event(f, r).amount();
      }
    }
    return sum;
  }
}
