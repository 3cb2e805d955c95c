package dev.logpro.bench;

import java.util.List;
import java.util.Locale;

/**
 * What one table of the benchmark measures: an input format, how the table is partitioned, and whether the events are
 * in time order (as generated) or shuffled. The DuckDB anchor writes the same partitioning with {@code PARTITION_BY};
 * for {@code bucket-day} it uses its own {@code hash(user_id) % 16}, as it has no Iceberg bucket transform: the same
 * number of partitions, not the same assignment of users to them.
 */
record Scenario(String format, String partitioning, String order) {

  static final List<String> PARTITIONINGS = List.of("none", "day", "hour", "bucket-day");
  static final List<String> ORDERS = List.of("sorted", "shuffled");

  boolean shuffled() {
    return order.equals("shuffled");
  }

  boolean partitioned() {
    return !partitioning.equals("none");
  }

  /** A key and heading: the bare format for the unpartitioned, time-ordered runs the results table always had. */
  String key() {
    return partitioned() || shuffled() ? format + " " + partitioning + " " + order : format;
  }

  String title() {
    String base = format.toUpperCase(Locale.ROOT);
    if (!partitioned() && !shuffled()) {
      return base;
    }
    String how = partitioned() ? String.join(" + ", partitionBy().stream().map(t -> "`" + t + "`").toList())
        : "unpartitioned";
    return base + ", " + how + ", " + (shuffled() ? "shuffled" : "time-sorted");
  }

  /** logpro's {@code sink.iceberg.partition_by}. */
  List<String> partitionBy() {
    return switch (partitioning) {
      case "none" -> List.of();
      case "day" -> List.of("day(ts)");
      case "hour" -> List.of("hour(ts)");
      case "bucket-day" -> List.of("bucket[16](user_id)", "day(ts)");
      default -> throw new IllegalArgumentException("unknown partitioning " + partitioning);
    };
  }

  /** The columns DuckDB adds to partition by, as {@code expression AS name, ...}; empty when unpartitioned. */
  String duckdbColumns() {
    return switch (partitioning) {
      case "none" -> "";
      case "day" -> "CAST(ts AS DATE) AS ts_day";
      case "hour" -> "date_trunc('hour', CAST(ts AS TIMESTAMPTZ)) AS ts_hour";
      case "bucket-day" -> "hash(user_id) % 16 AS user_id_bucket, CAST(ts AS DATE) AS ts_day";
      default -> throw new IllegalArgumentException("unknown partitioning " + partitioning);
    };
  }

  /** DuckDB's {@code PARTITION_BY} list. */
  String duckdbPartitionBy() {
    return switch (partitioning) {
      case "day" -> "ts_day";
      case "hour" -> "ts_hour";
      case "bucket-day" -> "user_id_bucket, ts_day";
      default -> "";
    };
  }
}
