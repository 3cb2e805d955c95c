package dev.logpro.core.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * How a decoder's schema grows when records arrive that it cannot hold: a key or column it has never seen, or a value
 * its column's type cannot take. The schema observed on just those records is merged into the current one by name.
 *
 * <ul>
 *   <li>A field only the records have is added after the existing ones (inside structs too).
 *   <li>Two types inference chooses between ({@link ColumnType}) widen the way inference does: int64 and float64 to
 *       float64, a date and a timestamp to the timestamp, any other pair to string.
 *   <li>Any other difference (a table's int32 or decimal column meeting text, a struct meeting a number) makes the
 *       field a string holding the value's text: it can hold whatever came, and what to do with a value the table's
 *       type cannot take is then the schema policy's call, not the decoder's.
 * </ul>
 */
public final class SchemaGrowth {

  private SchemaGrowth() {}

  /** {@code current} grown to also hold what {@code observed} describes. */
  public static Schema grow(Schema current, Schema observed) {
    return new Schema(merge(current.getFields(), observed.getFields()), current.getCustomMetadata());
  }

  private static List<Field> merge(List<Field> current, List<Field> observed) {
    Map<String, Field> seen = new LinkedHashMap<>();
    for (Field field : observed) {
      seen.put(field.getName(), field);
    }
    List<Field> merged = new ArrayList<>(current.size() + observed.size());
    for (Field field : current) {
      Field other = seen.remove(field.getName());
      merged.add(other == null ? field : merge(field, other));
    }
    merged.addAll(seen.values());
    return merged;
  }

  private static Field merge(Field current, Field observed) {
    ArrowType a = current.getType();
    ArrowType b = observed.getType();
    boolean nested = a instanceof ArrowType.Struct || a instanceof ArrowType.List;
    if (a.equals(b)) {
      if (!nested) {
        return current;
      }
      return new Field(current.getName(), current.getFieldType(), merge(current.getChildren(), observed.getChildren()));
    }
    ColumnType x = ColumnType.of(a);
    ColumnType y = ColumnType.of(b);
    ArrowType wider = x != null && y != null ? ColumnType.widen(x, y).arrowType() : ArrowType.Utf8.INSTANCE;
    return new Field(current.getName(), new FieldType(true, wider, null, current.getMetadata()), null);
  }
}
