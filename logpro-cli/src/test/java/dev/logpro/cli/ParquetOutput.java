package dev.logpro.cli;

import dev.logpro.testkit.EventFiles;
import dev.logpro.testkit.EventTally;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads what the raw parquet sink published, with DuckDB, as another engine would. */
final class ParquetOutput {
  private ParquetOutput() {}

  /** The published files under {@code dir}: what a reader globbing {@code **}{@code /*.parquet} sees. */
  static List<Path> files(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".parquet")).toList();
    }
  }

  /** Files under {@code dir} whose name says they are not finished. */
  static List<Path> unfinished(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".inprogress")).toList();
    }
  }

  /** Rows in the published files, as DuckDB counts them. */
  static long count(Path dir) throws Exception {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = duck.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM read_parquet('" + dir + "/**/*.parquet')")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** Every event in the published files, in either the CSV layout or the NDJSON one ({@code geo} struct). */
  static List<EventFiles.Event> events(Path dir, boolean nested) throws Exception {
    String country = nested ? "geo.country" : "country";
    String zip = nested ? "geo.zip" : "zip";
    List<EventFiles.Event> events = new ArrayList<>();
    if (files(dir).isEmpty()) {
      return events;
    }
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = duck.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id, epoch_us(ts), user_id, type, " + country
            + ", latency_ms, amount, " + zip + " FROM read_parquet('" + dir + "/**/*.parquet',"
            + " hive_partitioning = false)")) {
      while (rows.next()) {
        long micros = rows.getLong(2);
        events.add(new EventFiles.Event(rows.getString(1),
            Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L),
            rows.getLong(3), rows.getString(4), rows.getString(5), rows.getDouble(6), rows.getLong(7),
            rows.getString(8)));
      }
    }
    return events;
  }

  static EventTally tally(Path dir, boolean nested) throws Exception {
    return EventTally.of(events(dir, nested));
  }
}
