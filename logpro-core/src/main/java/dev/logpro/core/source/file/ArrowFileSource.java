package dev.logpro.core.source.file;

import dev.logpro.api.ArrowSource;
import dev.logpro.api.Batch;
import dev.logpro.api.ComponentContext;
import dev.logpro.api.DeadLetter;
import dev.logpro.api.Poll;
import dev.logpro.api.Position;
import dev.logpro.api.Seekable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every matching file once, in path order, through an {@link ArrowFileFormat}'s readers: batches come out as
 * Arrow and no decoder runs. Each file is a split; its position is the reader's token (for Parquet, a row group and a
 * row within it). The schema is the first readable file's; a file with another schema, or one that cannot be read, is
 * a dead letter holding the file's bytes (up to {@code max_record_size_mb}), and is tried again on the next run,
 * resuming after the rows already committed.
 */
final class ArrowFileSource implements ArrowSource, Seekable {
  private static final Logger LOG = LoggerFactory.getLogger(ArrowFileSource.class);
  private static final String STAGE = "source";

  private final FileSourceConfig config;
  private final ArrowFileFormat format;
  private final Deque<Path> pending = new ArrayDeque<>();
  private final List<DeadLetter> deadLetters = new ArrayList<>();
  private Map<String, Position> committed = Map.of();
  private Record options;
  private BufferAllocator allocator;
  private int batchRows;
  private Schema schema;
  private ArrowFileReader current;
  private Path currentFile;
  /** Where the current file was when it last handed on rows, for a dead letter. */
  private String lastToken;

  ArrowFileSource(FileSourceConfig config, ArrowFileFormat format) {
    this.config = config;
    this.format = format;
  }

  @Override
  public void seek(Map<String, Position> positions) {
    this.committed = Map.copyOf(positions);
  }

  @Override
  public void open(ComponentContext context) {
    allocator = context.allocator();
    options = context.formatOptions().orElse(null);
    batchRows = context.batchRows();
    List<Path> files = FileSet.resolve(config.path());
    if (files.isEmpty()) {
      LOG.warn("No files match {}", config.path());
    }
    pending.addAll(files);
    for (Path file : files) {
      try (ArrowFileReader reader = format.open(file, options)) {
        schema = reader.schema();
        break;
      } catch (IOException | RuntimeException e) {
        LOG.debug("Cannot read the schema of {}", file, e); // it becomes a dead letter when its turn comes
      }
    }
    if (schema == null) {
      schema = new Schema(List.of());
    }
  }

  /** The first readable file's schema; every batch has it. */
  Schema schema() {
    return schema;
  }

  @Override
  public Poll poll(Duration timeout) throws IOException {
    while (true) {
      if (current == null && !openNext()) {
        return deadLetters.isEmpty()
            ? Poll.END : Poll.rows(new Batch(VectorSchemaRoot.of(), Map.of()), takeDeadLetters());
      }
      ArrowFileReader.Chunk chunk;
      try {
        chunk = current.next(allocator, batchRows);
      } catch (IOException | RuntimeException e) {
        deadFile(currentFile, lastToken, "cannot be read on: " + e.getMessage());
        closeCurrent();
        continue;
      }
      if (chunk == null) {
        closeCurrent();
        continue;
      }
      String split = currentFile.toString();
      lastToken = chunk.token();
      Batch batch = new Batch(chunk.root(), Map.of(split, new Position(split, chunk.token())));
      return Poll.rows(batch, takeDeadLetters());
    }
  }

  private List<DeadLetter> takeDeadLetters() {
    List<DeadLetter> out = List.copyOf(deadLetters);
    deadLetters.clear();
    return out;
  }

  /** Opens the next pending file at its committed position; {@code false} when none is left. */
  private boolean openNext() throws IOException {
    while (!pending.isEmpty()) {
      Path file = pending.poll();
      ArrowFileReader reader;
      try {
        reader = format.open(file, options);
      } catch (IOException | RuntimeException e) {
        deadFile(file, "0", "cannot be read: " + e.getMessage());
        continue;
      }
      if (!reader.schema().getFields().equals(schema.getFields())) {
        deadFile(file, "0", "is not read: its schema differs from the first file's: " + reader.schema() + " instead of " + schema);
        reader.close();
        continue;
      }
      Position position = committed.get(file.toString());
      if (position != null && !reader.seek(position.token())) {
        LOG.warn("{} does not fit its committed position ({}): it was replaced, reading it again", file,
            position.token());
      }
      current = reader;
      currentFile = file;
      lastToken = position == null ? "0" : position.token();
      return true;
    }
    return false;
  }

  /** A dead letter for a whole file: its bytes up to the record size limit, and why it was not read. */
  private void deadFile(Path file, String position, String error) throws IOException {
    long limit = (long) config.max_record_size_mb() << 20;
    long size = Files.size(file);
    byte[] raw;
    try (InputStream in = Files.newInputStream(file)) {
      raw = in.readNBytes((int) Math.min(size, limit));
    }
    String note = size > limit ? " (the dead letter holds its first " + config.max_record_size_mb() + " MiB)" : "";
    deadLetters.add(new DeadLetter(raw, format.name() + " file " + file.getFileName() + " " + oneLine(error) + note,
        STAGE, file.toString(), position, System.currentTimeMillis()));
  }

  private static String oneLine(String text) {
    return String.valueOf(text).replace('\n', ' ').replace('\r', ' ');
  }

  private void closeCurrent() throws IOException {
    ArrowFileReader reader = current;
    current = null;
    currentFile = null;
    reader.close();
  }

  @Override
  public void close() throws IOException {
    if (current != null) {
      closeCurrent();
    }
  }
}
