package dev.logpro.core.decode;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.DeadLetter;
import dev.logpro.api.Decoded;
import dev.logpro.api.Decoder;
import dev.logpro.api.RawMessage;
import dev.logpro.core.schema.SchemaGrowth;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What the text decoders share: infer the schema from the first messages when no target schema is given, allocate a
 * batch sized from the previous ones, fill it record by record, and release it if anything goes wrong. When the
 * context allows the schema to grow ({@link ComponentContext#growSchema}), records that do not fit it widen it
 * ({@link SchemaGrowth}) and the chunk is decoded again, rather than becoming dead letters.
 */
abstract class RecordDecoder implements Decoder {
  private static final Schema NO_COLUMNS = new Schema(List.of());

  /** Why a record's field is not in the schema, when the reason is that the schema is full. */
  private static final String NOT_IN_SCHEMA = "is not in the table's schema";

  final ComponentContext context;
  /** Whether a field was left out of the schema because it reached {@link ComponentContext#maxColumns}. */
  private boolean full;
  private final CapacityPlanner capacity = new CapacityPlanner();
  Schema schema;

  RecordDecoder(ComponentContext context, Schema target) {
    this.context = context;
    this.schema = target;
  }

  @Override
  public final Schema schema() {
    return schema;
  }

  @Override
  public final Decoded decode(List<RawMessage> messages) {
    if (schema == null) {
      infer(messages);
    }
    long inputBytes = 0;
    for (RawMessage message : messages) {
      inputBytes += message.length();
    }
    List<DeadLetter> deadLetters = new ArrayList<>();
    List<RawMessage> misfits = new ArrayList<>();
    VectorSchemaRoot root = decodeAll(messages, inputBytes, deadLetters, misfits);
    if (misfits.isEmpty() || !context.growSchema() || schema == null) {
      return new Decoded(root, deadLetters);
    }
    Schema observed;
    try {
      observed = inferRecords(misfits);
    } catch (RuntimeException | Error e) {
      root.close();
      throw e;
    }
    Schema grown = observed == null ? schema : grow(schema, observed);
    if (grown.equals(schema)) {
      return new Decoded(root, deadLetters);
    }
    // The chunk is decoded again whole with the grown schema: simpler than converting the rows already written,
    // and it happens once per change of shape, not per record.
    root.close();
    schema = grown;
    schemaChanged();
    deadLetters.clear();
    misfits.clear();
    return new Decoded(decodeAll(messages, inputBytes, deadLetters, misfits), deadLetters);
  }

  private VectorSchemaRoot decodeAll(List<RawMessage> messages, long inputBytes, List<DeadLetter> deadLetters,
      List<RawMessage> misfits) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema == null ? NO_COLUMNS : schema, context.allocator());
    try {
      capacity.allocate(root, inputBytes);
      int rows = decodeInto(root, messages, deadLetters, misfits);
      for (FieldVector vector : root.getFieldVectors()) {
        forgetRowsFrom(vector, rows);
      }
      root.setRowCount(schema == null ? 0 : rows);
      capacity.learn(root, inputBytes);
      return root;
    } catch (RuntimeException | Error e) {
      root.close();
      throw e;
    }
  }

  /**
   * Makes a row written half way and not counted (the last one failed) invisible to lists too: it leaves a list's
   * last-set index past the row count, and Arrow takes the number of a list's elements from that index, not from the
   * count, so the elements vector would hold the failed row's elements after the last row's.
   */
  private static void forgetRowsFrom(FieldVector vector, int rows) {
    if (vector instanceof ListVector list) {
      if (list.getLastSet() >= rows) {
        list.setLastSet(rows - 1);
      }
      int elements = list.getLastSet() < 0 ? 0 : list.getElementEndIndex(list.getLastSet());
      forgetRowsFrom((FieldVector) list.getDataVector(), elements);
    } else if (vector instanceof StructVector struct) {
      for (FieldVector child : struct.getChildrenFromFields()) {
        forgetRowsFrom(child, rows);
      }
    }
  }

  /** Sets {@link #schema} from a sample of {@code messages}, or leaves it {@code null} if they hold no valid record. */
  private void infer(List<RawMessage> messages) {
    Schema inferred = inferFrom(messages, Math.max(1, context.inferSampleRows()));
    if (inferred != null) {
      schema = grow(NO_COLUMNS, inferred);
      schemaChanged();
    }
  }

  /** {@code current} grown by {@code observed}, within the names and the field count a table can take. */
  private Schema grow(Schema current, Schema observed) {
    SchemaGrowth.Grown grown = SchemaGrowth.grow(current, observed, context.maxColumns());
    if (grown.capped()) {
      full = true;
    }
    return grown.schema();
  }

  /** The schema of the first {@code limit} valid records of {@code messages}, or {@code null} if there are none. */
  abstract Schema inferFrom(List<RawMessage> messages, int limit);

  /** The schema of {@code records}, each a message holding exactly one record that did not fit ({@link #misfit}). */
  Schema inferRecords(List<RawMessage> records) {
    return inferFrom(records, Integer.MAX_VALUE);
  }

  /** Called after {@link #schema} changed: drop whatever was worked out for the old one. */
  void schemaChanged() {}

  /**
   * Writes every good record of {@code messages} into {@code root}; returns how many rows it wrote. A record that
   * is well-formed but does not fit the schema (a field it lacks, a value its column's type cannot take) becomes a
   * dead letter through {@link #misfit}, so that a decoder allowed to grow its schema can take it after all.
   */
  abstract int decodeInto(VectorSchemaRoot root, List<RawMessage> messages, List<DeadLetter> deadLetters,
      List<RawMessage> misfits);

  /** The error for a record with a field the schema does not have. */
  static String notInSchema(String what) {
    return what + " " + NOT_IN_SCHEMA;
  }

  /** Records bytes {@code [from, to)} of {@code message} as a record that does not fit the schema. */
  void misfit(RawMessage message, int from, int to, String error, List<DeadLetter> deadLetters,
      List<RawMessage> misfits) {
    if (full && error.endsWith(NOT_IN_SCHEMA)) {
      error += " and no column is added: the schema has reached processing.max_columns (" + context.maxColumns()
          + " fields)";
    }
    deadLetters.add(DeadLetters.of(message, from, to, error));
    misfits.add(new RawMessage(message.data(), from, to - from, message.source(),
        message.sourceOffset() + (from - message.offset()), message.position(), message.timestampMillis(),
        message.key(), message.headers()));
  }
}
