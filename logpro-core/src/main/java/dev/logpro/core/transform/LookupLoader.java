package dev.logpro.core.transform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

  /**
   * What can be found wrong with {@code source} without loading it (a file that is not there), for
   * {@code logpro validate} and before a run starts; it must change nothing and connect to nothing.
   *
   * @return each problem as {@code "field: why"}, the field one of the {@code enrich} transform's ({@code path});
   *     empty when nothing is
   */
  default List<String> check(LookupSource source) {
    return List.of();
  }

  /** {@code "path: why"} when {@code source}'s file is not a readable file, for {@link #check}. */
  static List<String> checkFile(LookupSource source) {
    Path file = Path.of(source.path());
    if (!Files.isRegularFile(file)) {
      return List.of("path: no such file: " + source.path());
    }
    if (!Files.isReadable(file)) {
      return List.of("path: cannot read " + source.path() + " (no permission)");
    }
    return List.of();
  }
}
