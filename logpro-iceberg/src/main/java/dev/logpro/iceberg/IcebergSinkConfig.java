package dev.logpro.iceberg;

import dev.logpro.api.config.Default;
import dev.logpro.api.config.Doc;
import dev.logpro.api.config.Example;
import dev.logpro.api.config.Optional;
import java.util.List;
import java.util.Map;

/** Configuration of the {@code iceberg} sink; the component names are the YAML keys. */
@Doc("Writes rows as Parquet files into an Apache Iceberg table and commits them, with the source positions they"
    + " cover, in one atomic Iceberg commit (exactly-once).")
public record IcebergSinkConfig(
    @Doc("Directory (or object-store URI) holding the table data; the embedded catalog lives in"
            + " <warehouse>/catalog.db.")
        @Default("./warehouse")
        @Example("/data/warehouse")
        String warehouse,
    @Doc("Iceberg namespace of the table.") @Default("default") @Example("logs") String namespace,
    @Doc("Iceberg table name; the table is created from the first batch's schema when missing.")
        @Example("events")
        String table,
    @Doc("Partition spec for a new table, as Iceberg transforms: col or identity(col), year(col), month(col),"
            + " day(col), hour(col), bucket[N](col), truncate[W](col).")
        @Default("[]")
        @Example("[day(ts), bucket[16](user_id)]")
        List<String> partition_by,
    @Doc("Target size of a data file in MiB; a file rolls over when it reaches it.")
        @Default("512")
        @Example("256")
        int file_size_mb,
    @Doc("Parquet compression codec: zstd (level 3), snappy, gzip or uncompressed.")
        @Default("zstd")
        @Example("snappy")
        Compression compression,
    @Doc("Seconds between commits: data becomes visible, and source positions durable, at each commit; 0 commits"
            + " after every batch. Each commit is an Iceberg snapshot, so small values make many small files.")
        @Default("60")
        @Example("10")
        int commit_interval_s,
    @Doc("The most data files open at once, one per partition being written. A new partition past it closes the file"
            + " of the least recently written one; files whose partition gets no rows for 30 s (or none of the last"
            + " 32,768 rows), or that the memory budget needs back, are closed too. Closed files land with the next"
            + " commit. When a batch brings rows to more partitions than this (or than 16), batches are kept and"
            + " written in rounds: a row group per partition per round, files kept open between rounds up to this"
            + " bound.")
        @Default("100")
        @Example("500")
        int max_open_files,
    @Doc("Iceberg catalog properties, passed through untouched; type is one of rest, jdbc, hadoop, or glue, nessie,"
            + " hive, bigquery once their Iceberg module is on the classpath (or catalog-impl names a class), and"
            + " name is the catalog name (default logpro). When absent, an embedded SQLite catalog in the warehouse"
            + " is used.")
        @Optional
        @Example("{type: rest, uri: 'http://localhost:8181', warehouse: 's3://bucket/wh'}")
        Map<String, Object> catalog) {

  /** DuckDB's default for the same bound ({@code partitioned_write_max_open_files}). */
  static final int DEFAULT_MAX_OPEN_FILES = 100;

  /** Parquet compression codecs. */
  public enum Compression {
    ZSTD,
    SNAPPY,
    GZIP,
    UNCOMPRESSED
  }

  /** Checks each field; messages start with the field's name, so config errors point at its path. */
  public IcebergSinkConfig {
    warehouse = warehouse == null ? "./warehouse" : warehouse;
    namespace = namespace == null ? "default" : namespace;
    partition_by = partition_by == null ? List.of() : List.copyOf(partition_by);
    compression = compression == null ? Compression.ZSTD : compression;
    if (table == null || table.isBlank()) {
      throw new IllegalArgumentException("table: required");
    }
    PartitionSpecs.checkEntries(partition_by);
    if (file_size_mb <= 0) {
      throw new IllegalArgumentException("file_size_mb: must be positive, got " + file_size_mb);
    }
    if (commit_interval_s < 0) {
      throw new IllegalArgumentException("commit_interval_s: must be 0 or more, got " + commit_interval_s);
    }
    max_open_files = max_open_files == 0 ? DEFAULT_MAX_OPEN_FILES : max_open_files;
    if (max_open_files < 1) {
      throw new IllegalArgumentException("max_open_files: must be at least 1, got " + max_open_files);
    }
  }

  /** The same, with the default {@code max_open_files}. */
  public IcebergSinkConfig(String warehouse, String namespace, String table, List<String> partition_by,
      int file_size_mb, Compression compression, int commit_interval_s, Map<String, Object> catalog) {
    this(warehouse, namespace, table, partition_by, file_size_mb, compression, commit_interval_s,
        DEFAULT_MAX_OPEN_FILES, catalog);
  }

  /** A config with defaults for everything but the table, for code and tests. */
  public static IcebergSinkConfig of(String warehouse, String table) {
    return new IcebergSinkConfig(warehouse, null, table, List.of(), 512, null, 60, null);
  }
}
