package dev.logpro.core.transform;

import static dev.logpro.core.transform.TestRows.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.logpro.api.DeadLetter;
import dev.logpro.api.Transform;
import dev.logpro.core.config.ProcessingConfig.SchemaPolicy;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.vector.BigIntVector;
import dev.logpro.testkit.NoArrowLeaks;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoArrowLeaks.class)
class ConformToTableTest {
  private static final Schema TABLE = new Schema(List.of(
      new Field("id", FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
      new Field("n", FieldType.nullable(new ArrowType.Int(64, true)), null),
      new Field("extra", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));

  private static final String CSV = """
      id,n,email
      1,7,
      2,x,
      3,8,c@example.com
      """;

  @Test
  void permissiveCastsToTheTablesTypesAndKeepsNewColumnsForTheSinkToAdd(BufferAllocator allocator) {
    try (VectorSchemaRoot input = TestRows.csv(allocator, CSV)) {
      Transform.Result result = new ConformToTable(SchemaPolicy.PERMISSIVE, 1000, allocator).apply(input, TABLE);
      assertThat(result.root().getSchema().getFields()).extracting(Field::getName).containsExactly("id", "n", "email");
      assertThat(result.root().getSchema().findField("id").getType()).isEqualTo(ArrowType.Utf8.INSTANCE);
      assertThat(column(result.root(), "id")).containsExactly("1", "3");
      assertThat(column(result.root(), "n")).containsExactly(7L, 8L);
      assertThat(result.deadLetters()).extracting(DeadLetter::error, DeadLetter::stage).containsExactly(
          tuple("column n: cannot convert \"x\" to long (it is not an integer)", "schema"));
      assertThat(new String(result.deadLetters().get(0).raw(), StandardCharsets.UTF_8)).contains("\"n\":\"x\"");
      TestRows.close(result);
    }
  }

  @Test
  void strictSendsAWholeBatchThatDoesNotFitToTheDeadLetterQueue(BufferAllocator allocator) {
    try (VectorSchemaRoot input = TestRows.csv(allocator, CSV)) {
      Transform.Result result = new ConformToTable(SchemaPolicy.STRICT, 1000, allocator).apply(input, TABLE);
      assertThat(result.root()).isNull();
      assertThat(result.deadLetters()).hasSize(3).extracting(DeadLetter::error).containsOnly(
          "the batch does not fit the table (schema_policy: strict): column email is not in the table's schema");
    }
  }

  @Test
  void rescueKeepsWhatDoesNotFitAsJsonBesideTheRow(BufferAllocator allocator) {
    try (VectorSchemaRoot input = TestRows.csv(allocator, CSV)) {
      Transform.Result result = new ConformToTable(SchemaPolicy.RESCUE, 1000, allocator).apply(input, TABLE);
      assertThat(result.deadLetters()).isEmpty();
      assertThat(result.root().getSchema().getFields()).extracting(Field::getName)
          .containsExactly("id", "n", ConformToTable.RESCUED);
      assertThat(column(result.root(), "n")).containsExactly(7L, null, 8L);
      assertThat(column(result.root(), ConformToTable.RESCUED))
          .containsExactly(null, "{\"n\":\"x\"}", "{\"email\":\"c@example.com\"}");
      TestRows.close(result);
    }
  }

  @Test
  void aBatchThatFitsPassesAsItIs(BufferAllocator allocator) {
    Schema same = new Schema(List.of(new Field("n", FieldType.nullable(new ArrowType.Int(32, true)), null)));
    try (VectorSchemaRoot input = VectorSchemaRoot.create(same, allocator)) {
      input.setRowCount(0);
      for (SchemaPolicy policy : List.of(SchemaPolicy.STRICT, SchemaPolicy.PERMISSIVE)) {
        Transform.Result result = new ConformToTable(policy, 1000, allocator).apply(input, TABLE);
        assertThat(result.root()).isSameAs(input);
        assertThat(result.deadLetters()).isEmpty();
      }
    }
  }

  @Test
  void permissiveLetsTheTableWidenButStrictDoesNot(BufferAllocator allocator) {
    Schema table = new Schema(List.of(new Field("n", FieldType.nullable(new ArrowType.Int(32, true)), null)));
    Schema wider = new Schema(List.of(new Field("n", FieldType.nullable(new ArrowType.Int(64, true)), null)));
    try (VectorSchemaRoot input = VectorSchemaRoot.create(wider, allocator)) {
      ((BigIntVector) input.getVector("n")).setSafe(0, 3_000_000_000L);
      ((BigIntVector) input.getVector("n")).setSafe(1, 5);
      input.setRowCount(2);
      Transform.Result permissive = new ConformToTable(SchemaPolicy.PERMISSIVE, 1000, allocator).apply(input, table);
      assertThat(permissive.root()).isSameAs(input);
      Transform.Result strict = new ConformToTable(SchemaPolicy.STRICT, 1000, allocator).apply(input, table);
      assertThat(strict.deadLetters()).extracting(DeadLetter::error).containsExactly(
          "column n: cannot convert \"3000000000\" to int (it is out of range)");
      assertThat(column(strict.root(), "n")).containsExactly(5);
      TestRows.close(strict);
    }
  }
}
