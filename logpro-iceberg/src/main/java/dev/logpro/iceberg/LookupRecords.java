package dev.logpro.iceberg;

import dev.logpro.core.transform.LookupSource;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Turns the records of a lookup table, read with Iceberg's generic readers, into Arrow columns. Lookups are read once
 * at start-up, so a record at a time is fine here; only flat columns of scalar types are supported.
 */
final class LookupRecords {
  private LookupRecords() {}

  /**
   * Every record of {@code records} as one batch of {@code schema}'s columns.
   *
   * @throws IllegalArgumentException when a column is not a scalar, or there are more than {@code maxRows} records
   */
  static VectorSchemaRoot load(Schema schema, CloseableIterable<Record> records, LookupSource source,
      BufferAllocator allocator) throws Exception {
    List<Types.NestedField> columns = schema.columns();
    List<FieldVector> vectors = new ArrayList<>();
    try (records) {
      for (Types.NestedField column : columns) {
        FieldVector vector = new Field(column.name(), FieldType.nullable(arrowType(column, source)), null)
            .createVector(allocator);
        vectors.add(vector);
        vector.allocateNew();
      }
      int row = 0;
      for (Record record : records) {
        if (row >= source.maxRows()) {
          throw source.tooBig(-1);
        }
        for (int c = 0; c < columns.size(); c++) {
          Object value = record.get(c);
          if (value != null) {
            set(vectors.get(c), row, value);
          }
        }
        row++;
      }
      for (FieldVector vector : vectors) {
        vector.setValueCount(row);
      }
      VectorSchemaRoot root = new VectorSchemaRoot(vectors);
      root.setRowCount(row);
      return root;
    } catch (Exception | Error e) {
      AutoCloseables.close(vectors);
      throw e;
    }
  }

  private static ArrowType arrowType(Types.NestedField column, LookupSource source) {
    Type type = column.type();
    return switch (type.typeId()) {
      case BOOLEAN -> ArrowType.Bool.INSTANCE;
      case INTEGER -> new ArrowType.Int(32, true);
      case LONG -> new ArrowType.Int(64, true);
      case FLOAT -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case DATE -> new ArrowType.Date(DateUnit.DAY);
      case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MICROSECOND,
          ((Types.TimestampType) type).shouldAdjustToUTC() ? "UTC" : null);
      case STRING -> ArrowType.Utf8.INSTANCE;
      case DECIMAL -> new ArrowType.Decimal(((Types.DecimalType) type).precision(),
          ((Types.DecimalType) type).scale(), 128);
      default -> throw new IllegalArgumentException("lookup " + source.describe() + ": column " + column.name()
          + " has type " + type + "; lookups hold flat columns of scalar types");
    };
  }

  private static void set(FieldVector vector, int row, Object value) {
    if (vector instanceof BigIntVector v) {
      v.setSafe(row, ((Number) value).longValue());
    } else if (vector instanceof IntVector v) {
      v.setSafe(row, ((Number) value).intValue());
    } else if (vector instanceof Float8Vector v) {
      v.setSafe(row, ((Number) value).doubleValue());
    } else if (vector instanceof Float4Vector v) {
      v.setSafe(row, ((Number) value).floatValue());
    } else if (vector instanceof BitVector v) {
      v.setSafe(row, (Boolean) value ? 1 : 0);
    } else if (vector instanceof VarCharVector v) {
      byte[] bytes = value.toString().getBytes(StandardCharsets.UTF_8);
      v.setSafe(row, bytes, 0, bytes.length);
    } else if (vector instanceof DateDayVector v) {
      v.setSafe(row, (int) ((LocalDate) value).toEpochDay());
    } else if (vector instanceof TimeStampVector v) {
      java.time.Instant instant = value instanceof OffsetDateTime odt
          ? odt.toInstant()
          : ((LocalDateTime) value).toInstant(ZoneOffset.UTC);
      v.setSafe(row, instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000);
    } else if (vector instanceof DecimalVector v) {
      v.setSafe(row, (BigDecimal) value);
    }
  }
}
