package dev.logpro.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A CSV file whose values reach where partition transforms are easy to get wrong: timestamps and dates before 1970
 * (floor, not truncation toward zero), negative numbers for {@code truncate}, strings with characters outside the
 * BMP for {@code truncate} and {@code bucket}, and nulls.
 *
 * <p>Columns: {@code id} (long), {@code ts} and {@code ts2} (timestamptz, 1901-2099, microseconds), {@code local}
 * (timestamp without zone), {@code d} (date), {@code amount} (long, negative and positive), {@code name} (string),
 * {@code country} (string).
 */
final class WideRangeCsv {
  private static final String[] COUNTRIES = {"US", "DE", "FR", "JP", "BR"};
  private static final String[] NAMES =
      {"a", "ab", "abc", "ünï", "日本語", "😀x", "x😀", "😀😀😀", "Zürich", "Ωmega"};
  private static final long FROM = Instant.parse("1901-01-01T00:00:00Z").getEpochSecond();
  private static final long TO = Instant.parse("2099-12-31T23:59:59Z").getEpochSecond();

  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS");

  private WideRangeCsv() {}

  /** One row: nulls are Java nulls. */
  record Row(long id, Instant ts, Instant ts2, LocalDateTime local, LocalDate d, Long amount, String name,
      String country) {}

  static List<Row> rows(int count) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      SplittableRandom random = new SplittableRandom(i * 7_919L + 17);
      Instant ts = i % 37 == 5 ? null
          : Instant.ofEpochSecond(random.nextLong(FROM, TO), random.nextInt(1_000_000) * 1000L);
      Instant ts2 = Instant.ofEpochSecond(random.nextLong(FROM, TO));
      LocalDateTime local = LocalDateTime.ofEpochSecond(random.nextLong(FROM, TO), random.nextInt(1000) * 1000,
          ZoneOffset.UTC);
      LocalDate d = LocalDate.ofEpochDay(random.nextLong(-25_000, 25_000));
      Long amount = i % 41 == 7 ? null : random.nextLong(-100_000, 100_000);
      String name = i % 29 == 3 ? null : NAMES[random.nextInt(NAMES.length)] + (i % 3 == 0 ? "" : "-" + (i % 11));
      rows.add(new Row(i, ts, ts2, local, d, amount, name, COUNTRIES[random.nextInt(COUNTRIES.length)]));
    }
    return rows;
  }

  /** Writes {@code rows} to {@code file} (an empty field is a null). */
  static void write(Path file, List<Row> rows) throws IOException {
    StringBuilder out = new StringBuilder("id,ts,ts2,local,d,amount,name,country\n");
    for (Row r : rows) {
      out.append(r.id()).append(',').append(r.ts() == null ? "" : r.ts()).append(',').append(r.ts2()).append(',')
          .append(LOCAL.format(r.local())).append(',').append(r.d()).append(',')
          .append(r.amount() == null ? "" : r.amount()).append(',').append(r.name() == null ? "" : r.name())
          .append(',').append(r.country()).append('\n');
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, out, StandardCharsets.UTF_8);
  }
}
