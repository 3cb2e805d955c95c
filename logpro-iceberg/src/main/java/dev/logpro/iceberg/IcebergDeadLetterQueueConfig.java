package dev.logpro.iceberg;

import dev.logpro.api.config.Default;
import dev.logpro.api.config.Doc;
import dev.logpro.api.config.Example;
import dev.logpro.api.config.Optional;
import java.util.Map;

/** Configuration of the {@code iceberg} dead-letter queue; the component names are the YAML keys. */
@Doc("Writes dead letters as rows of an Apache Iceberg table (raw bytes, error, stage, source, position, timestamp,"
    + " pipeline, headers), committed before the positions that cover them; a record dead-lettered again after a"
    + " crash is not added twice.")
public record IcebergDeadLetterQueueConfig(
    @Doc("Directory (or object-store URI) of the warehouse; the embedded catalog lives in <warehouse>/catalog.db."
            + " Give the sink's warehouse to keep dead letters beside the data.")
        @Default("./warehouse")
        @Example("/data/warehouse")
        String warehouse,
    @Doc("Iceberg namespace of the table.") @Default("default") @Example("logs") String namespace,
    @Doc("Table name, created on the first dead letter; by default <pipeline>_dlq, with characters other than"
            + " letters, digits and _ replaced by _. Pipelines may share a table: each row names its pipeline.")
        @Optional
        @Example("dead_letters")
        String table,
    @Doc("Iceberg catalog properties, passed through untouched, as for the iceberg sink; when absent, the embedded"
            + " SQLite catalog in the warehouse is used.")
        @Optional
        @Example("{type: rest, uri: 'http://localhost:8181', warehouse: 's3://bucket/wh'}")
        Map<String, Object> catalog) {

  /** Checks each field; messages start with the field's name, so config errors point at its path. */
  public IcebergDeadLetterQueueConfig {
    warehouse = warehouse == null ? "./warehouse" : warehouse;
    namespace = namespace == null ? "default" : namespace;
    if (warehouse.isBlank()) {
      throw new IllegalArgumentException("warehouse: must not be empty");
    }
    if (table != null && table.isBlank()) {
      throw new IllegalArgumentException("table: must not be empty");
    }
    if (catalog == null && warehouse.contains("://")) {
      throw new IllegalArgumentException("warehouse: the embedded catalog needs a local directory, not " + warehouse
          + "; set catalog for object storage");
    }
  }

  /** The table's name for pipeline {@code pipelineId}: {@link #table()}, or {@code <pipeline>_dlq}. */
  public String tableFor(String pipelineId) {
    return table != null ? table : pipelineId.replaceAll("[^A-Za-z0-9_]", "_") + "_dlq";
  }
}
