package dev.logpro.core.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logpro.core.schema.ColumnNames;
import dev.logpro.api.Decoded;
import dev.logpro.api.Decoder;
import dev.logpro.api.RawMessage;
import dev.logpro.testkit.NoArrowLeaks;
import dev.logpro.testkit.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JSONTestSuite's {@code test_parsing}: {@code y_} documents are accepted, {@code n_} rejected, {@code i_} either, and
 * nothing throws or hangs. Each file is one document, parsed whole (some hold newlines in whitespace), then also fed to
 * the NDJSON decoder as one message.
 */
@ExtendWith(NoArrowLeaks.class)
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class JsonTestSuiteTest {

  static Stream<Path> documents() throws IOException {
    try (Stream<Path> files = Files.list(TestData.conformanceSuites().resolve("JSONTestSuite/test_parsing"))) {
      return files.sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("documents")
  void parsesLikeTheSuiteSays(Path file, BufferAllocator allocator) throws IOException {
    String name = file.getFileName().toString();
    byte[] bytes = Files.readAllBytes(file);
    JsonTape tape = new JsonTape();
    JsonParser parser = new JsonParser(tape);
    boolean accepted = parser.parse(bytes, 0, bytes.length);
    if (name.startsWith("y_")) {
      assertThat(accepted).as("accepts %s", name).isTrue();
    } else if (name.startsWith("n_")) {
      assertThat(accepted).as("rejects %s", name).isFalse();
      assertThat(parser.error(0)).isNotBlank();
    }

    Decoder decoder = new NdjsonDecoderFactory().create(new NdjsonDecoderFactory.Config(), TestContext.of(allocator));
    Decoded decoded = decoder.decode(java.util.List.of(RawMessage.of(bytes, name, 0, null)));
    try (var root = decoded.root()) {
      int bom = Framing.bomLength(bytes, 0, bytes.length); // the decoder drops a byte-order mark, as file framing
      String text = new String(bytes, bom, bytes.length - bom, java.nio.charset.StandardCharsets.ISO_8859_1);
      boolean decided = !name.startsWith("i_");
      boolean oneLine = text.stripTrailing().indexOf('\n') < 0;
      if (text.isBlank()) {
        assertThat(decoded.deadLetters()).as("a blank line is skipped").isEmpty();
      }
      if (decided && accepted && oneLine) {
        boolean object = tape.kind(0) == JsonTape.OBJECT;
        // A key that cannot be a column name (README "How rows are typed": empty, a control character) makes the
        // object a dead letter that says so, not a row.
        boolean badKey = object && hasKeyThatCannotBeAColumn(tape);
        assertThat(root.getRowCount()).as("rows of %s", name).isEqualTo(object && !badKey ? 1 : 0);
        if (badKey) {
          assertThat(decoded.deadLetters()).singleElement()
              .satisfies(d -> assertThat(d.error()).contains("cannot be a column"));
        }
        if (!object) {
          assertThat(decoded.deadLetters()).singleElement()
              .satisfies(d -> assertThat(d.error()).startsWith("line is not a JSON object"));
        }
      }
      if (decided && !accepted && oneLine && !text.isBlank()) {
        assertThat(root.getRowCount()).as("rows of %s", name).isZero();
        assertThat(decoded.deadLetters()).as("dead letters of %s", name).hasSize(1);
        assertThat(decoded.deadLetters().get(0).raw()).isEqualTo(withoutLineEnding(bytes, bom));
      }
    }
  }

  private static boolean hasKeyThatCannotBeAColumn(JsonTape tape) {
    for (int key = 1; key < tape.next(0); key = tape.next(key + 1)) {
      if (ColumnNames.problem(tape.text(key)) != null) {
        return true;
      }
    }
    return false;
  }

  private static byte[] withoutLineEnding(byte[] bytes, int from) {
    int end = CsvSyntax.withoutLineEnding(bytes, from, bytes.length);
    return java.util.Arrays.copyOfRange(bytes, from, end);
  }
}
