package dev.logpro.iceberg;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.Sink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches as plain Parquet files under {@code path}, in Hive-style partition directories. Each file is written
 * under a hidden temporary name and, on {@link #flush}, closed, forced to disk and renamed into place
 * ({@link DurableFiles#publish}): a reader listing the directory sees whole files or nothing. The engine saves the
 * positions a flush completes in the checkpoint store only after it returns, so a crash replays at most what was
 * published since the last save: at least once, never lost.
 *
 * <p>A batch whose schema differs from the previous one (a new column, a wider type) starts new files; each file is
 * self-describing. Temporary files this pipeline left behind when it was killed are deleted on {@link #open}.
 */
final class ParquetSink implements Sink {

  private static final Logger LOG = LoggerFactory.getLogger(ParquetSink.class);
  private static final long MIB = 1024L * 1024L;
  private static final int ZSTD_LEVEL = 3;
  private static final int MAX_OPEN_FILES = 64;
  static final String PARTITION_KEY = "sink.parquet.partition_by";

  private final ParquetSinkConfig config;
  /** The sink's Arrow memory, where open files keep their Parquet page buffers. */
  private BufferAllocator allocator;
  private final Path root;
  private final List<PartitionSpecs.Term> terms;
  private long targetFileBytes;
  private int rollCheckRows = 16_384;
  private String filePrefix;
  private Schema schema;
  private PartitionedWriters writers;
  /** Files finished (by a schema change) but not yet published. */
  private final List<DataFile> finished = new ArrayList<>();
  private final DurableFiles durable;
  private String failure;

  ParquetSink(ParquetSinkConfig config) {
    this.config = config;
    this.root = Path.of(config.path()).toAbsolutePath().normalize();
    this.terms = PartitionSpecs.parse(config.partition_by(), PARTITION_KEY);
    this.targetFileBytes = config.file_size_mb() * MIB;
    this.durable = new DurableFiles(root);
  }

  /** For tests: roll files at {@code bytes}, checking every {@code everyRows} rows. */
  ParquetSink rollAt(long bytes, int everyRows) {
    this.targetFileBytes = bytes;
    this.rollCheckRows = everyRows;
    return this;
  }

  @Override
  public void open(ComponentContext context) throws IOException {
    this.allocator = context.allocator();
    this.filePrefix = context.pipelineId() + "-";
    Files.createDirectories(root);
    deleteLeftovers();
  }

  @Override
  public void write(VectorSchemaRoot batch) throws Exception {
    if (failure != null) {
      throw new IllegalStateException("Cannot write to " + root + ": an earlier write failed: " + failure);
    }
    if (batch.getRowCount() == 0) {
      return;
    }
    try {
      if (!batch.getSchema().equals(schema)) {
        startFiles(batch.getSchema());
      }
      writers.write(batch);
    } catch (Exception | Error e) {
      failure = String.valueOf(e.getMessage());
      abort();
      throw e;
    }
  }

  /** Closes every open file and publishes every finished one; the positions they cover may then be saved. */
  @Override
  public void flush() throws IOException {
    if (failure != null) {
      throw new IllegalStateException("Cannot flush " + root + ": a write failed since the last flush (" + failure
          + ")");
    }
    try {
      if (writers != null) {
        finished.addAll(writers.closeAll());
      }
      long rows = 0;
      while (!finished.isEmpty()) {
        DataFile file = finished.get(0);
        durable.publish(Path.of(file.location()), ParquetDirectory.published(Path.of(file.location())));
        finished.remove(0);
        rows += file.recordCount();
      }
      if (rows > 0) {
        LOG.info("Published files of {} rows under {}", rows, root);
      }
    } catch (IOException | RuntimeException e) {
      failure = "cannot publish files: " + e.getMessage();
      abort();
      throw e;
    }
  }

  @Override
  public long flushIntervalMillis() {
    return config.flush_interval_s() * 1000L;
  }

  /** Deletes the temporary files of everything not published: a run that fails leaves no partial file behind. */
  @Override
  public void close() {
    abort();
  }

  private void startFiles(Schema arrowSchema) throws IOException {
    if (writers != null) {
      finished.addAll(writers.closeAll());
    }
    org.apache.iceberg.Schema icebergSchema = ArrowSchemas.toIceberg(arrowSchema);
    Table directory = ParquetDirectory.open(root, filePrefix, icebergSchema, terms, PARTITION_KEY, properties());
    writers = new PartitionedWriters(directory, Map.of(), targetFileBytes, rollCheckRows, MAX_OPEN_FILES,
        Runtime.getRuntime().availableProcessors(), allocator);
    schema = arrowSchema;
  }

  private Map<String, String> properties() {
    String codec = config.compression().name().toLowerCase(Locale.ROOT);
    return config.compression() == IcebergSinkConfig.Compression.ZSTD
        ? Map.of(TableProperties.PARQUET_COMPRESSION, codec,
            TableProperties.PARQUET_COMPRESSION_LEVEL, Integer.toString(ZSTD_LEVEL))
        : Map.of(TableProperties.PARQUET_COMPRESSION, codec);
  }

  private void abort() {
    if (writers != null) {
      writers.abort();
      writers = null;
      schema = null;
    }
    for (DataFile file : finished) {
      try {
        Files.deleteIfExists(Path.of(file.location()));
      } catch (IOException e) {
        LOG.warn("Cannot delete unpublished file {}: {}", file.location(), e.getMessage());
      }
    }
    finished.clear();
  }

  /** Temporary files of this pipeline that a killed run left: never published, so never seen by readers. */
  private void deleteLeftovers() throws IOException {
    List<Path> leftovers;
    try (Stream<Path> files = Files.walk(root)) {
      leftovers = files.filter(f -> ParquetDirectory.isTemporary(f, filePrefix) && Files.isRegularFile(f)).toList();
    }
    for (Path leftover : leftovers) {
      Files.deleteIfExists(leftover);
    }
    if (!leftovers.isEmpty()) {
      LOG.info("Deleted {} unpublished files left under {} by an earlier run", leftovers.size(), root);
    }
  }
}
