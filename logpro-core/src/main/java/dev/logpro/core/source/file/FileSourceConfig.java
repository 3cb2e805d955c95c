package dev.logpro.core.source.file;

import dev.logpro.api.config.Default;
import dev.logpro.api.config.Doc;
import dev.logpro.api.config.Example;
import dev.logpro.api.config.HasFormat;
import java.nio.file.FileSystems;
import java.util.regex.PatternSyntaxException;

/** Options of the {@code file} source. */
@Doc("Reads files from local disk: one file, every file under a directory, or the files a glob matches.")
public record FileSourceConfig(
    @Doc("A file, a directory (read recursively, hidden files skipped) or a glob such as data/*.csv. Relative to the"
            + " working directory.")
        @Example("data/events")
        String path,
    @Doc("How the files become rows: the name of a format (csv, ndjson, json; with logpro-formats also avro,"
            + " protobuf, parquet).") @Example("csv") String format,
    @Doc("Bytes read from a file at a time; each chunk, cut at a record boundary, becomes one batch.")
        @Default("4096")
        int chunk_size_kb,
    @Doc("The longest single record accepted, in MiB; a longer one stops the run with an error naming its offset."
            + " Also the most a file may hold before its first record (a CSV header, an Avro header), and the most of a"
            + " damaged Parquet file copied into its dead letter.")
        @Default("64")
        int max_record_size_mb)
    implements HasFormat {

  public FileSourceConfig {
    if (path != null && path.isBlank()) {
      throw new IllegalArgumentException("path: must not be empty");
    }
    // Only the glob's syntax: its files, and the path's, may appear after the config is checked; a run that starts
    // with none fails then.
    if (path != null && FileSet.isGlob(path)) {
      try {
        FileSystems.getDefault().getPathMatcher("glob:" + path);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("path: not a valid glob: " + e.getDescription() + " at character "
            + (e.getIndex() + 1));
      }
    }
    if (chunk_size_kb < 1) {
      throw new IllegalArgumentException("chunk_size_kb: must be at least 1");
    }
    if (max_record_size_mb < 1) {
      throw new IllegalArgumentException("max_record_size_mb: must be at least 1");
    }
  }
}
