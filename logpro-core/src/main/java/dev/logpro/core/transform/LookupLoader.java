package dev.logpro.core.transform;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Loads the lookup table of the {@code enrich} transform into memory, for one {@link LookupSource#format()}. Found
 * with {@link java.util.ServiceLoader} under {@code META-INF/services/dev.logpro.core.transform.LookupLoader}: core
 * reads CSV files with its own decoder; the Iceberg module adds Parquet files and Iceberg tables, so core needs no
 * Parquet or Iceberg library.
 */
public interface LookupLoader {

  /** The format it loads: {@code csv}, {@code parquet}, {@code iceberg}. */
  String format();

  /**
   * Every row of the lookup, allocated from {@code allocator} and owned by the caller.
   *
   * @throws IllegalArgumentException when it has more than {@link LookupSource#maxRows()} rows
   *     ({@link LookupSource#tooBig}), or cannot be read as this format
   */
  VectorSchemaRoot load(LookupSource source, BufferAllocator allocator) throws Exception;
}
