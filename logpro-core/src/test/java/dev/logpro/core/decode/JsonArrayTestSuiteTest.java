package dev.logpro.core.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logpro.api.Decoded;
import dev.logpro.api.Decoder;
import dev.logpro.api.RawMessage;
import dev.logpro.testkit.NoArrowLeaks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JSONTestSuite's {@code test_parsing} through the {@code json} decoder, each file as one message: a document the
 * parser accepts gives one row per object element and one dead letter per other element (or one for the whole input
 * when it is not an array); a document it rejects gives at least one dead letter, so nothing invalid is taken silently.
 * Nothing throws or hangs. ({@code JsonFileTestSuiteTest} wraps the same documents in array files.)
 */
@ExtendWith(NoArrowLeaks.class)
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class JsonArrayTestSuiteTest {

  static Stream<Path> documents() throws IOException {
    return JsonTestSuiteTest.documents();
  }

  @ParameterizedTest
  @MethodSource("documents")
  void decodesLikeTheParserJudges(Path file, BufferAllocator allocator) throws IOException {
    String name = file.getFileName().toString();
    byte[] bytes = Files.readAllBytes(file);
    JsonTape tape = new JsonTape();
    JsonParser parser = new JsonParser(tape);
    int bom = Framing.bomLength(bytes, 0, bytes.length);
    boolean accepted = parser.parse(bytes, bom, bytes.length);
    boolean blank = JsonArrays.skipWhitespace(bytes, bom, bytes.length) == bytes.length;

    Decoder decoder = new JsonDecoderFactory().create(new JsonDecoderFactory.Config(), TestContext.of(allocator));
    Decoded decoded = decoder.decode(List.of(RawMessage.of(bytes, name, 0, null)));
    try (var root = decoded.root()) {
      if (accepted && tape.kind(0) == JsonTape.ARRAY) {
        int objects = 0;
        int others = 0;
        for (int t = 1; t < tape.next(0); t = tape.next(t)) {
          if (tape.kind(t) == JsonTape.OBJECT) {
            objects++;
          } else {
            others++;
          }
        }
        assertThat(root.getRowCount()).as("rows of %s", name).isEqualTo(objects);
        assertThat(decoded.deadLetters()).as("dead letters of %s", name).hasSize(others);
      } else if (accepted) {
        assertThat(root.getRowCount()).isZero();
        assertThat(decoded.deadLetters()).as("dead letters of %s", name).singleElement()
            .satisfies(d -> assertThat(d.error()).startsWith("input is not a JSON array"));
      } else if (!blank) {
        assertThat(decoded.deadLetters()).as("dead letters of %s", name).isNotEmpty();
      }
    }
  }
}
