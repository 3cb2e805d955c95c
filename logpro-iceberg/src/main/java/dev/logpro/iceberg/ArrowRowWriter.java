package dev.logpro.iceberg;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.FieldMetrics;
import org.apache.iceberg.Schema;
import org.apache.iceberg.parquet.ParquetValueWriter;
import org.apache.iceberg.parquet.TripleWriter;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;

/**
 * The {@link ParquetValueWriter} Iceberg's {@code Parquet.write} drives: one "row" is a {@link RowCursor} into the
 * batch the writer is bound to, and each column reads its Arrow vector at that index. Built from the Iceberg schema
 * and the Parquet schema Iceberg derived from it (field ids, names, levels), walked side by side.
 */
final class ArrowRowWriter implements ParquetValueWriter<RowCursor> {

  private final String[] names;
  private final ArrowWriter[] fields;
  private final List<TripleWriter<?>> columns;

  private ArrowRowWriter(List<String> names, List<ArrowWriter> fields) {
    this.names = names.toArray(new String[0]);
    this.fields = fields.toArray(new ArrowWriter[0]);
    List<TripleWriter<?>> all = new ArrayList<>();
    for (ArrowWriter field : fields) {
      all.addAll(field.columns());
    }
    this.columns = List.copyOf(all);
  }

  static ArrowRowWriter create(Schema schema, MessageType parquet) {
    List<String> names = new ArrayList<>();
    List<ArrowWriter> writers = new ArrayList<>();
    List<Types.NestedField> columns = schema.columns();
    for (int i = 0; i < columns.size(); i++) {
      Types.NestedField field = columns.get(i);
      names.add(field.name());
      writers.add(new Builder(parquet).field(field, parquet, i, new String[0]));
    }
    return new ArrowRowWriter(names, writers);
  }

  /** Points every column at its vector in {@code root}, found by name; a missing column is written as nulls. */
  void bind(VectorSchemaRoot root) {
    for (int i = 0; i < fields.length; i++) {
      fields[i].bind(root == null ? null : root.getVector(names[i]));
    }
  }

  @Override
  public void write(int repetitionLevel, RowCursor cursor) {
    int row = cursor.row;
    for (ArrowWriter field : fields) {
      field.write(repetitionLevel, row);
    }
  }

  @Override
  public List<TripleWriter<?>> columns() {
    return columns;
  }

  @Override
  public void setColumnStore(ColumnWriteStore store) {
    for (ArrowWriter field : fields) {
      field.setColumnStore(store);
    }
  }

  @Override
  public Stream<FieldMetrics<?>> metrics() {
    return Stream.of(fields).flatMap(ArrowWriter::metrics);
  }

  /** Walks an Iceberg type and its Parquet counterpart together, reading levels from the message type. */
  private record Builder(MessageType message) {

    ArrowWriter field(Types.NestedField field, GroupType parent, int position, String[] parentPath) {
      org.apache.parquet.schema.Type parquet = parent.getType(position);
      String[] path = append(parentPath, parquet.getName());
      ArrowWriter value = value(field.type(), parquet, path);
      return field.isOptional()
          ? new ArrowWriter.Optional(field.name(), message.getMaxDefinitionLevel(path), value)
          : new ArrowWriter.Required(field.name(), value);
    }

    private ArrowWriter value(Type type, org.apache.parquet.schema.Type parquet, String[] path) {
      if (type.isPrimitiveType()) {
        return LeafWriters.forType(type.asPrimitiveType(), message.getColumnDescription(path));
      }
      GroupType group = parquet.asGroupType();
      switch (type.typeId()) {
        case STRUCT -> {
          List<Types.NestedField> fields = type.asStructType().fields();
          List<String> names = new ArrayList<>();
          List<ArrowWriter> writers = new ArrayList<>();
          for (int i = 0; i < fields.size(); i++) {
            names.add(fields.get(i).name());
            writers.add(field(fields.get(i), group, i, path));
          }
          return new ArrowWriter.Struct(names, writers);
        }
        case LIST -> {
          GroupType repeated = group.getType(0).asGroupType();
          String[] repeatedPath = append(path, repeated.getName());
          ArrowWriter element = field(type.asListType().fields().get(0), repeated, 0, repeatedPath);
          return repeated(repeatedPath, element);
        }
        case MAP -> {
          GroupType repeated = group.getType(0).asGroupType();
          String[] repeatedPath = append(path, repeated.getName());
          List<Types.NestedField> kv = type.asMapType().fields();
          ArrowWriter key = field(kv.get(0), repeated, 0, repeatedPath);
          ArrowWriter value = field(kv.get(1), repeated, 1, repeatedPath);
          return repeated(repeatedPath, new ArrowWriter.Entry(key, value));
        }
        default -> throw new IllegalArgumentException("Cannot write Iceberg type " + type);
      }
    }

    private ArrowWriter repeated(String[] repeatedPath, ArrowWriter element) {
      return new ArrowWriter.Repeated(
          message.getMaxDefinitionLevel(repeatedPath), message.getMaxRepetitionLevel(repeatedPath), element);
    }

    private static String[] append(String[] path, String name) {
      String[] out = java.util.Arrays.copyOf(path, path.length + 1);
      out[path.length] = name;
      return out;
    }
  }
}
