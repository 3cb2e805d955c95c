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
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Appends dead letters to one NDJSON file per run, {@code <pipeline>-<utc time>-<id>.ndjson}, created on the first
 * dead letter. {@code raw} holds the record as text when it is valid UTF-8 (else null), {@code raw_base64} always
 * holds its exact bytes. {@link #flush} forces the file to disk.
 */
final class FileDeadLetterQueue implements DeadLetterQueue {
  private static final JsonFactory JSON = new JsonFactory();
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Path directory;
  private String pipelineId;
  private FileChannel channel;
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
      json.writeStartObject();
      json.writeStringField("raw", utf8OrNull(letter.raw()));
      json.writeStringField("raw_base64", Base64.getEncoder().encodeToString(letter.raw()));
      json.writeStringField("error", letter.error());
      json.writeStringField("stage", letter.stage());
      json.writeStringField("source", letter.source());
      json.writeStringField("position", letter.position());
      json.writeStringField("timestamp", Instant.ofEpochMilli(letter.timestampMillis()).toString());
      json.writeStringField("pipeline", pipelineId);
      json.writeEndObject();
      json.writeRaw('\n');
    }
  }

  private void openFile() throws IOException {
    Files.createDirectories(directory);
    String name = pipelineId + "-" + FILE_TIME.format(Instant.now()) + "-"
        + UUID.randomUUID().toString().substring(0, 8) + ".ndjson";
    channel = FileChannel.open(directory.resolve(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    out = Channels.newOutputStream(channel);
    json = JSON.createGenerator(out, JsonEncoding.UTF8);
    json.setRootValueSeparator(null);
  }

  private static String utf8OrNull(byte[] raw) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(raw))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
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
      json.close();
      json = null;
    }
  }
}
