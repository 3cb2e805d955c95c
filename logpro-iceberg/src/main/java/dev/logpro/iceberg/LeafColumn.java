package dev.logpro.iceberg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.PageWriteStore;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;

/**
 * One Parquet leaf column of a data file and everything that writes it: the chain of {@link ArrowWriter} steps from
 * its top-level Arrow vector down to its {@link LeafWriters.Leaf}, and a {@link ColumnWriteStore} of its own per
 * row group. A store per column (over a message type pruned to that column, so the descriptor, levels and page
 * writer are the file's own) makes each column independent of the others between row-group flushes: its values,
 * statistics, dictionary, page cuts and page compression all happen in whichever thread writes it.
 */
final class LeafColumn {

  private final String topLevelName;
  private final ArrowWriter top;
  private final LeafWriters.Leaf leaf;
  private final ColumnDescriptor descriptor;
  private final MessageType pruned;
  private final int cost;
  private ColumnWriteStore store;
  /** The batch the chain points into, to bind only when it changes. */
  private VectorSchemaRoot bound;

  private LeafColumn(String topLevelName, ArrowWriter top, LeafWriters.Leaf leaf, ColumnDescriptor descriptor,
      MessageType pruned, int cost) {
    this.topLevelName = topLevelName;
    this.top = top;
    this.leaf = leaf;
    this.descriptor = descriptor;
    this.pruned = pruned;
    this.cost = cost;
  }

  /** The leaf columns of {@code message} (Iceberg's Parquet form of {@code schema}), most expensive first. */
  static List<LeafColumn> of(Schema schema, MessageType message) {
    List<LeafColumn> leaves = new ArrayList<>();
    List<Types.NestedField> fields = schema.columns();
    for (int i = 0; i < fields.size(); i++) {
      Types.NestedField field = fields.get(i);
      for (ColumnDescriptor descriptor : message.getColumns()) {
        if (descriptor.getPath()[0].equals(message.getType(i).getName())) {
          ArrowWriter[] leaf = new ArrowWriter[1];
          ArrowWriter top = new Chain(message, descriptor.getPath(), leaf).field(field, message, i, 0);
          leaves.add(new LeafColumn(field.name(), top, (LeafWriters.Leaf) leaf[0], descriptor,
              prune(message, descriptor.getPath()), cost(descriptor)));
        }
      }
    }
    leaves.sort(Comparator.comparingInt((LeafColumn c) -> c.cost).reversed());
    return leaves;
  }

  /** Starts a row group: a fresh store over {@code pages} for this column. */
  void startRowGroup(ParquetProperties properties, PageWriteStore pages) {
    store = properties.newColumnWriteStore(pruned, pages);
    leaf.writeTo(store.getColumnWriter(descriptor));
  }

  /** Points the chain at {@code root}'s vector of this column, or at nothing ({@code null}). */
  void bind(VectorSchemaRoot root) {
    if (root != bound || root == null) {
      top.bind(root == null ? null : root.getVector(topLevelName));
      bound = root;
    }
  }

  /** Writes rows {@code rows[from..to)} of the bound batch, each ending one record of this column's store. */
  void write(int[] rows, int from, int to) {
    if (top instanceof ArrowWriter.Optional optional && optional.child == leaf && !optional.missing()) {
      leaf.writeTopLevel(rows, from, to, optional.validity(), store);
      return;
    }
    for (int i = from; i < to; i++) {
      top.write(0, rows[i]);
      store.endRecord();
    }
  }

  long bufferedSize() {
    return store == null ? 0 : store.getBufferedSize();
  }

  /** Writes the last page and the dictionary page of the row group into the page store. */
  void flushRowGroup() {
    store.flush();
    store.getColumnWriter(descriptor).close();
    store = null;
  }

  LeafWriters.Leaf leaf() {
    return leaf;
  }

  /** Binary columns cost most to encode, then 8-byte values, then the rest; nested ones a little more. */
  private static int cost(ColumnDescriptor descriptor) {
    int base = switch (descriptor.getPrimitiveType().getPrimitiveTypeName()) {
      case BINARY, FIXED_LEN_BYTE_ARRAY -> 4;
      case INT64, DOUBLE, INT96 -> 2;
      default -> 1;
    };
    return base * 2 + (descriptor.getMaxRepetitionLevel() > 0 ? 1 : 0);
  }

  /** {@code message} with only the groups on {@code path} and its leaf: same names, ids, levels and descriptor. */
  static MessageType prune(MessageType message, String[] path) {
    return new MessageType(message.getName(), prune(message, path, 0));
  }

  private static org.apache.parquet.schema.Type prune(GroupType group, String[] path, int depth) {
    org.apache.parquet.schema.Type type = group.getType(path[depth]);
    if (depth == path.length - 1) {
      return type;
    }
    GroupType inner = type.asGroupType();
    return inner.withNewFields(prune(inner, path, depth + 1));
  }

  /** Builds the chain of steps of one leaf, walking the Iceberg type and its Parquet counterpart together. */
  private record Chain(MessageType message, String[] leafPath, ArrowWriter[] leaf) {

    ArrowWriter field(Types.NestedField field, GroupType parent, int position, int depth) {
      org.apache.parquet.schema.Type parquet = parent.getType(position);
      String[] path = Arrays.copyOf(leafPath, depth + 1);
      ArrowWriter value = value(field.type(), parquet, depth);
      return field.isOptional()
          ? new ArrowWriter.Optional(message.getMaxDefinitionLevel(path), value)
          : new ArrowWriter.Required(field.name(), value);
    }

    private ArrowWriter value(Type type, org.apache.parquet.schema.Type parquet, int depth) {
      if (type.isPrimitiveType()) {
        ArrowWriter writer = LeafWriters.forType(type.asPrimitiveType(), message.getColumnDescription(leafPath));
        leaf[0] = writer;
        return writer;
      }
      GroupType group = parquet.asGroupType();
      String next = leafPath[depth + 1];
      switch (type.typeId()) {
        case STRUCT -> {
          int position = group.getFieldIndex(next);
          Types.NestedField member = type.asStructType().fields().get(position);
          return new ArrowWriter.Member(member.name(), field(member, group, position, depth + 1));
        }
        case LIST -> {
          GroupType repeated = group.getType(0).asGroupType();
          ArrowWriter element = field(type.asListType().fields().get(0), repeated, 0, depth + 2);
          return repeated(depth + 1, element);
        }
        case MAP -> {
          GroupType repeated = group.getType(0).asGroupType();
          int ordinal = repeated.getFieldIndex(leafPath[depth + 2]);
          ArrowWriter entry = field(type.asMapType().fields().get(ordinal), repeated, ordinal, depth + 2);
          return repeated(depth + 1, new ArrowWriter.Entry(ordinal, entry));
        }
        default -> throw new IllegalArgumentException("Cannot write Iceberg type " + type);
      }
    }

    private ArrowWriter repeated(int depth, ArrowWriter element) {
      String[] repeatedPath = Arrays.copyOf(leafPath, depth + 1);
      return new ArrowWriter.Repeated(
          message.getMaxDefinitionLevel(repeatedPath), message.getMaxRepetitionLevel(repeatedPath), element);
    }
  }
}
