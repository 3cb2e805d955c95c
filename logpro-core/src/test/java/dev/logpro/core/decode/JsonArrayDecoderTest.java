package dev.logpro.core.decode;

import static dev.logpro.core.decode.TestContext.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.logpro.api.DeadLetter;
import dev.logpro.api.Decoder;
import dev.logpro.api.RawMessage;
import dev.logpro.core.decode.CsvDecoderTest.Closing;
import dev.logpro.testkit.NoArrowLeaks;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoArrowLeaks.class)
class JsonArrayDecoderTest {

  private static Decoder decoder(BufferAllocator allocator) {
    return new JsonDecoderFactory().create(new JsonDecoderFactory.Config(), TestContext.of(allocator));
  }

  /** A chunk as the file source cuts it: elements after the opening bracket, which sat at {@code arrayStart - 1}. */
  private static RawMessage chunk(String text, long sourceOffset, long arrayStart) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new RawMessage(bytes, 0, bytes.length, "in.json", sourceOffset, null, 0, null,
        Map.of(JsonDecoderFactory.ARRAY_START, Long.toString(arrayStart)));
  }

  @Test
  void aWholeArrayBecomesRowsWithTheNdjsonInference(BufferAllocator allocator) {
    String json = "\uFEFF [ {\"id\": 1, \"tags\": [\"a,b\", \"]\"], \"user\": {\"n\": \"x\\\"]\"}},\n"
        + "  {\"id\": 2, \"tags\": [], \"user\": null} ]\n";
    Decoder decoder = decoder(allocator);
    try (var decoded = new Closing(decoder.decode(List.of(RawMessage.of(json, "in.json"))))) {
      assertThat(decoded.deadLetters()).isEmpty();
      assertThat(rows(decoded.root())).containsExactly(
          Map.of("id", 1L, "tags", List.of("a,b", "]"), "user", Map.of("n", "x\"]")),
          CsvDecoderTest.map("id", 2L, "tags", List.of(), "user", null));
    }
  }

  @Test
  void badElementsAreDeadLettersAloneWithTheirBytesAndOffsets(BufferAllocator allocator) {
    String json = "[{\"id\": 1}, {\"id\": tru}, 7, {\"id\": \"x\"}, {\"id\": 4},, {\"id\": 5}]";
    Decoder decoder = new JsonDecoderFactory().create(
        new JsonDecoderFactory.Config(), TestContext.of(allocator).withSampleRows(1));
    try (var decoded = new Closing(decoder.decode(List.of(RawMessage.of(json, "in.json"))))) {
      assertThat(rows(decoded.root())).extracting(r -> r.get("id")).containsExactly(1L, 4L, 5L);
      List<DeadLetter> dead = decoded.deadLetters();
      assertThat(dead).extracting(d -> new String(d.raw(), StandardCharsets.UTF_8))
          .containsExactly("{\"id\": tru}", "7", "{\"id\": \"x\"}", ",");
      assertThat(dead).extracting(DeadLetter::position).containsExactly(
          String.valueOf(json.indexOf("{\"id\": tru}")), String.valueOf(json.indexOf("7")),
          String.valueOf(json.indexOf("{\"id\": \"x\"}")), String.valueOf(json.indexOf(",,") + 1));
      assertThat(dead.get(0).error()).startsWith("invalid JSON");
      assertThat(dead.get(1).error()).isEqualTo("array element is not a JSON object but a number");
      assertThat(dead.get(3).error()).isEqualTo("expected a value before ',' in the array");
    }
  }

  @Test
  void aDocumentThatIsNotAnArrayOrNotClosedOrHasTextAfterItIsADeadLetter(BufferAllocator allocator) {
    Decoder decoder = decoder(allocator);
    List<RawMessage> messages = List.of(
        RawMessage.of("{\"id\": 1}\n", "object.json"),
        RawMessage.of("[{\"id\": 2}, {\"id\": 3}", "unclosed.json"),
        RawMessage.of("[{\"id\": 4}] {\"id\": 5}", "after.json"),
        RawMessage.of("[{\"id\": 6},]", "trailing.json"),
        RawMessage.of(" \n", "blank.json"),
        RawMessage.of("[ ]", "empty.json"));
    try (var decoded = new Closing(decoder.decode(messages))) {
      assertThat(rows(decoded.root())).extracting(r -> r.get("id")).containsExactly(2L, 4L, 6L);
      assertThat(decoded.deadLetters()).extracting(DeadLetter::source, DeadLetter::error).containsExactly(
          org.assertj.core.groups.Tuple.tuple("object.json",
              "input is not a JSON array: it starts with \"{\"id\": 1}\\n\" (format ndjson reads one object per line)"),
          org.assertj.core.groups.Tuple.tuple("unclosed.json",
              "the array is not closed: expected ',' or ']' after this element"),
          org.assertj.core.groups.Tuple.tuple("after.json", "unexpected text after the array"),
          org.assertj.core.groups.Tuple.tuple("trailing.json", "expected a value after the last ',' in the array"));
      assertThat(new String(decoded.deadLetters().get(1).raw(), StandardCharsets.UTF_8)).isEqualTo("{\"id\": 3}");
      assertThat(new String(decoded.deadLetters().get(2).raw(), StandardCharsets.UTF_8)).isEqualTo("{\"id\": 5}");
    }
  }

  @Test
  void chunksFromTheFileSourceKnowWhichOneStartsTheArray(BufferAllocator allocator) {
    // "[{"id":1},{"id":2},]" cut after each comma: the opening bracket is at 0, the elements start at 1.
    Decoder decoder = decoder(allocator);
    List<RawMessage> chunks = List.of(
        chunk("{\"id\":1},", 1, 1), chunk("{\"id\":2},", 10, 1), chunk("]\n", 19, 1));
    try (var decoded = new Closing(decoder.decode(chunks))) {
      assertThat(rows(decoded.root())).extracting(r -> r.get("id")).containsExactly(1L, 2L);
      assertThat(decoded.deadLetters()).singleElement().satisfies(d -> {
        assertThat(d.error()).isEqualTo("expected a value after the last ',' in the array");
        assertThat(d.position()).isEqualTo("19");
      });
    }
    Decoder empty = decoder(allocator);
    try (var decoded = new Closing(empty.decode(List.of(chunk(" ]", 1, 1))))) {
      assertThat(decoded.deadLetters()).as("[ ] is an empty array").isEmpty();
    }
  }

  @Test
  void theFramerCutsAfterCommasOutsideStringsAndNestedValuesAndKeepsTheClosingElement() {
    Framing.Framer framer = Framing.forJsonArray();
    byte[] text = "{\"a\":\"x,\\\",]\"}, [1,[2,]],\n3 ]\n".getBytes(StandardCharsets.UTF_8);
    int first = framer.completeRecords(text, 0, text.length, false);
    assertThat(new String(text, 0, first, StandardCharsets.UTF_8)).isEqualTo("{\"a\":\"x,\\\",]\"}, [1,[2,]],");
    assertThat(framer.completeRecords(text, first, text.length - first, false))
        .as("the last element waits for the end of the input, with the bracket").isZero();
    assertThat(framer.completeRecords(text, first, text.length - first, true)).isEqualTo(text.length - first);
    byte[] open = "{\"a\": \"no end".getBytes(StandardCharsets.UTF_8);
    assertThat(framer.completeRecords(open, 0, open.length, false)).isZero();
  }
}
