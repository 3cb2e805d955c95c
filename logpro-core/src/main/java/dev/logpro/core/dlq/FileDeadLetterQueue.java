package dev.logpro.core.dlq;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.logpro.api.ComponentContext;
import dev.logpro.api.DeadLetter;
import dev.logpro.api.DeadLetterQueue;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/**
 * Appends dead letters to one NDJSON file per run, {@code <pipeline>-<utc time>-<id>.ndjson}, created on the first
 * dead letter, one {@link DeadLetterLines line} each. {@link #flush} forces the file to disk. The file stays locked
 * while the run writes it, so a replay leaves it alone until the run is over ({@link FileDeadLetterStore}).
 */
final class FileDeadLetterQueue implements DeadLetterQueue {
  static final String SUFFIX = ".ndjson";
  private static final JsonFactory JSON = new JsonFactory();
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Path directory;
  private String pipelineId;
  private FileChannel channel;
  private FileLock lock;
  private OutputStream out;
  private JsonGenerator json;

  FileDeadLetterQueue(Path directory) {
    this.directory = directory;
  }

  @Override
  public void open(ComponentContext context) {
    this.pipelineId = context.pipelineId();
  }

  @Override
  public void add(List<DeadLetter> deadLetters) throws IOException {
    if (deadLetters.isEmpty()) {
      return;
    }
    if (json == null) {
      openFile();
    }
    for (DeadLetter letter : deadLetters) {
      DeadLetterLines.write(json, new StoredDeadLetter(letter, pipelineId, null));
    }
  }

  private void openFile() throws IOException {
    Files.createDirectories(directory);
    String name = pipelineId + "-" + FILE_TIME.format(Instant.now()) + "-"
        + UUID.randomUUID().toString().substring(0, 8) + SUFFIX;
    channel = FileChannel.open(directory.resolve(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    lock = channel.lock();
    out = Channels.newOutputStream(channel);
    json = JSON.createGenerator(out, JsonEncoding.UTF8);
    json.setRootValueSeparator(null);
  }

  @Override
  public void flush() throws IOException {
    if (json != null) {
      json.flush();
      channel.force(false);
    }
  }

  @Override
  public void close() throws IOException {
    if (json != null) {
      flush();
      lock.release();
      json.close();
      json = null;
    }
  }
}
