package dev.logpro.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * The DuckDB contender, run in its own JVM: one {@code COPY (SELECT * FROM read_csv(...)) TO ... (FORMAT parquet,
 * COMPRESSION zstd)}, or {@code read_ndjson} for NDJSON, with DuckDB's defaults apart from the thread count.
 *
 * With a partitioning, {@code COPY (SELECT *, <columns> FROM ...) TO <directory> (FORMAT parquet, PARTITION_BY (...),
 * COMPRESSION zstd)}: a directory per partition, as a partitioned table has.
 *
 * <p>usage: {@code DuckDbConvert <csv|ndjson> <input> <output> <threads> [<columns> <partition by>]}; prints
 * {@code work_ms=N}.
 */
public final class DuckDbConvert {
  private DuckDbConvert() {}

  public static void main(String[] args) throws Exception {
    String format = args[0];
    String reader = switch (format) {
      case "csv" -> "read_csv";
      case "ndjson" -> "read_ndjson";
      default -> throw new IllegalArgumentException("Cannot convert format " + format + ": expected csv or ndjson");
    };
    long start = System.nanoTime();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("SET threads=" + Integer.parseInt(args[3]));
      boolean partitioned = args.length > 5 && !args[5].isEmpty();
      String select = partitioned ? "SELECT *, " + args[4] : "SELECT *";
      s.execute("COPY (" + select + " FROM " + reader + "(" + sql(args[1]) + ")) TO " + sql(args[2])
          + " (FORMAT parquet, " + (partitioned ? "PARTITION_BY (" + args[5] + "), " : "") + "COMPRESSION zstd)");
    }
    System.out.println("work_ms=" + (System.nanoTime() - start) / 1_000_000);
  }

  static String sql(String literal) {
    return "'" + literal.replace("'", "''") + "'";
  }
}
