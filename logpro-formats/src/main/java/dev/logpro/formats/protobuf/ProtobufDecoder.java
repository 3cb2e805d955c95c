package dev.logpro.formats.protobuf;

import com.google.protobuf.Descriptors.Descriptor;
import dev.logpro.api.ComponentContext;
import dev.logpro.api.DeadLetter;
import dev.logpro.api.Decoded;
import dev.logpro.api.Decoder;
import dev.logpro.api.RawMessage;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Decodes length-delimited protobuf messages of one type straight into Arrow vectors, field by field as they come on
 * the wire, with no message object per record. A message that does not parse as its type (bad wire data, a truncated
 * message, a string that is not UTF-8, a uint64 above the long range) is a dead letter holding its bytes (without
 * the length prefix) at the offset of that prefix, and the row it began is written over.
 */
final class ProtobufDecoder implements Decoder {
  private static final String STAGE = "decode";

  private final ComponentContext context;
  private final Descriptor message;
  private final Schema schema;

  ProtobufDecoder(ComponentContext context, Descriptor message) {
    this.context = context;
    this.message = message;
    Schema own = new Schema(ProtobufSchemas.fields(message));
    // When the schema may grow (schema_policy permissive or rescue) the message's own columns go on and the fit to
    // the table follows the policy after the transforms; strict keeps to the table's columns exactly.
    this.schema = context.growSchema() ? own : context.targetSchema().map(target -> fit(own, target)).orElse(own);
  }

  /** The table's schema when the message's columns fit it (nullability aside), else a clear error. */
  private static Schema fit(Schema own, Schema target) {
    List<Field> targetFields = target.getFields();
    List<Field> ownFields = own.getFields();
    if (ownFields.size() != targetFields.size()) {
      throw new IllegalArgumentException("Cannot decode protobuf into the table: its columns " + target
          + " are not the message's " + own);
    }
    for (int i = 0; i < ownFields.size(); i++) {
      if (!ownFields.get(i).getName().equals(targetFields.get(i).getName())
          || !sameTypes(ownFields.get(i), targetFields.get(i))) {
        throw new IllegalArgumentException("Cannot decode protobuf into the table: column "
            + targetFields.get(i) + " does not fit the message's field " + ownFields.get(i));
      }
    }
    return target;
  }

  private static boolean sameTypes(Field a, Field b) {
    if (!a.getType().equals(b.getType()) || a.getChildren().size() != b.getChildren().size()) {
      return false;
    }
    for (int i = 0; i < a.getChildren().size(); i++) {
      if (!sameTypes(a.getChildren().get(i), b.getChildren().get(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public Decoded decode(List<RawMessage> messages) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, context.allocator());
    try {
      root.allocateNew();
      MessageReader reader = MessageReader.of(message, root);
      List<DeadLetter> deadLetters = new ArrayList<>();
      int rows = 0;
      for (RawMessage raw : messages) {
        rows = decodeMessage(raw, reader, rows, deadLetters);
      }
      root.setRowCount(rows);
      return new Decoded(root, deadLetters);
    } catch (RuntimeException | Error e) {
      root.close();
      throw e;
    }
  }

  private int decodeMessage(RawMessage raw, MessageReader reader, int rows, List<DeadLetter> deadLetters) {
    byte[] data = raw.data();
    int end = raw.offset() + raw.length();
    int pos = raw.offset();
    while (pos < end) {
      long recordEnd = Delimited.recordEnd(data, pos, end);
      if (recordEnd < 0 || recordEnd > end) {
        deadLetters.add(deadLetter(raw, pos, pos, end, recordEnd == -2
            ? "the length prefix is not a varint of at most five bytes"
            : "the input ends inside a message (its length prefix says " + (recordEnd < 0 ? "more" : recordEnd - pos)
                + " bytes)"));
        return rows;
      }
      int bodyStart = bodyStart(data, pos);
      try {
        reader.read(new ProtoInput(data, bodyStart, (int) recordEnd), rows);
        rows++;
      } catch (OutOfMemoryException e) {
        throw e;
      } catch (RuntimeException e) {
        deadLetters.add(deadLetter(raw, pos, bodyStart, (int) recordEnd, "not a valid " + message.getFullName()
            + ": " + e.getMessage()));
      }
      pos = (int) recordEnd;
    }
    return rows;
  }

  private static int bodyStart(byte[] data, int pos) {
    while (data[pos] < 0) {
      pos++;
    }
    return pos + 1;
  }

  private static DeadLetter deadLetter(RawMessage raw, int recordStart, int from, int to, String error) {
    long position = raw.sourceOffset() + (recordStart - raw.offset());
    return new DeadLetter(raw.copyOfRange(from - raw.offset(), to - from), error, STAGE, raw.source(),
        String.valueOf(position), System.currentTimeMillis());
  }
}
