package dev.logpro.iceberg;

import dev.logpro.api.config.Default;
import dev.logpro.api.config.Doc;
import dev.logpro.api.config.Example;
import java.util.List;

/** Configuration of the {@code parquet} sink; the component names are the YAML keys. */
@Doc("Writes rows as plain Parquet files in Hive-style partition directories (col=value/), for readers without"
    + " Iceberg. A file is written under a hidden temporary name and renamed into place once complete and on disk,"
    + " so readers never see a partial file. Positions go to reliability.checkpoint_store (required) only after"
    + " every file covering them is in place: at least once.")
public record ParquetSinkConfig(
    @Doc("Local directory the files go to; created when missing.") @Example("/data/events") String path,
    @Doc("Partition directories, outermost first: columns (country) or Iceberg transforms (day(ts),"
            + " bucket[16](user_id)). A directory is named <field>=<value> (day(ts) gives ts_day=2026-01-02), the"
            + " value escaped as Hive does; a null or empty value is __HIVE_DEFAULT_PARTITION__. Files keep every"
            + " column, the partition columns included.")
        @Default("[]")
        @Example("[country, day(ts)]")
        List<String> partition_by,
    @Doc("Target size of a file in MiB; a file is closed and a new one started when it reaches it.")
        @Default("128")
        @Example("256")
        int file_size_mb,
    @Doc("Parquet compression codec: zstd (level 3), snappy, gzip or uncompressed.")
        @Default("zstd")
        @Example("snappy")
        IcebergSinkConfig.Compression compression,
    @Doc("Seconds between flushes: every open file is closed and published, then the positions it completes are"
            + " saved; 0 flushes after every batch. Each flush ends one file per open partition, so small values"
            + " make many small files.")
        @Default("60")
        @Example("10")
        int flush_interval_s) {

  /** Checks each field; messages start with the field's name, so config errors point at its path. */
  public ParquetSinkConfig {
    partition_by = partition_by == null ? List.of() : List.copyOf(partition_by);
    compression = compression == null ? IcebergSinkConfig.Compression.ZSTD : compression;
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("path: required");
    }
    if (path.contains("://")) {
      throw new IllegalArgumentException("path: expected a local directory, got '" + path
          + "' (publishing a file by rename needs a file system that renames atomically)");
    }
    PartitionSpecs.checkEntries(partition_by);
    if (file_size_mb <= 0) {
      throw new IllegalArgumentException("file_size_mb: must be positive, got " + file_size_mb);
    }
    if (flush_interval_s < 0) {
      throw new IllegalArgumentException("flush_interval_s: must be 0 or more, got " + flush_interval_s);
    }
  }
}
