package dev.logpro.core.transform;

import static dev.logpro.core.transform.TestRows.column;
import static org.assertj.core.api.Assertions.assertThat;

import dev.logpro.api.DeadLetter;
import dev.logpro.api.Transform;
import dev.logpro.core.config.ProcessingConfig.SchemaPolicy;
import dev.logpro.testkit.NoArrowLeaks;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Column names from sources with their own schemas (Parquet, Avro, Protobuf, a transform's output) that a table cannot
 * take never reach it: the rows that hold a value under such a name are dead letters, or under {@code rescue} keep it
 * in their rescued data; the rest of the batch lands.
 */
@ExtendWith(NoArrowLeaks.class)
class ColumnNamesAtTheTableTest {

  /** Two rows; each column's values, {@code null} for a null. */
  private static VectorSchemaRoot batch(BufferAllocator allocator, List<String> names, String[]... rows) {
    List<FieldVector> vectors = new ArrayList<>();
    for (int c = 0; c < names.size(); c++) {
      VarCharVector vector = new VarCharVector(names.get(c), allocator);
      vector.allocateNew(rows.length);
      for (int r = 0; r < rows.length; r++) {
        if (rows[r][c] == null) {
          vector.setNull(r);
        } else {
          vector.setSafe(r, rows[r][c].getBytes(StandardCharsets.UTF_8));
        }
      }
      vector.setValueCount(rows.length);
      vectors.add(vector);
    }
    VectorSchemaRoot root = new VectorSchemaRoot(vectors);
    root.setRowCount(rows.length);
    return root;
  }

  private static Field text(String name) {
    return new Field(name, FieldType.nullable(ArrowType.Utf8.INSTANCE), null);
  }

  @Test
  void anEmptyNameAndOneThatDiffersOnlyInCaseNeverBecomeColumnsAndOnlyRowsWithValuesThereAreRefused(
      BufferAllocator allocator) {
    List<String> names = Arrays.asList("id", "", "ID", "ok");
    for (SchemaPolicy policy : SchemaPolicy.values()) {
      try (VectorSchemaRoot input = batch(allocator, names,
          new String[] {"1", "e", "I", "x"}, new String[] {"2", null, null, "y"})) {
        Transform.Result result = new ConformToTable(policy, 1000, allocator).apply(input, null);

        List<String> expected = policy == SchemaPolicy.RESCUE
            ? List.of("id", "ok", ConformToTable.RESCUED) : List.of("id", "ok");
        assertThat(result.root().getSchema().getFields()).extracting(Field::getName).as(policy.name())
            .containsExactlyElementsOf(expected);
        if (policy == SchemaPolicy.RESCUE) {
          assertThat(column(result.root(), "id")).containsExactly("1", "2");
          assertThat(column(result.root(), ConformToTable.RESCUED)).containsExactly("{\"\":\"e\",\"ID\":\"I\"}", null);
          assertThat(result.deadLetters()).isEmpty();
        } else {
          assertThat(column(result.root(), "id")).as(policy.name()).containsExactly("2");
          assertThat(result.deadLetters()).extracting(DeadLetter::error).as(policy.name())
              .containsExactly("column '' cannot be a column: the name is empty");
        }
        TestRows.close(result);
      }
    }
  }

  @Test
  void aDottedNameThatIsANestedColumnsPathIsRefused(BufferAllocator allocator) {
    Schema table = new Schema(List.of(text("id"),
        new Field("a", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(text("b")))));
    try (VectorSchemaRoot input = batch(allocator, List.of("id", "a.b", "a.c"),
        new String[] {"1", "v", "w"}, new String[] {"2", null, "z"})) {
      Transform.Result result = new ConformToTable(SchemaPolicy.PERMISSIVE, 1000, allocator).apply(input, table);

      assertThat(result.root().getSchema().getFields()).extracting(Field::getName).containsExactly("id", "a.c");
      assertThat(column(result.root(), "id")).containsExactly("2");
      assertThat(result.deadLetters()).extracting(DeadLetter::error)
          .containsExactly("column 'a.b' cannot be added: its dotted path is another column's");
      TestRows.close(result);
    }
  }

  @Test
  void columnsPastMaxColumnsAreNotAddedAndTheErrorNamesTheKey(BufferAllocator allocator) {
    Schema table = new Schema(List.of(text("id"), text("n")));
    try (VectorSchemaRoot input = batch(allocator, List.of("id", "n", "x", "y"),
        new String[] {"1", "2", "3", "4"}, new String[] {"5", "6", "7", null})) {
      Transform.Result result = new ConformToTable(SchemaPolicy.PERMISSIVE, 3, allocator).apply(input, table);

      assertThat(result.root().getSchema().getFields()).extracting(Field::getName).containsExactly("id", "n", "x");
      assertThat(column(result.root(), "x")).containsExactly("7");
      assertThat(result.deadLetters()).extracting(DeadLetter::error).containsExactly(
          "column 'y' cannot be added: the table would have more than processing.max_columns (3) fields");
      TestRows.close(result);
    }
  }

  @Test
  void aStructMemberWithAnEmptyNameRefusesTheRowsOfItsColumn(BufferAllocator allocator) {
    Schema table = new Schema(List.of(text("id"),
        new Field("a", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(text("b")))));
    Field drifted = new Field("a", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(text("b"), text("")));
    try (VectorSchemaRoot input = VectorSchemaRoot.create(new Schema(List.of(text("id"), drifted)), allocator)) {
      input.allocateNew();
      ((VarCharVector) input.getVector("id")).setSafe(0, "1".getBytes(StandardCharsets.UTF_8));
      org.apache.arrow.vector.complex.StructVector a = (org.apache.arrow.vector.complex.StructVector) input.getVector("a");
      a.setIndexDefined(0);
      ((VarCharVector) a.getChild("b")).setSafe(0, "v".getBytes(StandardCharsets.UTF_8));
      ((VarCharVector) a.getChild("")).setSafe(0, "w".getBytes(StandardCharsets.UTF_8));
      ((VarCharVector) input.getVector("id")).setSafe(1, "2".getBytes(StandardCharsets.UTF_8));
      a.setNull(1);
      input.setRowCount(2);

      Transform.Result result = new ConformToTable(SchemaPolicy.PERMISSIVE, 1000, allocator).apply(input, table);

      assertThat(column(result.root(), "id")).containsExactly("2");
      assertThat(result.deadLetters()).extracting(DeadLetter::error)
          .containsExactly("column 'a.' cannot be a column: the name is empty");
      TestRows.close(result);
    }
  }
}
