package dev.logpro.core.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logpro.api.Decoded;
import dev.logpro.api.Decoder;
import dev.logpro.api.RawMessage;
import dev.logpro.testkit.NoArrowLeaks;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.util.ValueVectorUtility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Mangled input never makes a decoder throw or leak: every record is a row or a dead letter. */
@ExtendWith(NoArrowLeaks.class)
@Timeout(30)
class DecoderFuzzTest {

  private static final String CSV = "id,name,at,score,flag\n1,\"a, \"\"b\"\"\",2026-01-01T10:00:00Z,0.5,true\r\n"
      + "2,\"multi\nline\",2026-01-02,7,FALSE\n3,,,,\n";
  private static final String NDJSON = "{\"id\": 1, \"u\": {\"n\": \"a\\u00e9\\n\", \"l\": [1, 2.5, null]}, \"t\": true}\n"
      + "{\"id\": 2, \"u\": {\"l\": [[1], {\"x\": \"2026-01-01\"}]}, \"s\": \"x\"}\r\n\n{\"id\": 3}\n";

  @Test
  void csvSurvivesMangledInput(BufferAllocator allocator) {
    fuzz(allocator, CSV, ctx -> new CsvDecoderFactory().create(CsvDecoderFactory.Config.defaults(), ctx));
  }

  @Test
  void ndjsonSurvivesMangledInput(BufferAllocator allocator) {
    fuzz(allocator, NDJSON, ctx -> new NdjsonDecoderFactory().create(new NdjsonDecoderFactory.Config(), ctx));
  }

  @Test
  void jsonArraySurvivesMangledInput(BufferAllocator allocator) {
    String array = "[" + NDJSON.strip().replace("\r\n\n", ",\n").replace("\n", ",\n") + "]";
    fuzz(allocator, array, ctx -> new JsonDecoderFactory().create(new JsonDecoderFactory.Config(), ctx));
  }

  private static void fuzz(BufferAllocator allocator, String seed, Function<TestContext, Decoder> decoders) {
    byte[] original = seed.getBytes(StandardCharsets.UTF_8);
    byte[] alphabet = "{}[]\",:\\\n\r 0-.eEtrufalsn\u00e9\uFEFF".getBytes(StandardCharsets.UTF_8);
    Random random = new Random(7);
    Decoder steady = decoders.apply(TestContext.of(allocator).withSampleRows(2));
    for (int round = 0; round < 3_000; round++) {
      byte[] input = original.clone();
      for (int edits = random.nextInt(6); edits >= 0; edits--) {
        int at = random.nextInt(input.length);
        input[at] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
      }
      int cut = random.nextInt(input.length + 1);
      RawMessage message = new RawMessage(input, 0, cut, "fuzz", 0, null, 0, null, java.util.Map.of());
      for (Decoder decoder : List.of(steady, decoders.apply(TestContext.of(allocator)))) {
        Decoded decoded = decoder.decode(List.of(message));
        try (var root = decoded.root()) {
          assertThat(root.getRowCount() + decoded.deadLetters().size()).isLessThanOrEqualTo(cut + 1);
          ValueVectorUtility.validateFull(root);
          root.getFieldVectors().forEach(v -> {
            for (int i = 0; i < root.getRowCount(); i++) {
              v.getObject(i);
            }
          });
        }
      }
    }
  }
}
