package dev.logpro.api;

import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/** What the engine gives a component when it creates it. */
public interface ComponentContext {

  /** The pipeline's id, stable across runs: positions are stored under it. */
  String pipelineId();

  /** This component's own allocator, a child of the pipeline's one memory budget. */
  BufferAllocator allocator();

  /** For decoders: the schema rows must fit (an existing table's), when there is one. */
  default Optional<Schema> targetSchema() {
    return Optional.empty();
  }

  /**
   * For a source whose config names a format: the decoder's bound config record, so a source can frame records the
   * way the decoder reads them (whether a CSV file starts with a header line).
   */
  default Optional<Record> formatOptions() {
    return Optional.empty();
  }

  /**
   * For decoders that infer or were given a schema: whether a well-formed record the schema cannot hold (a new field,
   * a value its column's type cannot take) should widen the schema instead of becoming a dead letter. True when the
   * pipeline's {@code processing.schema_policy} lets the table change or keeps what does not fit
   * ({@code permissive}, {@code rescue}); false for {@code strict}.
   */
  default boolean growSchema() {
    return false;
  }

  /** Rows a decoder puts in one batch at most. */
  default int batchRows() {
    return 8192;
  }

  /** Rows a decoder samples to infer a schema. */
  default int inferSampleRows() {
    return 1000;
  }

  /**
   * For decoders that infer or grow a schema: the most fields it may have, counted at every nesting level
   * ({@code processing.max_columns}). Records whose new fields would pass it stay dead letters.
   */
  default int maxColumns() {
    return 1000;
  }
}
