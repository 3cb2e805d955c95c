package dev.logpro.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logpro.testkit.NoArrowLeaks;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Batches that carry more than the table has: new columns and wider types land with the data, in one commit. */
@ExtendWith(NoArrowLeaks.class)
class SchemaEvolutionTest extends SinkTestSupport {

  private static final Field ID32 = Field.nullable("id", new ArrowType.Int(32, true));
  private static final Field ID64 = Field.nullable("id", new ArrowType.Int(64, true));
  private static final Field NAME = Field.nullable("name", ArrowType.Utf8.INSTANCE);
  private static final Field SCORE =
      Field.nullable("score", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
  private static final Field CITY = Field.nullable("city", ArrowType.Utf8.INSTANCE);
  private static final Field ZIP = Field.nullable("zip", ArrowType.Utf8.INSTANCE);

  @Test
  void newColumnsAndWiderTypesAreCommittedWithTheRowsThatBringThem(BufferAllocator allocator) throws Exception {
    try (IcebergSink sink = open(allocator, List.of())) {
      write(sink, allocator, new Schema(List.of(ID32, NAME)), 0, 3);
      sink.commit(PIPELINE, positions("f", "3"));
      Table table = sink.table();
      int firstSchema = table.schema().schemaId();

      // Wider id, a new top-level column and a new struct: staged, the table unchanged until the commit.
      write(sink, allocator, new Schema(List.of(ID64, NAME, SCORE, address(CITY))), 3, 2);
      assertThat(sink.existingSchema().orElseThrow().findField("score")).isNotNull();
      table.refresh();
      assertThat(table.schema().findField("score")).isNull();
      assertThat(table.schema().findType("id")).isEqualTo(Types.IntegerType.get());

      // A later batch of the same commit adds a field inside the new struct.
      write(sink, allocator, new Schema(List.of(ID64, NAME, address(CITY, ZIP))), 5, 2);
      sink.commit(PIPELINE, positions("f", "7"));

      table.refresh();
      assertThat(table.schema().findType("id")).isEqualTo(Types.LongType.get());
      assertThat(table.schema().findType("score")).isEqualTo(Types.DoubleType.get());
      assertThat(table.schema().findType("address.zip")).isEqualTo(Types.StringType.get());
      Snapshot evolved = table.currentSnapshot();
      assertThat(evolved.schemaId()).isEqualTo(table.schema().schemaId()).isNotEqualTo(firstSchema);
      assertThat(table.history()).hasSize(2);

      List<Record> rows = readAll(table);
      rows.sort(Comparator.comparingLong(r -> (Long) r.getField("id")));
      assertThat(rows).hasSize(7);
      assertThat(rows.get(0).getField("id")).isEqualTo(0L);
      assertThat(rows.get(0).getField("score")).isNull();
      assertThat(rows.get(0).getField("address")).isNull();
      assertThat(rows.get(3).getField("score")).isEqualTo(3.5);
      Record address3 = (Record) rows.get(3).getField("address");
      assertThat(address3.getField("city")).isEqualTo("city-3");
      assertThat(address3.getField("zip")).isNull();
      Record address6 = (Record) rows.get(6).getField("address");
      assertThat(address6.getField("zip")).isEqualTo("zip-6");
      assertThat(rows.get(6).getField("score")).isNull();
      assertThat(rows.get(6).getField("name")).isEqualTo("name-6");
    }
  }

  @Test
  void narrowerBatchesAreWrittenIntoWiderColumnsWithoutChangingTheTable(BufferAllocator allocator)
      throws Exception {
    try (IcebergSink sink = open(allocator, List.of())) {
      write(sink, allocator, new Schema(List.of(ID64, NAME)), 0, 2);
      write(sink, allocator, new Schema(List.of(ID32)), 2, 2);
      sink.commit(PIPELINE, positions("f", "4"));
      Table table = sink.table();
      assertThat(table.schemas()).hasSize(1);
      List<Record> rows = readAll(table);
      assertThat(rows).extracting(r -> r.getField("id")).containsExactlyInAnyOrder(0L, 1L, 2L, 3L);
      assertThat(rows).filteredOn(r -> (Long) r.getField("id") >= 2).extracting(r -> r.getField("name"))
          .containsOnlyNulls();
    }
  }

  @Test
  void aChangeIcebergDoesNotAllowIsRefusedAndNothingIsCommitted(BufferAllocator allocator) throws Exception {
    try (IcebergSink sink = open(allocator, List.of())) {
      write(sink, allocator, new Schema(List.of(ID64, NAME)), 0, 2);
      sink.commit(PIPELINE, positions("f", "2"));
      Schema nameAsNumber = new Schema(List.of(ID64, Field.nullable("name", new ArrowType.Int(64, true))));
      assertThatThrownBy(() -> write(sink, allocator, nameAsNumber, 2, 2))
          .hasMessageContaining("name");
      Table table = sink.table();
      table.refresh();
      assertThat(readAll(table)).hasSize(2);
      assertThat(table.schemas()).hasSize(1);
    }
  }

  @Test
  void aSchemaChangedByAnotherWriterMeanwhileRefusesTheCommit(BufferAllocator allocator) throws Exception {
    try (IcebergSink sink = open(allocator, List.of())) {
      write(sink, allocator, new Schema(List.of(ID64, NAME)), 0, 2);
      sink.commit(PIPELINE, positions("f", "2"));
      write(sink, allocator, new Schema(List.of(ID64, NAME, SCORE)), 2, 2);
      // Another writer adds a column of its own first: our staged "score" would get another field id.
      Table other = sink.table();
      other.refresh();
      other.updateSchema().addColumn("other", Types.StringType.get()).commit();
      assertThatThrownBy(() -> sink.commit(PIPELINE, positions("f", "4")))
          .hasMessageContaining("schema changed while this run was adding columns");
      other.refresh();
      assertThat(readAll(other)).hasSize(2);
      assertThat(other.schema().findField("score")).isNull();
    }
  }

  private static Field address(Field... children) {
    return new Field("address", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(children));
  }

  /** Rows {@code first..first+rows} of {@code schema}: id, name-i, score i+0.5, address city-i / zip-i. */
  private static void write(IcebergSink sink, BufferAllocator allocator, Schema schema, int first, int rows)
      throws Exception {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      for (FieldVector vector : root.getFieldVectors()) {
        vector.allocateNew();
        for (int i = 0; i < rows; i++) {
          fill(vector, i, first + i);
        }
        vector.setValueCount(rows);
      }
      root.setRowCount(rows);
      sink.write(root);
    }
  }

  private static void fill(FieldVector vector, int index, int id) {
    if (vector instanceof IntVector v) {
      v.setSafe(index, id);
    } else if (vector instanceof BigIntVector v) {
      v.setSafe(index, id);
    } else if (vector instanceof Float8Vector v) {
      v.setSafe(index, id + 0.5);
    } else if (vector instanceof VarCharVector v) {
      v.setSafe(index, (vector.getName() + "-" + id).getBytes(StandardCharsets.UTF_8));
    } else if (vector instanceof StructVector v) {
      for (FieldVector child : v.getChildrenFromFields()) {
        fill(child, index, id);
        child.setValueCount(index + 1);
      }
      v.setIndexDefined(index);
    } else {
      throw new IllegalArgumentException("No test values for " + vector.getField());
    }
  }
}
