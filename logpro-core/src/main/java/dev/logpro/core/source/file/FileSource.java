package dev.logpro.core.source.file;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.Poll;
import dev.logpro.api.Position;
import dev.logpro.api.RawMessage;
import dev.logpro.api.Recycling;
import dev.logpro.api.Seekable;
import dev.logpro.api.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every matching file once, in path order, as chunks of whole records framed as its {@link FramedFileFormat}
 * says. Each file is a split named by its
 * absolute path, and its position is the byte offset after the last record handed on, so a restart resumes mid-file
 * and a file that has grown is read on from where it ended.
 */
final class FileSource implements Source, Seekable, Recycling {
  private static final Logger LOG = LoggerFactory.getLogger(FileSource.class);

  private final FileSourceConfig config;
  private Map<String, Position> committed = Map.of();
  private final Deque<Path> pending = new ArrayDeque<>();
  private final FramedFileFormat format;
  /** Enough for every chunk a pipeline holds at once with the default queue depth and two decode workers. */
  private final ChunkBuffers buffers;
  private Record formatOptions;
  private FileChunker current;

  FileSource(FileSourceConfig config, FramedFileFormat format) {
    this.config = config;
    this.format = format;
    this.buffers = new ChunkBuffers(config.chunk_size_kb() * 1024, 8);
  }

  @Override
  public void seek(Map<String, Position> positions) {
    this.committed = Map.copyOf(positions);
  }

  @Override
  public void open(ComponentContext context) {
    formatOptions = context.formatOptions().orElse(null);
    List<Path> files = FileSet.resolve(config.path());
    if (files.isEmpty()) {
      LOG.warn("No files match {}", config.path());
    }
    pending.addAll(files);
  }

  @Override
  public Poll poll(Duration timeout) throws IOException {
    while (true) {
      if (current == null) {
        Path next = pending.poll();
        if (next == null) {
          return Poll.END;
        }
        current = openAtCommitted(next);
        if (current == null) {
          continue;
        }
      }
      RawMessage message = current.next();
      if (message != null) {
        return Poll.records(List.of(message));
      }
      current.close();
      current = null;
    }
  }

  private FileChunker openAtCommitted(Path file) throws IOException {
    String split = file.toString();
    long size = Files.size(file);
    long offset = 0;
    Position position = committed.get(split);
    if (position != null) {
      offset = Long.parseLong(position.token());
      if (offset > size) {
        LOG.warn("{} is shorter ({} bytes) than its committed position ({}): it was replaced, reading it again",
            file, size, offset);
        offset = 0;
      } else if (offset == size) {
        return null;
      }
    }
    return new FileChunker(file, offset, format, formatOptions, buffers, (long) config.max_record_size_mb() << 20);
  }

  @Override
  public void recycle(List<RawMessage> messages) {
    for (RawMessage message : messages) {
      buffers.give(message.data());
    }
  }

  @Override
  public void close() throws IOException {
    if (current != null) {
      current.close();
      current = null;
    }
  }
}
