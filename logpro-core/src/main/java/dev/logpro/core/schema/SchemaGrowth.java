package dev.logpro.core.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * How a decoder's schema grows when records arrive that it cannot hold: a key or column it has never seen, or a value
 * its column's type cannot take. The schema observed on just those records is merged into the current one by name.
 *
 * <ul>
 *   <li>A field only the records have is added after the existing ones (inside structs too), unless its name cannot
 *       be a column ({@link ColumnNames}) or the schema already holds {@code maxFields} fields, counted at every
 *       nesting level ({@code processing.max_columns}). Such a field is left out, so the records that carry it stay
 *       dead letters rather than widen the table without bound.
 *   <li>Two types inference chooses between ({@link ColumnType}) widen the way inference does: int64 and float64 to
 *       float64, a date and a timestamp to the timestamp, any other pair to string.
 *   <li>Any other difference (a table's int32 or decimal column meeting text, a struct meeting a number) makes the
 *       field a string holding the value's text: it can hold whatever came, and what to do with a value the table's
 *       type cannot take is then the schema policy's call, not the decoder's.
 * </ul>
 */
public final class SchemaGrowth {
  private final int maxFields;
  private int fields;
  private Set<String> paths;
  private boolean capped;

  private SchemaGrowth(int maxFields) {
    this.maxFields = maxFields;
  }

  /** What grew: the schema, and whether a new field was left out because the schema was full. */
  public record Grown(Schema schema, boolean capped) {}

  /** {@code current} grown to also hold what {@code observed} describes, with at most {@code maxFields} fields. */
  public static Grown grow(Schema current, Schema observed, int maxFields) {
    SchemaGrowth growth = new SchemaGrowth(maxFields);
    growth.fields = ColumnNames.count(current.getFields());
    growth.paths = ColumnNames.paths(current.getFields());
    List<Field> merged = growth.merge("", current.getFields(), observed.getFields());
    return new Grown(new Schema(merged, current.getCustomMetadata()), growth.capped);
  }

  private List<Field> merge(String prefix, List<Field> current, List<Field> observed) {
    Map<String, Field> seen = new LinkedHashMap<>();
    for (Field field : observed) {
      seen.put(field.getName(), field);
    }
    List<Field> merged = new ArrayList<>(current.size() + observed.size());
    for (Field field : current) {
      Field other = seen.remove(field.getName());
      merged.add(other == null ? field : merge(prefix, field, other));
    }
    for (Field field : seen.values()) {
      if (ColumnNames.problem(field.getName(), merged) != null) {
        continue;
      }
      Set<String> own = new HashSet<>();
      Field clean = clean(prefix, field, own);
      if (clean == null) {
        continue;
      }
      int size = ColumnNames.count(List.of(clean));
      if (fields + size > maxFields) {
        capped = true;
      } else if (Collections.disjoint(own, paths)) {
        paths.addAll(own);
        fields += size;
        merged.add(clean);
      }
    }
    return merged;
  }

  private Field merge(String prefix, Field current, Field observed) {
    ArrowType a = current.getType();
    ArrowType b = observed.getType();
    if (a.equals(b)) {
      String path = prefix + lower(current.getName()) + ".";
      if (a instanceof ArrowType.Struct) {
        return new Field(current.getName(), current.getFieldType(),
            merge(path, current.getChildren(), observed.getChildren()));
      }
      if (a instanceof ArrowType.List) {
        Field element = merge(path, current.getChildren().get(0), observed.getChildren().get(0));
        return new Field(current.getName(), current.getFieldType(), List.of(element));
      }
      return current;
    }
    ColumnType x = ColumnType.of(a);
    ColumnType y = ColumnType.of(b);
    ArrowType wider = x != null && y != null ? ColumnType.widen(x, y).arrowType() : ArrowType.Utf8.INSTANCE;
    return new Field(current.getName(), new FieldType(true, wider, null, current.getMetadata()), null);
  }

  /**
   * A new field without the members, at any depth, whose names cannot be columns or whose paths repeat one already
   * in it, or {@code null} when that leaves a struct with no member; its paths are added to {@code own}.
   */
  private static Field clean(String prefix, Field field, Set<String> own) {
    String path = prefix + lower(field.getName());
    own.add(path);
    if (field.getChildren().isEmpty()) {
      return field;
    }
    if (field.getType() instanceof ArrowType.List) {
      Field element = clean(path + ".", field.getChildren().get(0), own);
      return element == null ? null : new Field(field.getName(), field.getFieldType(), List.of(element));
    }
    List<Field> kept = new ArrayList<>(field.getChildren().size());
    for (Field child : field.getChildren()) {
      if (ColumnNames.problem(child.getName(), kept) == null && !own.contains(path + "." + lower(child.getName()))) {
        Set<String> childPaths = new HashSet<>();
        Field cleaned = clean(path + ".", child, childPaths);
        if (cleaned != null && Collections.disjoint(childPaths, own)) {
          own.addAll(childPaths);
          kept.add(cleaned);
        }
      }
    }
    if (kept.isEmpty()) {
      return null; // every member's name was refused: so is the struct, and the records holding it stay misfits
    }
    return new Field(field.getName(), field.getFieldType(), kept);
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
