package dev.logpro.iceberg;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Function;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.util.DateTimeUtil;

/**
 * Computes the partition values of a row straight from the Arrow vectors: the time transforms on microsecond
 * timestamps and on dates read the raw buffers; other transforms go through Iceberg's own {@code Transform.bind}.
 */
final class Partitioner {

  private final Schema schema;
  private final List<PartitionField> fields;
  private final Evaluator[] evaluators;

  Partitioner(PartitionSpec spec) {
    this.schema = spec.schema();
    this.fields = spec.fields();
    this.evaluators = new Evaluator[fields.size()];
  }

  /** Points the evaluators at {@code root}'s source columns. */
  void bind(VectorSchemaRoot root) {
    for (int i = 0; i < evaluators.length; i++) {
      PartitionField field = fields.get(i);
      String column = schema.findColumnName(field.sourceId());
      Type type = schema.findType(field.sourceId());
      evaluators[i] = evaluator(field, type, root == null ? null : resolve(root, column));
    }
  }

  /** Writes the partition values of {@code row} into {@code values}, one per partition field. */
  void partition(int row, Object[] values) {
    for (int i = 0; i < evaluators.length; i++) {
      values[i] = evaluators[i].value(row);
    }
  }

  int size() {
    return evaluators.length;
  }

  @FunctionalInterface
  private interface Evaluator {
    Object value(int row);
  }

  @SuppressWarnings("unchecked")
  private static Evaluator evaluator(PartitionField field, Type type, ValueVector vector) {
    if (vector == null) {
      return row -> null;
    }
    String transform = field.transform().toString();
    if (vector instanceof TimeStampVector ts
        && ((ArrowType.Timestamp) ts.getField().getType()).getUnit() == TimeUnit.MICROSECOND) {
      switch (transform) {
        case "day" -> { return row -> ts.isNull(row) ? null : DateTimeUtil.microsToDays(ts.get(row)); }
        case "hour" -> { return row -> ts.isNull(row) ? null : DateTimeUtil.microsToHours(ts.get(row)); }
        case "month" -> { return row -> ts.isNull(row) ? null : DateTimeUtil.microsToMonths(ts.get(row)); }
        case "year" -> { return row -> ts.isNull(row) ? null : DateTimeUtil.microsToYears(ts.get(row)); }
        default -> { }
      }
    }
    if (vector instanceof DateDayVector dates) {
      switch (transform) {
        case "day" -> { return row -> dates.isNull(row) ? null : dates.get(row); }
        case "month" -> { return row -> dates.isNull(row) ? null : DateTimeUtil.daysToMonths(dates.get(row)); }
        case "year" -> { return row -> dates.isNull(row) ? null : DateTimeUtil.daysToYears(dates.get(row)); }
        default -> { }
      }
    }
    if (field.transform().isIdentity()) {
      return row -> value(vector, row, type);
    }
    Function<Object, Object> bound = (Function<Object, Object>) field.transform().bind(type);
    return row -> {
      Object value = value(vector, row, type);
      return value == null ? null : bound.apply(value);
    };
  }

  /** A column by its Iceberg name; nested names ({@code a.b}) go through struct children. */
  static ValueVector resolve(VectorSchemaRoot root, String column) {
    FieldVector top = root.getVector(column);
    if (top != null || !column.contains(".")) {
      return top;
    }
    String[] parts = column.split("\\.");
    ValueVector current = root.getVector(parts[0]);
    for (int i = 1; i < parts.length && current != null; i++) {
      current = current instanceof StructVector s ? s.getChild(parts[i]) : null;
    }
    return current;
  }

  /** The value at {@code row} in Iceberg's internal form (days, micros, CharSequence, ByteBuffer), or null. */
  static Object value(ValueVector vector, int row, Type type) {
    Object value = raw(vector, row);
    if (value instanceof Number n) {
      return switch (type.typeId()) {
        case INTEGER -> n.intValue();
        case LONG -> n.longValue();
        case FLOAT -> n.floatValue();
        case DOUBLE -> n.doubleValue();
        default -> value;
      };
    }
    return value;
  }

  private static Object raw(ValueVector vector, int row) {
    if (vector.isNull(row)) {
      return null;
    }
    if (vector instanceof TimeStampVector ts) {
      long raw = ts.get(row);
      return switch (((ArrowType.Timestamp) ts.getField().getType()).getUnit()) {
        case SECOND -> raw * 1_000_000L;
        case MILLISECOND -> raw * 1000L;
        case MICROSECOND -> raw;
        case NANOSECOND -> Math.floorDiv(raw, 1000L);
      };
    }
    if (vector instanceof DateDayVector d) {
      return d.get(row);
    }
    if (vector instanceof DateMilliVector d) {
      return (int) Math.floorDiv(d.get(row), 86_400_000L);
    }
    if (vector instanceof TimeMicroVector t) {
      return t.get(row);
    }
    if (vector instanceof TimeNanoVector t) {
      return t.get(row) / 1000L;
    }
    if (vector instanceof TimeMilliVector t) {
      return t.get(row) * 1000L;
    }
    if (vector instanceof TimeSecVector t) {
      return t.get(row) * 1_000_000L;
    }
    if (vector instanceof BaseIntVector ints) {
      return ints.getValueAsLong(row);
    }
    if (vector instanceof VarCharVector s) {
      return new String(s.get(row), java.nio.charset.StandardCharsets.UTF_8);
    }
    if (vector instanceof VarBinaryVector b) {
      return ByteBuffer.wrap(b.get(row));
    }
    if (vector instanceof BitVector b) {
      return b.get(row) != 0;
    }
    if (vector instanceof Float8Vector f) {
      return f.get(row);
    }
    if (vector instanceof Float4Vector f) {
      return f.get(row);
    }
    if (vector instanceof DecimalVector d) {
      return (BigDecimal) d.getObject(row);
    }
    Object value = vector.getObject(row);
    if (value instanceof byte[] bytes) {
      return ByteBuffer.wrap(bytes);
    }
    return value instanceof CharSequence ? value.toString() : value;
  }
}
