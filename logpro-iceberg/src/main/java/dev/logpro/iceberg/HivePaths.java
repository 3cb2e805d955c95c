package dev.logpro.iceberg;

import java.util.List;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.types.Types;

/**
 * Hive-style partition directories, {@code field=value/field=value}, as Hive, Spark, DuckDB and Trino read them:
 * values in their human form ({@code 2026-01-02} for {@code day(ts)}), the characters Hive escapes written as
 * {@code %XX}, and a null or empty value as {@code __HIVE_DEFAULT_PARTITION__}. Iceberg's own
 * {@code PartitionSpec.partitionToPath} URL-encodes instead (a space becomes {@code +}), which Hive readers do not
 * decode.
 */
final class HivePaths {

  static final String DEFAULT_PARTITION = "__HIVE_DEFAULT_PARTITION__";
  private static final String SPECIAL = "\"#%'*/:=?\\{[]^";

  private HivePaths() {}

  /** The relative directory of {@code partition} under {@code spec}. */
  static String of(PartitionSpec spec, StructLike partition) {
    List<Types.NestedField> types = spec.partitionType().fields();
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < spec.fields().size(); i++) {
      PartitionField field = spec.fields().get(i);
      Object value = partition.get(i, Object.class);
      String human = value == null ? null : transformToHuman(field, types.get(i), value);
      if (i > 0) {
        path.append('/');
      }
      path.append(escape(field.name())).append('=')
          .append(human == null || human.isEmpty() ? DEFAULT_PARTITION : escape(human));
    }
    return path.toString();
  }

  @SuppressWarnings("unchecked")
  private static String transformToHuman(PartitionField field, Types.NestedField type, Object value) {
    return ((org.apache.iceberg.transforms.Transform<Object, Object>) field.transform())
        .toHumanString(type.type(), value);
  }

  /**
   * Escapes what Hive's {@code FileUtils.escapePathName} escapes: control characters, DEL, and the characters of
   * {@link #SPECIAL}.
   */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7F || SPECIAL.indexOf(c) >= 0) {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
