package dev.logpro.core.source.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.Poll;
import dev.logpro.api.RawMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file source reads into the arrays the engine hands back, and what it reads is still exactly the file. */
class ChunkReuseTest {

  @TempDir Path dir;

  @Test
  void recycledChunksAreReadIntoAgainWithoutChangingABit() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 5_000; i++) {
      text.append("{\"id\":").append(i).append(",\"name\":\"").append("x".repeat(i % 300)).append("\"}\n");
    }
    Path file = dir.resolve("in.ndjson");
    Files.writeString(file, text);

    ByteArrayOutputStream read = new ByteArrayOutputStream();
    Set<byte[]> arrays = Collections.newSetFromMap(new IdentityHashMap<>());
    // Each chunk handed back once read, as the decode stage does once the chunk is in Arrow.
    int chunks = readChunks(file, true, message -> {
      read.write(message.data(), message.offset(), message.length());
      arrays.add(message.data());
    });
    assertThat(read.toString(StandardCharsets.UTF_8)).isEqualTo(text.toString());
    assertThat(chunks).isGreaterThan(10);
    assertThat(arrays).as("arrays behind %d chunks, each handed back before the next read", chunks).hasSize(1);
  }

  @Test
  void chunksNeverHandedBackAreNotReused() throws Exception {
    Path file = dir.resolve("in.ndjson");
    Files.writeString(file, "{\"a\":\"" + "y".repeat(10_000) + "\"}\n" + "{\"b\":1}\n".repeat(5_000));
    Set<byte[]> arrays = Collections.newSetFromMap(new IdentityHashMap<>());
    int chunks = readChunks(file, false, message -> arrays.add(message.data()));
    assertThat(arrays).hasSize(chunks);
  }

  /** Reads {@code file} through the file source in 16 KiB chunks; the number of chunks. */
  private static int readChunks(Path file, boolean recycle, Consumer<RawMessage> each) throws Exception {
    int chunks = 0;
    try (FileSource source = new FileSource(new FileSourceConfig(file.toString(), "ndjson", 16, 1),
        new NdjsonFileFormat())) {
      source.open(context());
      for (Poll poll = source.poll(Duration.ZERO); poll instanceof Poll.Records records;
          poll = source.poll(Duration.ZERO)) {
        List<RawMessage> messages = records.messages();
        messages.forEach(each);
        chunks += messages.size();
        if (recycle) {
          source.recycle(messages);
        }
      }
    }
    return chunks;
  }

  private static ComponentContext context() {
    return new ComponentContext() {
      @Override
      public String pipelineId() {
        return "test";
      }

      @Override
      public BufferAllocator allocator() {
        throw new UnsupportedOperationException("the file source allocates no Arrow memory");
      }
    };
  }
}
