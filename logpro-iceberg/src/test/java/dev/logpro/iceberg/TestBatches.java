package dev.logpro.iceberg;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Arrow batches built by hand with every supported type, nulls and nesting. Row {@code i} of a batch starting at
 * {@code first} holds the values of {@link #expected} for id {@code first + i}.
 */
final class TestBatches {

  static final long BASE_MICROS = 1_700_000_000_000_000L; // 2023-11-14T22:13:20Z
  static final long HOUR_MICROS = 3_600_000_000L;

  private TestBatches() {}

  static Schema schema() {
    return new Schema(List.of(
        field("id", new ArrowType.Int(64, true)),
        field("i32", new ArrowType.Int(32, true)),
        field("f64", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
        field("f32", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
        field("flag", ArrowType.Bool.INSTANCE),
        field("name", ArrowType.Utf8.INSTANCE),
        field("day", new ArrowType.Date(DateUnit.DAY)),
        field("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
        field("tstz", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
        field("dec_small", new ArrowType.Decimal(5, 1, 128)),
        field("dec", new ArrowType.Decimal(12, 2, 128)),
        field("dec_big", new ArrowType.Decimal(30, 4, 128)),
        field("bin", ArrowType.Binary.INSTANCE),
        new Field("point", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(
            field("x", new ArrowType.Int(32, true)), field("label", ArrowType.Utf8.INSTANCE))),
        new Field("tags", FieldType.nullable(ArrowType.List.INSTANCE), List.of(
            field("element", ArrowType.Utf8.INSTANCE))),
        new Field("attrs", FieldType.nullable(new ArrowType.Map(false)), List.of(
            new Field("entries", FieldType.notNullable(ArrowType.Struct.INSTANCE), List.of(
                new Field("key", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
                field("value", new ArrowType.Int(64, true))))))));
  }

  private static Field field(String name, ArrowType type) {
    return new Field(name, FieldType.nullable(type), null);
  }

  /** Which columns are null in row {@code id}: each column has its own period so all mixes appear. */
  static boolean isNull(long id, int column) {
    return id % (column + 3) == 1;
  }

  static VectorSchemaRoot batch(BufferAllocator allocator, long first, int rows) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema(), allocator);
    root.allocateNew();
    for (int row = 0; row < rows; row++) {
      final int r = row;
      final long id = first + r;
      ((BigIntVector) root.getVector("id")).setSafe(r, id);
      setOrNull(root, "i32", r, id, 1, () -> ((IntVector) root.getVector("i32")).setSafe(r, (int) (id * 3)));
      setOrNull(root, "f64", r, id, 2, () -> ((Float8Vector) root.getVector("f64")).setSafe(r, id * 0.5));
      setOrNull(root, "f32", r, id, 3, () -> ((Float4Vector) root.getVector("f32")).setSafe(r, id * 0.25f));
      setOrNull(root, "flag", r, id, 4, () -> ((BitVector) root.getVector("flag")).setSafe(r, id % 2 == 0 ? 1 : 0));
      setOrNull(root, "name", r, id, 5, () -> ((VarCharVector) root.getVector("name")).setSafe(r, utf8(name(id))));
      setOrNull(root, "day", r, id, 6, () -> ((DateDayVector) root.getVector("day")).setSafe(r, (int) (19000 + id)));
      setOrNull(root, "ts", r, id, 7, () -> ((TimeStampMicroVector) root.getVector("ts")).setSafe(r, ts(id)));
      setOrNull(root, "tstz", r, id, 8, () -> ((TimeStampMicroTZVector) root.getVector("tstz")).setSafe(r, ts(id)));
      setOrNull(root, "dec_small", r, id, 9,
          () -> ((DecimalVector) root.getVector("dec_small")).setSafe(r, decSmall(id)));
      setOrNull(root, "dec", r, id, 10, () -> ((DecimalVector) root.getVector("dec")).setSafe(r, dec(id)));
      setOrNull(root, "dec_big", r, id, 11, () -> ((DecimalVector) root.getVector("dec_big")).setSafe(r, decBig(id)));
      setOrNull(root, "bin", r, id, 12, () -> ((VarBinaryVector) root.getVector("bin")).setSafe(r, bytes(id)));
      StructVector point = (StructVector) root.getVector("point");
      if (isNull(id, 13)) {
        point.setNull(r);
      } else {
        point.setIndexDefined(r);
        IntVector x = (IntVector) point.getChild("x");
        VarCharVector label = (VarCharVector) point.getChild("label");
        if (id % 4 == 0) {
          x.setNull(r);
        } else {
          x.setSafe(r, (int) -id);
        }
        label.setSafe(r, utf8("p" + id));
      }
      ListVector tags = (ListVector) root.getVector("tags");
      if (isNull(id, 14)) {
        tags.setNull(r);
      } else {
        int start = tags.startNewValue(r);
        VarCharVector elements = (VarCharVector) tags.getDataVector();
        int n = (int) (id % 4);
        for (int k = 0; k < n; k++) {
          if (k == 1 && id % 3 == 0) {
            elements.setNull(start + k);
          } else {
            elements.setSafe(start + k, utf8("t" + k));
          }
        }
        tags.endValue(r, n);
      }
      MapVector attrs = (MapVector) root.getVector("attrs");
      if (isNull(id, 15)) {
        attrs.setNull(r);
      } else {
        int start = attrs.startNewValue(r);
        StructVector entries = (StructVector) attrs.getDataVector();
        VarCharVector keys = (VarCharVector) entries.getChildByOrdinal(0);
        BigIntVector values = (BigIntVector) entries.getChildByOrdinal(1);
        int n = (int) (id % 3);
        for (int k = 0; k < n; k++) {
          entries.setIndexDefined(start + k);
          keys.setSafe(start + k, utf8("k" + k));
          if (k == 1) {
            values.setNull(start + k);
          } else {
            values.setSafe(start + k, id * 10 + k);
          }
        }
        attrs.endValue(r, n);
      }
    }
    root.setRowCount(rows);
    return root;
  }

  private static void setOrNull(VectorSchemaRoot root, String column, int r, long id, int index, Runnable set) {
    if (isNull(id, index)) {
      root.getVector(column).setNull(r);
    } else {
      set.run();
    }
  }

  static String name(long id) {
    return "name-" + (id % 50) + "-é";
  }

  static long ts(long id) {
    return BASE_MICROS + id * HOUR_MICROS;
  }

  static BigDecimal decSmall(long id) {
    return BigDecimal.valueOf(id % 9999 - 5000, 1);
  }

  static BigDecimal dec(long id) {
    return BigDecimal.valueOf(id * 101 - 77_777, 2);
  }

  static BigDecimal decBig(long id) {
    return new BigDecimal("123456789012345678901234." + String.format("%04d", id % 10000)).negate();
  }

  static byte[] bytes(long id) {
    return new byte[] {(byte) id, (byte) (id >> 8), 0, -1};
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
