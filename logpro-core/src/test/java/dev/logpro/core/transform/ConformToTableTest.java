package dev.logpro.core.transform;

import static dev.logpro.core.transform.TestRows.apply;
import static dev.logpro.core.transform.TestRows.column;
import static org.assertj.core.api.Assertions.assertThat;

import dev.logpro.api.DeadLetter;
import dev.logpro.api.Transform;
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

  @Test
  void castsToTheTablesTypesAndRefusesValuesWithoutAColumn(BufferAllocator allocator) {
    try (VectorSchemaRoot input = TestRows.csv(allocator, """
            id,n,email
            1,7,
            2,x,
            3,8,c@example.com
            """);
        Transform conform = new ConformToTable(TABLE, allocator)) {
      Transform.Result result = apply(conform, input);
      assertThat(result.root().getSchema().getFields()).extracting(f -> f.getName()).containsExactly("id", "n");
      assertThat(column(result.root(), "id")).containsExactly("1");
      assertThat(column(result.root(), "n")).containsExactly(7L);
      assertThat(result.deadLetters()).extracting(DeadLetter::error).containsExactly(
          "column email is not in the table's schema",
          "column n: cannot convert \"x\" to long (it is not an integer)");
      assertThat(new String(result.deadLetters().get(0).raw())).contains("\"email\":\"c@example.com\"");
      TestRows.close(result);
    }
  }
}
