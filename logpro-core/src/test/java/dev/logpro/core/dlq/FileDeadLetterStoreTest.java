package dev.logpro.core.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.DeadLetter;
import dev.logpro.api.DeadLetterQueue;
import dev.logpro.api.RawMessage;
import dev.logpro.core.pipeline.Pipeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file dead-letter queue read back and changed in place, on real files. */
class FileDeadLetterStoreTest {
  @TempDir Path dir;

  static DeadLetter letter(String raw, String source, long position) {
    return new DeadLetter(raw.getBytes(StandardCharsets.UTF_8), "bad " + raw, "decode", source,
        String.valueOf(position), 1_700_000_000_123L, Map.of(RawMessage.CSV_HEADER, "id,name"));
  }

  static void write(Path dlq, String pipeline, List<DeadLetter> letters) throws Exception {
    try (DeadLetterQueue queue = new FileDeadLetterQueueFactory()
        .create(new FileDeadLetterQueueConfig(dlq.toString()), context(pipeline))) {
      queue.open(context(pipeline));
      queue.add(letters);
      queue.flush();
    }
  }

  static ComponentContext context(String pipeline) {
    return new ComponentContext() {
      @Override
      public String pipelineId() {
        return pipeline;
      }

      @Override
      public BufferAllocator allocator() {
        throw new UnsupportedOperationException("the file DLQ allocates no Arrow memory");
      }
    };
  }

  static List<StoredDeadLetter> readAll(DeadLetterStore store) throws Exception {
    List<StoredDeadLetter> all = new ArrayList<>();
    store.read(all::add);
    return all;
  }

  @Test
  void whatTheQueueWroteReadsBackExactlyWithItsHeadersAndPipeline() throws Exception {
    byte[] binary = {(byte) 0xff, 0, 'a', '\n'};
    write(dir, "p1", List.of(letter("1,ann,x", "/in/a.csv", 12),
        new DeadLetter(binary, "not UTF-8", "decode", "/in/b.csv", "0", 5L)));

    List<StoredDeadLetter> read = readAll(FileDeadLetterQueueFactory.store(dir));

    assertThat(read).hasSize(2);
    StoredDeadLetter first = read.get(0);
    assertThat(first.pipeline()).isEqualTo("p1");
    assertThat(first.replay()).isNull();
    assertThat(new String(first.letter().raw(), StandardCharsets.UTF_8)).isEqualTo("1,ann,x");
    assertThat(first.letter().error()).isEqualTo("bad 1,ann,x");
    assertThat(first.letter().source()).isEqualTo("/in/a.csv");
    assertThat(first.letter().position()).isEqualTo("12");
    assertThat(first.letter().timestampMillis()).isEqualTo(1_700_000_000_123L);
    assertThat(first.letter().headers()).containsExactly(Map.entry(RawMessage.CSV_HEADER, "id,name"));
    assertThat(read.get(1).letter().raw()).containsExactly(binary);
    assertThat(read.get(1).letter().headers()).isEmpty();
  }

  @Test
  void csvDeadLettersFromARunCarryTheHeaderTheirRecordNeeds() throws Exception {
    Path input = Files.writeString(dir.resolve("in.csv"), "id,name\n1,ann\n2\n");
    Pipeline.fromYaml("""
        pipeline: header
        source: {type: file, file: {path: %s, format: csv}}
        sink: {type: stdout, stdout: {max_rows: 1}}
        reliability: {dlq: {type: file, path: %s}}
        """.formatted(input, dir.resolve("dlq"))).run();

    assertThat(readAll(FileDeadLetterQueueFactory.store(dir.resolve("dlq")))).singleElement().satisfies(l -> {
      assertThat(l.letter().raw()).asString(StandardCharsets.UTF_8).isEqualTo("2");
      assertThat(l.letter().headers()).containsEntry(RawMessage.CSV_HEADER, "id,name");
      assertThat(l.pipeline()).isEqualTo("header");
    });
  }

  @Test
  void anUpdateChangesOnlyThatPipelinesDeadLettersAndKeepsUnreadableLines() throws Exception {
    write(dir, "p1", List.of(letter("a", "s", 1), letter("b", "s", 2)));
    write(dir, "p2", List.of(letter("c", "s", 3)));
    Path p1File = new FileDeadLetterStore(dir).files().get(0);
    Files.writeString(p1File, "{\"error\": \"cut short by a cra", StandardOpenOption.APPEND);
    DeadLetterStore store = FileDeadLetterQueueFactory.store(dir);

    long changed = store.update("p1", l -> new String(l.letter().raw(), StandardCharsets.UTF_8).equals("a")
        ? null : l);

    assertThat(changed).isEqualTo(1);
    assertThat(readAll(store)).extracting(l -> new String(l.letter().raw(), StandardCharsets.UTF_8))
        .containsExactly("b", "c");
    assertThat(store.unreadable()).isEqualTo(1);
    assertThat(Files.readString(p1File)).endsWith("{\"error\": \"cut short by a cra\n");
    assertThat(dir.toFile().list()).allMatch(name -> name.endsWith(".ndjson"));
  }

  @Test
  void aFileLeftWithoutDeadLettersIsDeleted() throws Exception {
    write(dir, "p1", List.of(letter("a", "s", 1)));
    DeadLetterStore store = FileDeadLetterQueueFactory.store(dir);

    store.update("p1", l -> null);

    assertThat(dir.toFile().list()).isEmpty();
    assertThat(readAll(store)).isEmpty();
  }

  @Test
  void aFileARunIsStillWritingIsLeftAlone() throws Exception {
    try (DeadLetterQueue running = new FileDeadLetterQueueFactory()
        .create(new FileDeadLetterQueueConfig(dir.toString()), context("p1"))) {
      running.open(context("p1"));
      running.add(List.of(letter("a", "s", 1)));
      running.flush();
      DeadLetterStore store = FileDeadLetterQueueFactory.store(dir);
      List<StoredDeadLetter> offered = new ArrayList<>();

      long changed = store.update("p1", l -> {
        offered.add(l);
        return null;
      });

      assertThat(changed).isZero();
      assertThat(offered).isEmpty();
      running.add(List.of(letter("b", "s", 2)));
      running.flush();
      assertThat(readAll(store)).hasSize(2);
    }
  }
}
