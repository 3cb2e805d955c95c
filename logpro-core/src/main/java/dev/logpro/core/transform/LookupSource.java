package dev.logpro.core.transform;

import java.util.Map;

/**
 * Where the {@code enrich} transform's lookup table comes from, as a {@link LookupLoader} reads it.
 *
 * @param format {@code csv}, {@code parquet} or {@code iceberg}
 * @param path the file, for csv and parquet
 * @param table {@code namespace.table}, for iceberg
 * @param warehouse the embedded catalog's warehouse, for iceberg without {@code catalog}
 * @param catalog Iceberg catalog properties, or {@code null}
 * @param maxRows the most rows a lookup may have; a loader refuses a bigger one
 */
public record LookupSource(String format, String path, String table, String warehouse, Map<String, Object> catalog,
    long maxRows) {

  /** Why a lookup cannot be used: it has more rows than allowed. */
  public IllegalArgumentException tooBig(long rows) {
    return new IllegalArgumentException("lookup " + describe() + " has " + (rows > maxRows ? rows : "more than "
        + maxRows) + " rows, more than max_rows (" + maxRows + "): raise max_rows if it fits in memory");
  }

  /** The source for messages: its path or table. */
  public String describe() {
    return path != null ? path : table;
  }
}
