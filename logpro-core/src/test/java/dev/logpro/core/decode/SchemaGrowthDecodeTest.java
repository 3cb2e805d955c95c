package dev.logpro.core.decode;

import static dev.logpro.core.decode.TestContext.message;
import static dev.logpro.core.decode.TestContext.messageWithHeader;
import static dev.logpro.core.decode.TestContext.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.logpro.api.DeadLetter;
import dev.logpro.api.Decoder;
import dev.logpro.core.decode.CsvDecoderTest.Closing;
import dev.logpro.core.schema.ColumnType;
import dev.logpro.testkit.NoArrowLeaks;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Decoders allowed to grow their schema ({@code schema_policy: permissive} or {@code rescue}) take records with new
 * fields or values of another type instead of dead-lettering them; a strict decoder still refuses them.
 */
@ExtendWith(NoArrowLeaks.class)
class SchemaGrowthDecodeTest {

  private static Decoder ndjson(TestContext context) {
    return new NdjsonDecoderFactory().create(new NdjsonDecoderFactory.Config(), context);
  }

  private static Decoder csv(TestContext context) {
    return new CsvDecoderFactory().create(CsvDecoderFactory.Config.defaults(), context);
  }

  @Test
  void ndjsonAddsFieldsThatAppearAfterTheSampleAndWidensConflictingValues(BufferAllocator allocator) {
    Decoder decoder = ndjson(TestContext.of(allocator).withSampleRows(1).growing());
    try (var first = new Closing(decoder.decode(List.of(message("{\"id\": 1, \"user\": {\"name\": \"ann\"}}\n"))))) {
      assertThat(first.deadLetters()).isEmpty();
    }
    String later = """
        {"id": 2, "user": {"name": "bob"}}
        {"id": 3, "user": {"name": "cy", "vip": true}, "score": 0.5}
        {"id": "x-4", "user": null}
        not json
        """;
    try (var second = new Closing(decoder.decode(List.of(message(later))))) {
      assertThat(second.deadLetters()).extracting(DeadLetter::error).singleElement()
          .asString().startsWith("invalid JSON");
      Schema schema = decoder.schema();
      assertThat(schema.getFields()).extracting(Field::getName).containsExactly("id", "user", "score");
      assertThat(schema.findField("id").getType()).isEqualTo(ArrowType.Utf8.INSTANCE);
      assertThat(schema.findField("user").getChildren()).extracting(Field::getName).containsExactly("name", "vip");
      assertThat(schema.findField("score").getType()).isEqualTo(ColumnType.FLOAT64.arrowType());
      assertThat(rows(second.root())).extracting(r -> r.get("id")).containsExactly("2", "3", "x-4");
      assertThat(rows(second.root()).get(1).get("score")).isEqualTo(0.5);
    }
  }

  @Test
  void strictDecodersStillDeadLetterWhatDoesNotFit(BufferAllocator allocator) {
    Decoder decoder = ndjson(TestContext.of(allocator).withSampleRows(1));
    String input = "{\"id\": 1}\n{\"id\": 2, \"extra\": true}\n{\"id\": \"three\"}\n";
    try (var decoded = new Closing(decoder.decode(List.of(message(input))))) {
      assertThat(decoded.deadLetters()).hasSize(2);
      assertThat(decoder.schema().getFields()).extracting(Field::getName).containsExactly("id");
      assertThat(decoded.root().getRowCount()).isEqualTo(1);
    }
  }

  @Test
  void csvTakesAHeaderWithNewColumnsAgainstATargetSchema(BufferAllocator allocator) {
    Schema table = new Schema(List.of(Field.nullable("id", new ArrowType.Int(32, true)),
        Field.nullable("name", ArrowType.Utf8.INSTANCE)));
    Decoder decoder = csv(TestContext.of(allocator).withTarget(table).growing());
    try (var decoded = new Closing(decoder.decode(List.of(
        messageWithHeader("1,ann,3.5\n2,bob,\n3000000000,cy,1\n", "id,name,score"))))) {
      assertThat(decoded.deadLetters()).isEmpty();
      Schema schema = decoder.schema();
      assertThat(schema.getFields()).extracting(Field::getName).containsExactly("id", "name", "score");
      // int32 met a value it cannot hold: the column carries text now, and the schema policy decides what fits.
      assertThat(schema.findField("id").getType()).isEqualTo(ArrowType.Utf8.INSTANCE);
      assertThat(schema.findField("score").getType()).isEqualTo(ColumnType.FLOAT64.arrowType());
      assertThat(rows(decoded.root())).extracting(r -> r.get("id")).containsExactly("1", "2", "3000000000");
    }
  }

  @Test
  void csvWithoutGrowthDeadLettersEveryRowOfAFileWithAnUnknownColumn(BufferAllocator allocator) {
    Schema table = new Schema(List.of(Field.nullable("id", ColumnType.INT64.arrowType())));
    Decoder decoder = csv(TestContext.of(allocator).withTarget(table));
    try (var decoded = new Closing(decoder.decode(List.of(messageWithHeader("1,a\n2,b\n", "id,extra"))))) {
      assertThat(decoded.deadLetters()).hasSize(2)
          .allSatisfy(d -> assertThat(d.error()).isEqualTo("column extra is not in the table's schema"));
      assertThat(decoded.root().getRowCount()).isZero();
    }
  }
}
