package dev.logpro.core.decode;

import static dev.logpro.core.decode.TestContext.message;
import static dev.logpro.core.decode.TestContext.messageWithHeader;
import static dev.logpro.core.decode.TestContext.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logpro.api.DeadLetter;
import dev.logpro.api.Decoded;
import dev.logpro.api.Decoder;
import dev.logpro.api.RawMessage;
import dev.logpro.core.schema.ColumnType;
import dev.logpro.testkit.NoArrowLeaks;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoArrowLeaks.class)
class CsvDecoderTest {

  private static Decoder decoder(TestContext context) {
    return new CsvDecoderFactory().create(CsvDecoderFactory.Config.defaults(), context);
  }

  private static Decoder decoder(TestContext context, CsvDecoderFactory.Config config) {
    return new CsvDecoderFactory().create(config, context);
  }

  @Test
  void infersTypesFromTheSample(BufferAllocator allocator) {
    String csv = """
        id,zip,price,active,created_at,local_time,day,name,empty
        1,02134,0.5,true,2026-01-01T10:00:00.123Z,2026-01-01 10:00:00,2026-01-01,alice,
        0,00501,2,FALSE,2026-01-01T10:00:00+02:00,2026-01-01T10:00:00.5,2026-01-02,bob,
        """;
    Decoder decoder = decoder(TestContext.of(allocator));
    try (var decoded = new Closing(decoder.decode(List.of(message(csv))))) {
      assertThat(decoded.deadLetters()).isEmpty();
      Schema schema = decoder.schema();
      assertThat(schema.getFields()).extracting(Field::getName)
          .containsExactly("id", "zip", "price", "active", "created_at", "local_time", "day", "name", "empty");
      assertThat(schema.getFields()).extracting(f -> f.getType()).containsExactly(
          ColumnType.INT64.arrowType(), ColumnType.STRING.arrowType(), ColumnType.FLOAT64.arrowType(),
          ColumnType.BOOL.arrowType(), new ArrowType.Timestamp(org.apache.arrow.vector.types.TimeUnit.MICROSECOND, "UTC"),
          ColumnType.TIMESTAMP.arrowType(), ColumnType.DATE.arrowType(), ColumnType.STRING.arrowType(),
          ColumnType.STRING.arrowType());
      var root = decoded.root();
      assertThat(root.getRowCount()).isEqualTo(2);
      assertThat(((BigIntVector) root.getVector("id")).get(1)).isZero();
      assertThat(root.getVector("zip").getObject(0).toString()).isEqualTo("02134");
      assertThat(root.getVector("price").getObject(1)).isEqualTo(2.0);
      assertThat(root.getVector("active").getObject(1)).isEqualTo(false);
      TimeStampMicroTZVector created = (TimeStampMicroTZVector) root.getVector("created_at");
      assertThat(created.get(0)).isEqualTo(micros("2026-01-01T10:00:00.123Z"));
      assertThat(created.get(1)).isEqualTo(micros("2026-01-01T08:00:00Z"));
      assertThat(root.getVector("local_time").getObject(1)).hasToString("2026-01-01T10:00:00.500");
      assertThat(root.getVector("day").getObject(1)).isEqualTo((int) LocalDate.parse("2026-01-02").toEpochDay());
      assertThat(root.getVector("empty").isNull(0)).isTrue();
    }
  }

  @Test
  void readsRfc4180Quoting(BufferAllocator allocator) {
    String csv = "\uFEFF\"a\",b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"line1\r\nline2\"\r\n,\"\",plain \"quote\r\n";
    Decoder decoder = decoder(TestContext.of(allocator));
    try (var decoded = new Closing(decoder.decode(List.of(message(csv))))) {
      assertThat(decoded.deadLetters()).isEmpty();
      assertThat(rows(decoded.root())).containsExactly(
          Map.of("a", "x, y", "b", "say \"hi\"", "c", "line1\r\nline2"),
          map("a", null, "b", "", "c", "plain \"quote"));
    }
  }

  @Test
  void takesNamesFromTheConfigTheMessageOrTheFirstRecord(BufferAllocator allocator) {
    Decoder fromHeader = decoder(TestContext.of(allocator));
    try (var decoded = new Closing(fromHeader.decode(List.of(messageWithHeader("1,x\n2,y\n", "\uFEFFid,name"))))) {
      assertThat(rows(decoded.root())).containsExactly(Map.of("id", 1L, "name", "x"), Map.of("id", 2L, "name", "y"));
    }
    var config = new CsvDecoderFactory.Config(";", "'", true, List.of("id", "name"), "NULL");
    Decoder fromConfig = decoder(TestContext.of(allocator), config);
    try (var decoded = new Closing(fromConfig.decode(List.of(message("1;'a;b'\nNULL;''\n"))))) {
      assertThat(rows(decoded.root())).containsExactly(Map.of("id", 1L, "name", "a;b"), map("id", null, "name", ""));
    }
    try (var decoded = new Closing(fromConfig.decode(List.of(messageWithHeader("2;x\n", "a;b"))))) {
      assertThat(rows(decoded.root())).as("configured names replace the header's").containsExactly(
          Map.of("id", 2L, "name", "x"));
    }
    var noHeader = new CsvDecoderFactory.Config(",", "\"", false, null, "");
    Decoder generated = decoder(TestContext.of(allocator), noHeader);
    try (var decoded = new Closing(generated.decode(List.of(message("1,x\n"), message("2,y"))))) {
      assertThat(rows(decoded.root()))
          .containsExactly(Map.of("column_1", 1L, "column_2", "x"), Map.of("column_1", 2L, "column_2", "y"));
    }
  }

  @Test
  void theFirstRecordEverSeenIsTheHeader(BufferAllocator allocator) {
    Decoder decoder = decoder(TestContext.of(allocator));
    try (var first = new Closing(decoder.decode(List.of(message("a,b\n1,2\n"), message("3,4\n"))));
        var second = new Closing(decoder.decode(List.of(message("5,6\n"))))) {
      assertThat(rows(first.root())).containsExactly(Map.of("a", 1L, "b", 2L), Map.of("a", 3L, "b", 4L));
      assertThat(rows(second.root())).containsExactly(Map.of("a", 5L, "b", 6L));
    }
  }

  @Test
  void aValueThatDoesNotParseSendsTheWholeRowToTheDeadLetters(BufferAllocator allocator) {
    Decoder decoder = decoder(TestContext.of(allocator).withSampleRows(2));
    String csv = "name,latency_ms\nx,1\ny,2\nbad,abc\nz,3\n";
    try (var decoded = new Closing(decoder.decode(List.of(message(csv, 1000))))) {
      assertThat(rows(decoded.root())).containsExactly(
          Map.of("name", "x", "latency_ms", 1L), Map.of("name", "y", "latency_ms", 2L),
          Map.of("name", "z", "latency_ms", 3L));
      DeadLetter dead = decoded.deadLetters().get(0);
      assertThat(decoded.deadLetters()).hasSize(1);
      assertThat(new String(dead.raw(), StandardCharsets.UTF_8)).isEqualTo("bad,abc");
      assertThat(dead.error()).isEqualTo("column latency_ms: cannot parse \"abc\" as int64");
      assertThat(dead.stage()).isEqualTo("decode");
      assertThat(dead.source()).isEqualTo("test.txt");
      assertThat(dead.position()).isEqualTo(String.valueOf(1000 + csv.indexOf("bad")));
    }
  }

  @Test
  void aRowThatFailsHalfWrittenLeavesNothingBehind(BufferAllocator allocator) {
    // Rows are written as they are read: the values before a bad one are already in the vectors. The next row must
    // replace every one of them, nulls included, and a bad last row must not show.
    Schema schema = new Schema(List.of(ColumnType.STRING.field("name"), ColumnType.INT64.field("n"),
        ColumnType.FLOAT64.field("x"), ColumnType.INT64.field("last")));
    Decoder decoder = decoder(TestContext.of(allocator).withTarget(schema));
    String csv = "name,n,x,last\na,1,1.5,1\nlong leftover text,2,2.5,oops\n,,,3\nb,4,4.5,4\nc,5,5.5,nope\n";
    try (var decoded = new Closing(decoder.decode(List.of(message(csv))))) {
      assertThat(decoded.deadLetters()).extracting(DeadLetter::error).containsExactly(
          "column last: cannot parse \"oops\" as int64", "column last: cannot parse \"nope\" as int64");
      assertThat(rows(decoded.root())).containsExactly(
          Map.of("name", "a", "n", 1L, "x", 1.5, "last", 1L),
          map("name", null, "n", null, "x", null, "last", 3L),
          Map.of("name", "b", "n", 4L, "x", 4.5, "last", 4L));
    }
  }

  @Test
  void malformedRecordsAreDeadLetters(BufferAllocator allocator) {
    String csv = "a,b\n1,2\n1,2,3\r\n\"x\"y,2\n4,\"\u00e9\"\n5,\"open\n";
    byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
    int invalid = csv.indexOf('\u00e9') + 1; // the second byte of é, to break its UTF-8
    bytes[invalid] = (byte) 0xFF;
    bytes[invalid - 1] = (byte) 0xC3;
    Decoder decoder = decoder(TestContext.of(allocator).withTarget(new Schema(List.of(
        ColumnType.INT64.field("a"), ColumnType.STRING.field("b")))));
    try (var decoded = new Closing(decoder.decode(List.of(RawMessage.of(bytes, "f.csv", 0, null))))) {
      assertThat(rows(decoded.root())).containsExactly(Map.of("a", 1L, "b", "2"));
      assertThat(decoded.deadLetters()).extracting(DeadLetter::error).containsExactly(
          "expected 2 fields but found 3",
          "unexpected character after a closing quote",
          "column b: invalid UTF-8 in \"\uFFFD\uFFFD\"",
          "unterminated quoted field");
      assertThat(decoded.deadLetters()).extracting(d -> new String(d.raw(), StandardCharsets.ISO_8859_1))
          .containsExactly("1,2,3", "\"x\"y,2", "4,\"\u00c3\u00ff\"", "5,\"open");
      String latin1 = new String(bytes, StandardCharsets.ISO_8859_1);
      assertThat(decoded.deadLetters()).extracting(DeadLetter::position).containsExactly(
          String.valueOf(latin1.indexOf("1,2,3")), String.valueOf(latin1.indexOf("\"x\"")),
          String.valueOf(latin1.indexOf("4,")), String.valueOf(latin1.indexOf("5,")));
    }
  }

  @Test
  void fillsTheTargetSchemaByName(BufferAllocator allocator) {
    Schema target = new Schema(List.of(
        new Field("count", FieldType.nullable(new ArrowType.Int(32, true)), null),
        new Field("ratio", FieldType.nullable(new ArrowType.FloatingPoint(
            org.apache.arrow.vector.types.FloatingPointPrecision.SINGLE)), null),
        ColumnType.TIMESTAMP_TZ.field("at"),
        ColumnType.STRING.field("missing"),
        ColumnType.STRING.field("code")));
    Decoder decoder = decoder(TestContext.of(allocator).withTarget(target));
    String csv = "code,count,ratio,at\n007,12,0.25,2026-01-01\n008,99999999999,1,\n";
    try (var decoded = new Closing(decoder.decode(List.of(message(csv))))) {
      assertThat(decoder.schema()).isEqualTo(target);
      assertThat(rows(decoded.root())).containsExactly(
          map("count", 12, "ratio", 0.25f, "at", micros("2026-01-01T00:00:00Z"), "missing", null, "code", "007"));
      assertThat(decoded.deadLetters()).extracting(DeadLetter::error)
          .containsExactly("column count: cannot parse \"99999999999\" as int32");
    }
  }

  @Test
  void keepsRowsWithColumnsTheTargetLacksWholeAsDeadLetters(BufferAllocator allocator) {
    Schema target = new Schema(List.of(ColumnType.STRING.field("code")));
    Decoder decoder = decoder(TestContext.of(allocator).withTarget(target));
    String csv = "code,extra,more\n007,x,y\n";
    try (var decoded = new Closing(decoder.decode(List.of(message(csv))))) {
      assertThat(decoded.root().getRowCount()).isZero();
      assertThat(decoded.deadLetters()).singleElement().satisfies(letter -> {
        assertThat(letter.error()).isEqualTo("columns extra, more are not in the table's schema");
        assertThat(new String(letter.raw(), StandardCharsets.UTF_8)).isEqualTo("007,x,y");
      });
    }
  }

  @Test
  void aHeaderThatIsNotUtf8DefinesNoColumnsAndDeadLettersItsRecords(BufferAllocator allocator) {
    Decoder decoder = decoder(TestContext.of(allocator));
    byte[] header = {'a', (byte) 0xC3, (byte) 0x28};
    RawMessage chunk = new RawMessage("1\n2\n".getBytes(StandardCharsets.UTF_8), 0, 4, "bin.csv", 3, null, 0, null,
        java.util.Map.of(RawMessage.CSV_HEADER, new String(header, StandardCharsets.UTF_8)));
    try (var decoded = new Closing(decoder.decode(List.of(chunk)))) {
      assertThat(decoder.schema()).isNull();
      assertThat(decoded.root().getRowCount()).isZero();
      assertThat(decoded.deadLetters()).hasSize(2).allSatisfy(letter ->
          assertThat(letter.error()).isEqualTo("the header record is not valid UTF-8, so no record under it can be read"));
    }
  }

  @Test
  void rejectsTargetColumnsItCannotFill(BufferAllocator allocator) {
    Schema target = new Schema(List.of(new Field("b", FieldType.nullable(ArrowType.Binary.INSTANCE), null)));
    assertThatThrownBy(() -> decoder(TestContext.of(allocator).withTarget(target)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot decode CSV into column b: type Binary");
    var config = new CsvDecoderFactory.Config(",,", "\"", true, null, "");
    assertThatThrownBy(() -> decoder(TestContext.of(allocator), config))
        .hasMessage("Cannot configure the csv decoder: delimiter must be one character, not ',,'");
  }

  @Test
  void keepsTheInferredSchemaAndNullColumnsAreStrings(BufferAllocator allocator) {
    Decoder decoder = decoder(TestContext.of(allocator));
    try (var nothing = new Closing(decoder.decode(List.of(message("a,b\n"))))) {
      assertThat(nothing.root().getRowCount()).isZero();
      assertThat(decoder.schema()).isNull();
    }
    try (var first = new Closing(decoder.decode(List.of(messageWithHeader("1,\n", "a,b"))));
        var second = new Closing(decoder.decode(List.of(messageWithHeader("x,\n2,3\n", "a,b"))))) {
      assertThat(decoder.schema().getFields()).extracting(Field::getType)
          .containsExactly(ColumnType.INT64.arrowType(), ColumnType.STRING.arrowType());
      assertThat(rows(second.root())).containsExactly(Map.of("a", 2L, "b", "3"));
      assertThat(second.deadLetters()).extracting(DeadLetter::error)
          .containsExactly("column a: cannot parse \"x\" as int64");
    }
  }

  @Test
  void decodesManyRowsAcrossBufferGrowth(BufferAllocator allocator) {
    StringBuilder csv = new StringBuilder("n,s,f\n");
    for (int i = 0; i < 20_000; i++) {
      csv.append(i).append(",\"v").append(i).append("\"\"\",").append(i / 2.0).append('\n');
    }
    Decoder decoder = decoder(TestContext.of(allocator));
    try (var decoded = new Closing(decoder.decode(List.of(message(csv.toString()))))) {
      assertThat(decoded.root().getRowCount()).isEqualTo(20_000);
      assertThat(decoded.root().getVector("s").getObject(19_999)).hasToString("v19999\"");
      assertThat(decoded.root().getVector("f").getObject(19_999)).isEqualTo(9999.5);
    }
  }

  static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  static long micros(String instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(instant));
  }

  /** Checks a decoded root is well-formed Arrow and closes it at the end of a try block. */
  record Closing(Decoded decoded) implements AutoCloseable {
    Closing {
      org.apache.arrow.vector.util.ValueVectorUtility.validateFull(decoded.root());
    }

    org.apache.arrow.vector.VectorSchemaRoot root() {
      return decoded.root();
    }

    List<DeadLetter> deadLetters() {
      return decoded.deadLetters();
    }

    @Override
    public void close() {
      decoded.root().close();
    }
  }
}
