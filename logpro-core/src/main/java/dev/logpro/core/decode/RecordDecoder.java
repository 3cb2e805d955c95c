package dev.logpro.core.decode;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.DeadLetter;
import dev.logpro.api.Decoded;
import dev.logpro.api.Decoder;
import dev.logpro.api.RawMessage;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What the text decoders share: infer the schema from the first messages when no target schema is given, allocate a
 * batch sized from the previous ones, fill it record by record, and release it if anything goes wrong.
 */
abstract class RecordDecoder implements Decoder {
  private static final Schema NO_COLUMNS = new Schema(List.of());

  final ComponentContext context;
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
    VectorSchemaRoot root = VectorSchemaRoot.create(schema == null ? NO_COLUMNS : schema, context.allocator());
    long inputBytes = 0;
    for (RawMessage message : messages) {
      inputBytes += message.length();
    }
    try {
      capacity.allocate(root, inputBytes);
      List<DeadLetter> deadLetters = new ArrayList<>();
      int rows = decodeInto(root, messages, deadLetters);
      root.setRowCount(schema == null ? 0 : rows);
      capacity.learn(root, inputBytes);
      return new Decoded(root, deadLetters);
    } catch (RuntimeException | Error e) {
      root.close();
      throw e;
    }
  }

  /** Sets {@link #schema} from a sample of {@code messages}, or leaves it {@code null} if they hold no valid record. */
  abstract void infer(List<RawMessage> messages);

  /** Writes every good record of {@code messages} into {@code root}; returns how many rows it wrote. */
  abstract int decodeInto(VectorSchemaRoot root, List<RawMessage> messages, List<DeadLetter> deadLetters);
}
