package dev.logpro.core.config;

import dev.logpro.api.config.Default;
import dev.logpro.api.config.Doc;
import dev.logpro.api.config.Example;
import dev.logpro.api.config.Optional;
import dev.logpro.core.validate.ValidationRule;
import java.util.List;
import java.util.Map;

/**
 * How the engine moves and shapes rows: its memory budget, queue depths and decode parallelism, and the transforms and
 * validation rules every batch goes through.
 */
@Doc("How the engine moves and shapes rows between stages.")
public record ProcessingConfig(
    @Doc("Arrow memory the whole pipeline may hold at once, in MiB. Every batch in every stage counts against it, and"
        + " so do the Parquet pages each open data file buffers for its current row group.")
        @Default("512")
        int memory_limit_mb,
    @Doc("How long a stage that needs memory waits for other stages to release some before the run fails, in ms.")
        @Default("30000")
        long memory_wait_ms,
    @Doc("Rows sampled from the start of the input to infer a schema for schemaless formats (CSV, JSON).")
        @Default("1000")
        int infer_sample_rows,
    @Doc("Rows a decoder puts in one batch when a source hands on one record per message.")
        @Default("8192")
        int batch_rows,
    @Doc("Batches each queue between stages holds before the stage in front of it waits (backpressure).")
        @Default("4")
        int queue_depth,
    @Doc("Threads decoding chunks in parallel (batches keep source order); 0 means one per CPU core.")
        @Default("0")
        int decode_threads,
    @Doc("What happens when rows do not fit the existing table's schema. strict: the table never changes; a batch with"
        + " a column the table lacks, or of a type that cannot be cast to the table's, goes to the dead-letter queue"
        + " whole, and a value that does not cast sends its row there. permissive: new columns (nested ones too) are"
        + " added and types widened by Iceberg's rules (int to long, float to double, decimal precision) in the same"
        + " commit as the rows; a value that cannot be converted sends its row to the dead-letter queue. rescue: the"
        + " table keeps its columns plus one _rescued_data string column; whatever does not fit a row is kept there"
        + " as a JSON object.")
        @Default("permissive")
        @Example("rescue")
        SchemaPolicy schema_policy,
    @Doc("The most fields the table may have, counted at every nesting level (a struct's members, a list's elements)."
        + " Past it no column is added: a record whose new fields would need one goes to the dead-letter queue (the"
        + " error names this key; raise it and replay them), so data whose keys are values (ids, URLs) cannot make a"
        + " table of thousands of columns.")
        @Default("1000")
        int max_columns,
    @Doc("Transforms applied to every batch, in order, right after decoding: each entry names its type and holds its"
        + " options beside it (see Transforms).")
        @Optional
        @Example("[{type: filter, where: \"status != 'deleted'\"}, {type: project, drop: [debug]}]")
        List<Map<String, Object>> transforms,
    @Doc("Validation rules every row must pass after the transforms; a failing row goes to the dead-letter queue"
        + " with the rule (see Validation rules).")
        @Optional
        @Example("[{not_null: [id, ts]}, {range: {latency_ms: [0, 60000]}}]")
        List<ValidationRule> validate) {

  public ProcessingConfig {
    if (memory_limit_mb < 16) {
      throw new IllegalArgumentException("memory_limit_mb: must be at least 16");
    }
    if (memory_wait_ms < 0) {
      throw new IllegalArgumentException("memory_wait_ms: must not be negative");
    }
    if (infer_sample_rows < 1) {
      throw new IllegalArgumentException("infer_sample_rows: must be at least 1");
    }
    if (batch_rows < 1) {
      throw new IllegalArgumentException("batch_rows: must be at least 1");
    }
    if (decode_threads < 0) {
      throw new IllegalArgumentException("decode_threads: must be 0 (one per core) or more");
    }
    if (max_columns < 1) {
      throw new IllegalArgumentException("max_columns: must be at least 1");
    }
    if (queue_depth < 1) {
      throw new IllegalArgumentException("queue_depth: must be at least 1");
    }
    transforms = transforms == null ? List.of() : List.copyOf(transforms);
    validate = validate == null ? List.of() : List.copyOf(validate);
  }

  /** How rows that do not fit the table's schema are handled: {@code processing.schema_policy}. */
  public enum SchemaPolicy {
    STRICT,
    PERMISSIVE,
    RESCUE
  }

  /** The decode threads to run: {@link #decode_threads}, or one per core. */
  public int decodeThreads() {
    return decode_threads > 0 ? decode_threads : Runtime.getRuntime().availableProcessors();
  }
}
