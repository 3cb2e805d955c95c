package dev.logpro.formats.protobuf;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;

/**
 * Reads one message's fields, in whatever order they come, into the columns of its fields (the row's vectors or a
 * struct's children); fields it does not know are skipped, as protobuf parsers do.
 */
final class MessageReader {
  private final ProtoColumn[] byNumber;
  private final ProtoColumn[] columns;
  private final boolean[] seen;
  private final int[] ordinal;

  private MessageReader(Descriptor message, List<FieldVector> vectors) {
    List<FieldDescriptor> fields = message.getFields();
    int max = 0;
    for (FieldDescriptor f : fields) {
      max = Math.max(max, f.getNumber());
    }
    if (max > 1 << 16) {
      throw new IllegalArgumentException("message " + message.getFullName() + ": field numbers above 65536 are not"
          + " supported");
    }
    byNumber = new ProtoColumn[max + 1];
    ordinal = new int[max + 1];
    columns = new ProtoColumn[fields.size()];
    seen = new boolean[fields.size()];
    for (int i = 0; i < fields.size(); i++) {
      FieldDescriptor f = fields.get(i);
      columns[i] = ProtoColumn.of(f, vectors.get(i));
      byNumber[f.getNumber()] = columns[i];
      ordinal[f.getNumber()] = i;
    }
  }

  static MessageReader of(Descriptor message, StructVector struct) {
    return new MessageReader(message, struct.getChildrenFromFields());
  }

  static MessageReader of(Descriptor message, VectorSchemaRoot root) {
    return new MessageReader(message, root.getFieldVectors());
  }

  /** Reads the message in {@code in} (up to its end) into position {@code index}. */
  void read(ProtoInput in, int index) {
    java.util.Arrays.fill(seen, false);
    for (ProtoColumn column : columns) {
      column.begin(index);
    }
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int number = tag >>> 3;
      ProtoColumn column = number < byNumber.length ? byNumber[number] : null;
      if (column == null) {
        in.skip(tag);
      } else {
        column.read(in, tag & 7, index);
        seen[ordinal[number]] = true;
      }
    }
    for (int i = 0; i < columns.length; i++) {
      columns[i].end(index);
      if (!seen[i]) {
        columns[i].absent(index);
      }
    }
  }

  /** The whole message is absent (a null struct): each field as if not given. */
  void absent(int index) {
    for (ProtoColumn column : columns) {
      column.begin(index);
      column.end(index);
      column.absent(index);
    }
  }
}
