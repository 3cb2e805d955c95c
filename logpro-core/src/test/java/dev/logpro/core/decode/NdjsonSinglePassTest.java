package dev.logpro.core.decode;

import static dev.logpro.core.decode.TestContext.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.logpro.api.DeadLetter;
import dev.logpro.api.Decoder;
import dev.logpro.api.RawMessage;
import dev.logpro.core.decode.CsvDecoderTest.Closing;
import dev.logpro.core.schema.ColumnType;
import dev.logpro.testkit.NoArrowLeaks;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The NDJSON decoder writes most lines in a single pass and parses the rest again the full way, over what the first
 * pass left behind. Whichever way a line goes, it must decode exactly as the full parser alone decodes it, which the
 * JSON array decoder uses for every element: thousands of generated lines (every column type, escapes, non-ASCII
 * text, whitespace, nulls, missing, repeated and unknown keys, values that do not fit), a third of them with bytes
 * mutated, go through both decoders and must give the same rows and the same dead letters.
 */
@ExtendWith(NoArrowLeaks.class)
class NdjsonSinglePassTest {

  private static final Schema SCHEMA = new Schema(List.of(
      ColumnType.INT64.field("id"),
      new Field("n", FieldType.nullable(new ArrowType.Int(32, true)), null),
      ColumnType.FLOAT64.field("score"),
      ColumnType.BOOL.field("ok"),
      ColumnType.STRING.field("name"),
      ColumnType.TIMESTAMP_TZ.field("at"),
      ColumnType.DATE.field("day"),
      new Field("user", FieldType.nullable(ArrowType.Struct.INSTANCE),
          List.of(ColumnType.STRING.field("name"), ColumnType.STRING.field("zip"))),
      new Field("tags", FieldType.nullable(ArrowType.List.INSTANCE), List.of(ColumnType.STRING.field("item"))),
      new Field("items", FieldType.nullable(ArrowType.List.INSTANCE), List.of(
          new Field("item", FieldType.nullable(ArrowType.Struct.INSTANCE),
              List.of(ColumnType.STRING.field("k"), ColumnType.INT64.field("v")))))));

  private static final String[] INTEGERS = {"0", "-0", "42", "-7", "9223372036854775807", "9223372036854775808",
      "2147483648", "1.5", "1e3", "01", "-", "\"12\"", "\"x\"", "true", "null", "[1]", "{}"};
  private static final String[] DOUBLES = {"0.5", "-1.25e-3", "1E+2", "3", "-0.0", "1.", ".5", "\"2.5\"", "\"nan\"",
      "null", "false", "[]"};
  private static final String[] BOOLEANS = {"true", "false", "null", "\"true\"", "1", "tru", "nul", "{}"};
  private static final String[] STRINGS = {"\"plain\"", "\"caf\u00e9 \u65e5\u672c \uD83D\uDE00\"",
      "\"tab\\tand\\\"quote\\\"\"", "\"\"", "\"with space\"", "\"\\u00e9\\uD83D\\uDE00\"", "\"\\/slash\"",
      "12", "-3.5e2", "true", "null", "[\"a\"]", "{\"a\": 1}", "\"bad \\x escape\"", "\"\\uD800 lone\""};
  private static final String[] TIMESTAMPS = {"\"2026-01-01T00:00:00.081Z\"", "\"2026-01-01T10:00:00+02:00\"",
      "\"2026-01-01T00:00:00\\u005A\"", "\"2026-13-01T00:00:00Z\"", "\"yesterday\"", "null", "5"};
  private static final String[] DATES = {"\"2026-01-02\"", "null", "\"2026-02-30\"", "\"\"", "20260102"};
  /** How many of each list's first values are good ones, which {@link #value} picks most of the time. */
  private static final int GOOD = 3;
  private static final String[] WHITESPACE = {"", "", "", " ", "  ", "\t", " \r "};

  @Test
  void everyLineDecodesAsTheFullParserDecodesIt(BufferAllocator allocator) {
    Random random = new Random(20261126);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 4000; i++) {
      String line = line(random);
      lines.add(random.nextInt(3) == 0 ? mutate(line, random) : line);
    }
    List<String> valid = new ArrayList<>();
    int invalid = 0;
    for (String line : lines) {
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
      if (new JsonParser(new JsonTape()).parse(bytes, 0, bytes.length)) {
        valid.add(line);
      } else {
        invalid++;
      }
    }
    assertThat(invalid).as("mutations broke some lines").isGreaterThan(300);

    Decoder ndjson = new NdjsonDecoderFactory().create(new NdjsonDecoderFactory.Config(),
        TestContext.of(allocator).withTarget(SCHEMA));
    Decoder array = new JsonDecoderFactory().create(new JsonDecoderFactory.Config(),
        TestContext.of(allocator).withTarget(SCHEMA));
    try (var single = new Closing(ndjson.decode(List.of(RawMessage.of(String.join("\n", lines), "in.ndjson"))));
        var full = new Closing(array.decode(List.of(RawMessage.of("[" + String.join(",\n", valid) + "]",
            "in.json"))))) {
      List<String> invalidErrors = single.deadLetters().stream().map(DeadLetter::error)
          .filter(error -> error.startsWith("invalid JSON")).toList();
      assertThat(invalidErrors).hasSize(invalid);
      assertThat(single.deadLetters().stream().map(DeadLetter::error)
          .filter(error -> !error.startsWith("invalid JSON")).toList())
          .containsExactlyElementsOf(full.deadLetters().stream().map(DeadLetter::error).toList());
      assertThat(full.deadLetters()).as("some lines do not fit").hasSizeGreaterThan(300);
      assertThat(full.root().getRowCount()).as("most lines fit").isGreaterThan(1000);
      assertThat(rows(single.root())).containsExactlyElementsOf(rows(full.root()));
    }
  }

  @Test
  void aFailedLastLineLeavesNoElementsInItsLists(BufferAllocator allocator) {
    // The last line writes its lists before its last value fails: the batch's lists must not count its elements.
    Field tags = new Field("tags", FieldType.nullable(ArrowType.List.INSTANCE), List.of(ColumnType.STRING.field("s")));
    Schema schema = new Schema(List.of(ColumnType.INT64.field("id"), tags,
        new Field("nested", FieldType.nullable(ArrowType.List.INSTANCE), List.of(tags)),
        new Field("user", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(tags)),
        ColumnType.INT64.field("last")));
    String ndjson = "{\"id\":1,\"tags\":[\"a\"],\"nested\":[[\"p\"]],\"user\":{\"tags\":[]}}\n"
        + "{\"id\":2,\"tags\":[\"b\",\"c\"],\"nested\":[[\"q\",\"r\"],[\"s\"]],\"user\":{\"tags\":[\"t\"]},"
        + "\"last\":\"bad\"}\n";
    Decoder decoder = new NdjsonDecoderFactory().create(new NdjsonDecoderFactory.Config(),
        TestContext.of(allocator).withTarget(schema));
    try (var decoded = new Closing(decoder.decode(List.of(RawMessage.of(ndjson, "in.ndjson"))))) {
      assertThat(decoded.deadLetters()).hasSize(1);
      var root = decoded.root();
      ListVector nested = (ListVector) root.getVector("nested");
      ListVector userTags = (ListVector) ((StructVector) root.getVector("user")).getChild("tags");
      assertThat(List.of(((ListVector) root.getVector("tags")).getDataVector().getValueCount(),
          nested.getDataVector().getValueCount(), ((ListVector) nested.getDataVector()).getDataVector().getValueCount(),
          userTags.getDataVector().getValueCount())).containsExactly(1, 1, 1, 0);
      assertThat(rows(root)).hasSize(1);
    }
  }

  private static String line(Random random) {
    List<String> members = new ArrayList<>();
    String[] keys = {"id", "n", "score", "ok", "name", "at", "day", "user", "tags", "items"};
    for (String key : keys) {
      if (random.nextInt(8) != 0) {
        members.add(member(key, value(key, random), random));
      }
    }
    if (random.nextInt(4) == 0) {
      java.util.Collections.shuffle(members, random);
    }
    if (random.nextInt(20) == 0) {
      members.add(member("id", pick(INTEGERS, random), random));
    }
    if (random.nextInt(20) == 0) {
      members.add(random.nextInt(members.size() + 1), member("extra", "1", random));
    }
    if (random.nextInt(30) == 0) {
      members.add(member("\\u0069d", "5", random));
    }
    return pick(WHITESPACE, random) + "{" + pick(WHITESPACE, random) + String.join("," + pick(WHITESPACE, random),
        members) + pick(WHITESPACE, random) + "}" + pick(WHITESPACE, random);
  }

  private static String member(String key, String value, Random random) {
    return "\"" + key + "\"" + pick(WHITESPACE, random) + ":" + pick(WHITESPACE, random) + value;
  }

  private static String value(String key, Random random) {
    return switch (key) {
      case "id", "n" -> mostlyGood(INTEGERS, random);
      case "score" -> mostlyGood(DOUBLES, random);
      case "ok" -> mostlyGood(BOOLEANS, random);
      case "name" -> mostlyGood(STRINGS, random);
      case "at" -> mostlyGood(TIMESTAMPS, random);
      case "day" -> mostlyGood(DATES, random);
      case "user" -> random.nextInt(20) == 0 ? pick(new String[] {"null", "[]", "\"u\"", "{}"}, random)
          : "{\"name\":" + mostlyGood(STRINGS, random) + (random.nextBoolean() ? ",\"zip\": \"02134\"" : "") + "}";
      case "tags" -> list(random, () -> mostlyGood(STRINGS, random));
      default -> list(random, () -> random.nextInt(30) == 0 ? pick(new String[] {"null", "1", "[]"}, random)
          : "{\"k\":" + mostlyGood(STRINGS, random) + ",\"v\":" + mostlyGood(INTEGERS, random) + "}");
    };
  }

  private static String mostlyGood(String[] choices, Random random) {
    return random.nextInt(30) == 0 ? pick(choices, random) : choices[random.nextInt(GOOD)];
  }

  private static String list(Random random, java.util.function.Supplier<String> element) {
    if (random.nextInt(20) == 0) {
      return pick(new String[] {"null", "{}", "\"a\""}, random);
    }
    List<String> elements = new ArrayList<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      elements.add(element.get());
    }
    return "[" + pick(WHITESPACE, random) + String.join(", ", elements) + "]";
  }

  /** One or two bytes deleted, inserted or replaced, never a line break (a line stays one line). */
  private static String mutate(String line, Random random) {
    String inserts = "\"{}[],:\\ 0a-.eE+tfn\u00e9\u0001";
    StringBuilder text = new StringBuilder(line);
    for (int m = 1 + random.nextInt(2); m > 0 && text.length() > 0; m--) {
      int at = random.nextInt(text.length());
      char c = inserts.charAt(random.nextInt(inserts.length()));
      switch (random.nextInt(3)) {
        case 0 -> text.deleteCharAt(at);
        case 1 -> text.insert(at, c);
        default -> text.setCharAt(at, c);
      }
    }
    return text.toString();
  }

  private static String pick(String[] choices, Random random) {
    return choices[random.nextInt(choices.length)];
  }
}
