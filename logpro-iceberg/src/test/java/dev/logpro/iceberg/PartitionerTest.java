package dev.logpro.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logpro.testkit.NoArrowLeaks;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The fast paths and the generic path agree with Iceberg's own transforms, row by row, nulls included. */
@ExtendWith(NoArrowLeaks.class)
class PartitionerTest {

  @Test
  void matchesIcebergTransforms(BufferAllocator allocator) {
    Schema arrow = new Schema(List.of(
        field("id", new ArrowType.Int(64, true)),
        field("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
        field("ts_ms", new ArrowType.Timestamp(TimeUnit.MILLISECOND, null)),
        field("d", new ArrowType.Date(DateUnit.DAY)),
        field("s", ArrowType.Utf8.INSTANCE)));
    org.apache.iceberg.Schema schema = ArrowSchemas.toIceberg(arrow);
    // Iceberg refuses two time transforms of one column in a spec, hence four specs
    for (List<String> entries : List.of(
        List.of("hour(ts)", "day(ts_ms)", "month(d)", "truncate[3](s)", "bucket[8](id)"),
        List.of("day(ts)", "hour(ts_ms)", "year(d)", "s", "truncate[10](id)"),
        List.of("month(ts)", "day(d)", "id"),
        List.of("year(ts)"))) {
      check(allocator, arrow, schema, PartitionSpecs.toSpec(PartitionSpecs.parse(entries), schema));
    }
  }

  private static void check(BufferAllocator allocator, Schema arrow, org.apache.iceberg.Schema schema,
      PartitionSpec spec) {
    int rows = 500;
    try (VectorSchemaRoot root = VectorSchemaRoot.create(arrow, allocator)) {
      root.allocateNew();
      long[] micros = new long[rows];
      for (int r = 0; r < rows; r++) {
        // before and after the epoch, to catch floor-versus-truncate mistakes
        micros[r] = (r - 250) * 7_777_777_777L + 123;
        if (r % 11 == 5) {
          for (var v : root.getFieldVectors()) {
            v.setNull(r);
          }
          continue;
        }
        ((BigIntVector) root.getVector("id")).setSafe(r, r * 31L - 4000);
        ((TimeStampMicroTZVector) root.getVector("ts")).setSafe(r, micros[r]);
        ((TimeStampMilliVector) root.getVector("ts_ms")).setSafe(r, Math.floorDiv(micros[r], 1000));
        ((DateDayVector) root.getVector("d")).setSafe(r, (int) Math.floorDiv(micros[r], 86_400_000_000L));
        ((VarCharVector) root.getVector("s")).setSafe(r, ("v" + r % 17 + "é").getBytes(StandardCharsets.UTF_8));
      }
      root.setRowCount(rows);

      Partitioner partitioner = new Partitioner(spec);
      partitioner.bind(root);
      Object[] values = new Object[spec.fields().size()];
      for (int r = 0; r < rows; r++) {
        partitioner.partition(r, values);
        for (int f = 0; f < values.length; f++) {
          PartitionField field = spec.fields().get(f);
          String column = schema.findColumnName(field.sourceId());
          assertThat(values[f]).as("row %d, %s", r, field).isEqualTo(expected(field, schema, root, column, r));
        }
      }
      partitioner.bind(null);
    }
  }

  @SuppressWarnings("unchecked")
  private static Object expected(
      PartitionField field, org.apache.iceberg.Schema schema, VectorSchemaRoot root, String column, int r) {
    var vector = root.getVector(column);
    if (vector.isNull(r)) {
      return null;
    }
    Object internal = switch (column) {
      case "id" -> ((BigIntVector) vector).get(r);
      case "ts" -> ((TimeStampMicroTZVector) vector).get(r);
      case "ts_ms" -> ((TimeStampMilliVector) vector).get(r) * 1000L;
      case "d" -> ((DateDayVector) vector).get(r);
      case "s" -> new String(((VarCharVector) vector).get(r), StandardCharsets.UTF_8);
      default -> throw new IllegalArgumentException(column);
    };
    var bound = (Function<Object, Object>) field.transform().bind(schema.findType(field.sourceId()));
    return bound.apply(internal);
  }

  private static Field field(String name, ArrowType type) {
    return new Field(name, FieldType.nullable(type), null);
  }
}
