package dev.logpro.core.decode;

import static dev.logpro.core.decode.CsvDecoderTest.map;
import static dev.logpro.core.decode.CsvDecoderTest.micros;
import static dev.logpro.core.decode.TestContext.message;
import static dev.logpro.core.decode.TestContext.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logpro.api.DeadLetter;
import dev.logpro.api.Decoder;
import dev.logpro.api.RawMessage;
import dev.logpro.core.decode.CsvDecoderTest.Closing;
import dev.logpro.core.schema.ColumnType;
import dev.logpro.testkit.NoArrowLeaks;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoArrowLeaks.class)
class NdjsonDecoderTest {

  private static Decoder decoder(TestContext context) {
    return new NdjsonDecoderFactory().create(new NdjsonDecoderFactory.Config(), context);
  }

  @Test
  void keysLandInTheirColumnsWhateverTheirOrderSpellingOrRepetition(BufferAllocator allocator) {
    // The parser recognises keys in place, trying the column after the last one first: rows in column order, out of
    // order, with a key missing, a key given twice (the last wins), an escaped key and an unknown one under strict.
    Schema schema = new Schema(List.of(ColumnType.INT64.field("a"), ColumnType.STRING.field("b"),
        new Field("s", FieldType.nullable(ArrowType.Struct.INSTANCE),
            List.of(ColumnType.STRING.field("x"), ColumnType.INT64.field("y"))),
        ColumnType.BOOL.field("c")));
    String ndjson = """
        {"a": 1, "b": "one", "s": {"x": "p", "y": 10}, "c": true}
        {"c": false, "s": {"y": 20, "x": "q"}, "b": "two", "a": 2}
        {"a": 3, "c": true}
        {"a": 4, "b": "first", "b": "last", "a": 5}
        {"\\u0061": 6, "b": "escaped", "s": {"\\u0079": 60}}
        {"a": 8, "b\\u0022": "quote"}
        {"a": 7, "b": "seven", "s": {"x": "r", "y": 70}, "c": false}
        """;
    Decoder decoder = decoder(TestContext.of(allocator).withTarget(schema));
    try (var decoded = new Closing(decoder.decode(List.of(message(ndjson))))) {
      assertThat(decoded.deadLetters()).extracting(DeadLetter::error)
          .containsExactly("field 'b\"' is not in the table's schema");
      assertThat(rows(decoded.root())).containsExactly(
          map("a", 1L, "b", "one", "s", map("x", "p", "y", 10L), "c", true),
          map("a", 2L, "b", "two", "s", map("x", "q", "y", 20L), "c", false),
          map("a", 3L, "b", null, "s", null, "c", true),
          map("a", 5L, "b", "last", "s", null, "c", null),
          map("a", 6L, "b", "escaped", "s", map("y", 60L), "c", null),
          map("a", 7L, "b", "seven", "s", map("x", "r", "y", 70L), "c", false));
    }
  }

  @Test
  void infersANestedSchemaFromTheUnionOfKeys(BufferAllocator allocator) {
    String ndjson = """
        {"id": 1, "user": {"name": "ann", "zip": "02134"}, "tags": [1, 2.5], "at": "2026-01-01T10:00:00+02:00"}

        {"id": 2, "score": 0.5, "user": null, "tags": [], "day": "2026-01-02", "mixed": {"a": 1}}\r
          \t
        {"id": 3, "score": 7, "user": {"vip": true}, "mixed": [1], "local": "2026-01-01 10:00:00", "none": null}
        """;
    Decoder decoder = decoder(TestContext.of(allocator));
    try (var decoded = new Closing(decoder.decode(List.of(message(ndjson))))) {
      assertThat(decoded.deadLetters()).isEmpty();
      Schema schema = decoder.schema();
      assertThat(schema.getFields()).extracting(Field::getName)
          .containsExactly("id", "user", "tags", "at", "score", "day", "mixed", "local", "none");
      assertThat(schema.findField("user").getChildren()).extracting(Field::getName, Field::getType).containsExactly(
          org.assertj.core.groups.Tuple.tuple("name", ArrowType.Utf8.INSTANCE),
          org.assertj.core.groups.Tuple.tuple("zip", ArrowType.Utf8.INSTANCE),
          org.assertj.core.groups.Tuple.tuple("vip", ArrowType.Bool.INSTANCE));
      assertThat(schema.findField("tags").getChildren().get(0).getType()).isEqualTo(ColumnType.FLOAT64.arrowType());
      assertThat(schema.findField("at").getType()).isEqualTo(ColumnType.TIMESTAMP_TZ.arrowType());
      assertThat(schema.findField("score").getType()).isEqualTo(ColumnType.FLOAT64.arrowType());
      assertThat(schema.findField("day").getType()).isEqualTo(ColumnType.DATE.arrowType());
      assertThat(schema.findField("mixed").getType()).isEqualTo(ArrowType.Utf8.INSTANCE);
      assertThat(schema.findField("local").getType()).isEqualTo(ColumnType.TIMESTAMP.arrowType());
      assertThat(schema.findField("none").getType()).isEqualTo(ArrowType.Utf8.INSTANCE);

      var root = decoded.root();
      assertThat(root.getRowCount()).isEqualTo(3);
      assertThat(rows(root).get(0).get("user")).isEqualTo(Map.of("name", "ann", "zip", "02134"));
      assertThat(root.getVector("user").isNull(1)).isTrue();
      assertThat(rows(root).get(2).get("user")).isEqualTo(Map.of("vip", true));
      assertThat(rows(root)).extracting(r -> r.get("tags")).containsExactly(List.of(1.0, 2.5), List.of(), null);
      assertThat(((TimeStampMicroTZVector) root.getVector("at")).get(0)).isEqualTo(micros("2026-01-01T08:00:00Z"));
      assertThat(rows(root)).extracting(r -> r.get("mixed")).containsExactly(null, "{\"a\": 1}", "[1]");
      assertThat(rows(root)).extracting(r -> r.get("score")).containsExactly(null, 0.5, 7.0);
    }
  }

  @Test
  void stringsKeepTheirTextAndEscapesAreUnescaped(BufferAllocator allocator) {
    String ndjson = "{\"s\": \"a\\\"b\\\\c\\/\\n\\u00e9\\ud83d\\ude00\", \"digits\": \"123\", \"k\\u0065y\": 1}\n"
        + "{\"s\": \"plain\", \"digits\": \"0\", \"key\": 2, \"key\": 3}\n";
    Decoder decoder = decoder(TestContext.of(allocator));
    try (var decoded = new Closing(decoder.decode(List.of(message(ndjson))))) {
      assertThat(decoder.schema().findField("digits").getType()).isEqualTo(ArrowType.Utf8.INSTANCE);
      assertThat(rows(decoded.root())).containsExactly(
          Map.of("s", "a\"b\\c/\n\u00e9\uD83D\uDE00", "digits", "123", "key", 1L),
          Map.of("s", "plain", "digits", "0", "key", 3L));
    }
  }

  @Test
  void badLinesAreDeadLettersWithTheirOffsets(BufferAllocator allocator) {
    String good = "{\"a\": 1}\n";
    String[] bad = {"[1, 2]", "42", "{\"a\": 1", "{\"a\": 1} x", "{\"a\": \"\\x\"}", "{\"a\": \"\u00e9\"}", "\f{}"};
    StringBuilder ndjson = new StringBuilder(good);
    for (String line : bad) {
      ndjson.append(line).append("\r\n");
    }
    byte[] bytes = ndjson.toString().getBytes(StandardCharsets.UTF_8);
    int accent = ndjson.indexOf("\u00e9");
    bytes[accent + 1] = (byte) 0x80; // é's lead byte followed by... a continuation byte the wrong way round
    bytes[accent] = (byte) 0xFF;
    Decoder decoder = decoder(TestContext.of(allocator));
    try (var decoded = new Closing(decoder.decode(List.of(RawMessage.of(bytes, "f.ndjson", 100, null))))) {
      assertThat(decoded.root().getRowCount()).isEqualTo(1);
      assertThat(decoded.deadLetters()).extracting(DeadLetter::error).containsExactly(
          "line is not a JSON object but an array",
          "line is not a JSON object but a number",
          "invalid JSON: expected ',' or '}' in an object at byte 7",
          "invalid JSON: unexpected text after the JSON value at byte 9",
          "invalid JSON: invalid escape in a string at byte 9",
          "invalid JSON: invalid UTF-8 in a string at byte 7",
          "invalid JSON: expected a value at byte 0");
      List<DeadLetter> letters = decoded.deadLetters();
      int offset = good.length();
      for (int i = 0; i < bad.length; i++) {
        assertThat(letters.get(i).position()).isEqualTo(String.valueOf(100 + offset));
        assertThat(letters.get(i).raw()).hasSize(bad[i].getBytes(StandardCharsets.UTF_8).length);
        assertThat(letters.get(i).source()).isEqualTo("f.ndjson");
        offset += bad[i].getBytes(StandardCharsets.UTF_8).length + 2;
      }
      assertThat(new String(letters.get(0).raw(), StandardCharsets.UTF_8)).isEqualTo("[1, 2]");
    }
  }

  @Test
  void aValueThatDoesNotFitLeavesNoPartOfItsRow(BufferAllocator allocator) {
    String sample = "{\"n\": 1, \"items\": [{\"k\": \"a\", \"v\": [1]}], \"s\": {\"x\": 1}}\n";
    String later = "{\"n\": 2, \"items\": [{\"k\": \"b\", \"v\": [2, 3]}, {\"k\": \"c\", \"v\": [4, \"oops\"]}]}\n"
        + "{\"n\": 3, \"items\": [{\"k\": \"d\", \"v\": [5]}], \"s\": {\"x\": 9}}\n"
        + "{\"n\": 4, \"s\": [1]}\n";
    Decoder decoder = decoder(TestContext.of(allocator).withSampleRows(1));
    try (var decoded = new Closing(decoder.decode(List.of(message(sample + later, 10))))) {
      assertThat(rows(decoded.root())).containsExactly(
          map("n", 1L, "items", List.of(Map.of("k", "a", "v", List.of(1L))), "s", Map.of("x", 1L)),
          map("n", 3L, "items", List.of(Map.of("k", "d", "v", List.of(5L))), "s", Map.of("x", 9L)));
      assertThat(decoded.deadLetters()).extracting(DeadLetter::error).containsExactly(
          "column items[].v[]: cannot parse \"oops\" as int64",
          "column s: cannot store an array as a struct");
      assertThat(decoded.deadLetters().get(0).position()).isEqualTo(String.valueOf(10 + sample.length()));
      assertThat(new String(decoded.deadLetters().get(0).raw(), StandardCharsets.UTF_8))
          .isEqualTo(later.substring(0, later.indexOf('\n')));
    }
  }

  @Test
  void skipsAByteOrderMarkAtTheStart(BufferAllocator allocator) {
    Decoder decoder = decoder(TestContext.of(allocator));
    try (var decoded = new Closing(decoder.decode(List.of(message("\uFEFF{\"a\": \"x\"}\r\n{\"a\": 1}"))))) {
      assertThat(rows(decoded.root())).containsExactly(Map.of("a", "x"), Map.of("a", "1"));
      assertThat(decoded.deadLetters()).isEmpty();
    }
  }

  @Test
  void fillsTheTargetSchemaByName(BufferAllocator allocator) {
    Field point = new Field("point", FieldType.nullable(ArrowType.Struct.INSTANCE),
        List.of(ColumnType.FLOAT64.field("x"), ColumnType.FLOAT64.field("y")));
    Schema target = new Schema(List.of(ColumnType.INT64.field("id"), point, ColumnType.STRING.field("raw"),
        ColumnType.TIMESTAMP_TZ.field("at"), ColumnType.BOOL.field("missing")));
    Decoder decoder = decoder(TestContext.of(allocator).withTarget(target));
    String ndjson = "{\"point\": {\"y\": 2}, \"id\": 7, \"raw\": {\"a\": [true]}, "
        + "\"at\": \"2026-01-01T00:00:00Z\"}\n{\"id\": 1.5}\n{\"id\": 2, \"extra\": [1]}\n{\"point\": {\"z\": 0}}\n";
    try (var decoded = new Closing(decoder.decode(List.of(message(ndjson))))) {
      assertThat(decoder.schema()).isEqualTo(target);
      assertThat(rows(decoded.root())).containsExactly(map("id", 7L, "point", map("y", 2.0), "raw",
          "{\"a\": [true]}", "at", micros("2026-01-01T00:00:00Z"), "missing", null));
      assertThat(decoded.deadLetters()).extracting(DeadLetter::error).containsExactly(
          "column id: cannot parse \"1.5\" as int64",
          "field 'extra' is not in the table's schema",
          "field 'z' is not in the table's schema");
    }
  }

  @Test
  void rejectsTargetColumnsItCannotFill(BufferAllocator allocator) {
    Schema target = new Schema(List.of(new Field("m", FieldType.nullable(new ArrowType.Map(false)), null)));
    assertThatThrownBy(() -> decoder(TestContext.of(allocator).withTarget(target)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot decode JSON into column m");
  }

  @Test
  void waitsForAnObjectBeforeFixingTheSchema(BufferAllocator allocator) {
    Decoder decoder = decoder(TestContext.of(allocator));
    try (var first = new Closing(decoder.decode(List.of(message("[1]\n\n"))))) {
      assertThat(first.root().getRowCount()).isZero();
      assertThat(first.deadLetters()).hasSize(1);
      assertThat(decoder.schema()).isNull();
    }
    try (var second = new Closing(decoder.decode(List.of(message("{\"a\": 1}"))))) {
      assertThat(rows(second.root())).containsExactly(Map.of("a", 1L));
    }
  }

  @Test
  void decodesManyRowsAcrossBufferGrowth(BufferAllocator allocator) {
    StringBuilder ndjson = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      ndjson.append("{\"i\": ").append(i).append(", \"s\": \"v").append(i).append("\", \"l\": [{\"x\": ")
          .append(i).append("}, null]}\n");
    }
    Decoder decoder = decoder(TestContext.of(allocator));
    try (var decoded = new Closing(decoder.decode(List.of(message(ndjson.toString()))))) {
      assertThat(decoded.root().getRowCount()).isEqualTo(10_000);
      assertThat(rows(decoded.root()).get(9_999))
          .isEqualTo(map("i", 9_999L, "s", "v9999", "l", java.util.Arrays.asList(Map.of("x", 9_999L), null)));
    }
  }
}
