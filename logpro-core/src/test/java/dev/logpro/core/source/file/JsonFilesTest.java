package dev.logpro.core.source.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.Decoded;
import dev.logpro.api.Decoder;
import dev.logpro.api.DeadLetter;
import dev.logpro.api.Poll;
import dev.logpro.api.Position;
import dev.logpro.api.RawMessage;
import dev.logpro.api.Seekable;
import dev.logpro.api.Source;
import dev.logpro.core.decode.JsonDecoderFactory;
import dev.logpro.testkit.NoArrowLeaks;
import dev.logpro.testkit.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JSON array files through the file source: cut between elements into chunks (positions at element boundaries, so a
 * restart resumes exactly), and decoded chunk by chunk exactly as the whole document decodes in one message.
 */
@ExtendWith(NoArrowLeaks.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JsonFilesTest {
  @TempDir Path dir;

  private record Context(BufferAllocator allocator) implements ComponentContext {
    @Override
    public String pipelineId() {
      return "json-files";
    }
  }

  private static Decoder decoder(BufferAllocator allocator) {
    return new JsonDecoderFactory().create(new JsonDecoderFactory.Config(), new Context(allocator));
  }

  /** What a decoder made of some messages, as plain values. */
  private record Outcome(List<String> rows, List<String> deadLetters) {}

  private static Outcome decode(BufferAllocator allocator, List<RawMessage> messages) {
    Decoded decoded = decoder(allocator).decode(messages);
    try (VectorSchemaRoot root = decoded.root()) {
      List<String> rows = new ArrayList<>();
      for (int r = 0; r < root.getRowCount(); r++) {
        StringBuilder row = new StringBuilder();
        for (FieldVector vector : root.getFieldVectors()) {
          row.append(vector.getName()).append('=').append(vector.getObject(r)).append(';');
        }
        rows.add(row.toString());
      }
      List<String> dead = new ArrayList<>();
      for (DeadLetter d : decoded.deadLetters()) {
        dead.add(d.error() + " | " + new String(d.raw(), StandardCharsets.ISO_8859_1));
      }
      return new Outcome(rows, dead);
    }
  }

  /** Every chunk of {@code file}, cut at most {@code chunkSize} bytes at a time (more for a longer element). */
  private static List<RawMessage> chunks(Path file, long offset, int chunkSize) throws IOException {
    List<RawMessage> messages = new ArrayList<>();
    try (FileChunker chunker = new FileChunker(file, offset, new JsonFileFormat(), null,
        new ChunkBuffers(chunkSize, 2), 1 << 20)) {
      for (RawMessage m = chunker.next(); m != null; m = chunker.next()) {
        messages.add(new RawMessage(m.copyOfRange(0, m.length()), 0, m.length(), m.source(), m.sourceOffset(),
            m.position(), 0, null, m.headers()));
      }
    }
    return messages;
  }

  @Test
  void aLargeArrayIsCutAtElementBoundariesAndResumesAtAnyOfThem(BufferAllocator allocator) throws IOException {
    StringBuilder json = new StringBuilder("\uFEFF\n[\n");
    for (int i = 0; i < 500; i++) {
      json.append(i == 0 ? "" : ",\n").append("  {\"id\": ").append(i)
          .append(", \"text\": \"a, \\\"b\\\" ] } [").append("x".repeat(i % 37)).append("\", \"nested\": {\"list\": [")
          .append(i).append(", ").append(i + 1).append("]}}");
    }
    json.append("\n]\n");
    Path file = Files.writeString(dir.resolve("big.json"), json);

    List<RawMessage> chunks = chunks(file, 0, 256);
    assertThat(chunks).hasSizeGreaterThan(50);
    Outcome whole = decode(allocator, List.of(RawMessage.of(Files.readAllBytes(file), "big.json", 0, null)));
    Outcome framed = decode(allocator, chunks);
    assertThat(whole.deadLetters()).isEmpty();
    assertThat(whole.rows()).hasSize(500);
    assertThat(framed).isEqualTo(whole);

    byte[] bytes = Files.readAllBytes(file);
    for (RawMessage chunk : chunks.subList(0, chunks.size() - 1)) {
      int end = Integer.parseInt(chunk.position().token());
      assertThat(bytes[end - 1]).as("a chunk ends just after a comma").isEqualTo((byte) ',');
    }
    RawMessage middle = chunks.get(chunks.size() / 2);
    long resumeAt = Long.parseLong(middle.position().token());
    Outcome rest = decode(allocator, chunks(file, resumeAt, 256));
    int done = (int) chunks.subList(0, chunks.size() / 2 + 1).stream()
        .mapToLong(c -> decode(allocator, List.of(c)).rows().size()).sum();
    assertThat(rest.rows()).isEqualTo(whole.rows().subList(done, 500));
    assertThat(Long.parseLong(chunks.get(chunks.size() - 1).position().token())).isEqualTo(bytes.length);
  }

  @Test
  void theFileSourceHandsOnChunksWithPositionsAndSkipsWhatWasCommitted(BufferAllocator allocator) throws Exception {
    Path a = Files.writeString(dir.resolve("a.json"), "[{\"id\": 1}, {\"id\": 2}]");
    Path b = Files.writeString(dir.resolve("b.json"), "{\"id\": 3}\n{\"id\": 4}\n");
    FileSourceConfig config = new FileSourceConfig(dir.toString(), "json", 1, 1);
    Source source = new FileSourceFactory().create(config, new Context(allocator));
    ((Seekable) source).seek(Map.of(a.toString(), new Position(a.toString(), Long.toString(Files.size(a)))));
    source.open(new Context(allocator));
    List<RawMessage> messages = new ArrayList<>();
    for (Poll p = source.poll(Duration.ZERO); p instanceof Poll.Records r; p = source.poll(Duration.ZERO)) {
      messages.addAll(r.messages());
    }
    source.close();
    assertThat(messages).singleElement().satisfies(m -> assertThat(m.source()).isEqualTo(b.toString()));
    Outcome outcome = decode(allocator, messages);
    assertThat(outcome.rows()).isEmpty();
    assertThat(outcome.deadLetters()).singleElement().satisfies(d -> assertThat(d)
        .startsWith("input is not a JSON array: it starts with").endsWith("{\"id\": 3}\n{\"id\": 4}"));
  }

  static Stream<Path> documents() throws IOException {
    try (Stream<Path> files = Files.list(TestData.conformanceSuites().resolve("JSONTestSuite/test_parsing"))) {
      return files.sorted().toList().stream();
    }
  }

  /**
   * Each JSONTestSuite document twice in an array file, {@code [doc,doc]}, cut into chunks of at most 8 bytes:
   * however the cuts fall, the rows and dead letters are those of the same bytes decoded as one message.
   */
  @ParameterizedTest
  @MethodSource("documents")
  void suiteDocumentsInAnArrayFileDecodeAsTheWholeDocumentDoes(Path document, BufferAllocator allocator)
      throws IOException {
    byte[] doc = Files.readAllBytes(document);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write('[');
    out.write(doc);
    out.write(',');
    out.write(doc);
    out.write(']');
    Path file = Files.write(dir.resolve("wrapped.json"), out.toByteArray());

    Outcome whole = decode(allocator, List.of(RawMessage.of(out.toByteArray(), "wrapped.json", 0, null)));
    Outcome framed = decode(allocator, chunks(file, 0, 8));
    assertThat(framed).as("%s", document.getFileName()).isEqualTo(whole);
    String name = document.getFileName().toString();
    if (name.startsWith("y_object") || name.equals("y_structure_lonely_false")) {
      assertThat(whole.rows().size() + whole.deadLetters().size()).as("%s", name).isEqualTo(2);
    }
  }

}
