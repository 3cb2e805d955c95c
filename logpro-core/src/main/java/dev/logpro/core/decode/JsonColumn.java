package dev.logpro.core.decode;

import dev.logpro.core.schema.ValueParser;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes JSON values from a {@link JsonTape} into one Arrow vector: scalars through a {@link TextColumn}, objects into
 * structs by key, arrays into lists. A row is {@link #check checked} whole before any of it is {@link #write written},
 * so a value that does not fit leaves nothing behind.
 */
abstract class JsonColumn {

  /** The column's path for error messages: {@code request.headers}. */
  final String path;

  private JsonColumn(String path) {
    this.path = path;
  }

  /** {@code null} if the value at {@code token} can be written here, else why not. */
  abstract String check(JsonTape tape, int token);

  /** Writes the value at {@code token} (already checked) at {@code index}. */
  abstract void write(JsonTape tape, int token, int index);

  abstract void writeNull(int index);

  /**
   * The single pass: parses the value starting at {@code pos} and writes it at {@code index} straight away, returning
   * the index after it; or -1 for a value this pass does not take (an escaped string, a value that does not fit, a
   * key not in the schema, invalid JSON), which may leave a partly written row at {@code index}. The caller then
   * parses the line again the full way, whose write at the same index replaces everything this one wrote.
   */
  abstract int direct(byte[] buf, int pos, int end, int index);

  /** {@link #direct} for the {@code null} literal at {@code pos}: a null at {@code index}. */
  final int directNull(byte[] buf, int pos, int end, int index) {
    int next = JsonScan.literal(buf, pos, end);
    if (next >= 0) {
      writeNull(index);
    }
    return next;
  }

  /** The keys objects in this column's values are expected to have, or {@code null} for a scalar column. */
  JsonParser.Keys keys() {
    return null;
  }

  /** Whether JSON can be written into a column of this field's type. */
  static boolean supports(Field field) {
    ArrowType type = field.getType();
    if (type instanceof ArrowType.Struct) {
      return !field.getChildren().isEmpty() && field.getChildren().stream().allMatch(JsonColumn::supports);
    } else if (type instanceof ArrowType.List) {
      return supports(field.getChildren().get(0));
    }
    return TextColumn.supports(type);
  }

  /**
   * Returns {@code target} if JSON can fill every column of it.
   *
   * @throws IllegalArgumentException naming the first column it cannot fill
   */
  static Schema checkSupported(Schema target) {
    for (Field field : target.getFields()) {
      if (!supports(field)) {
        throw new IllegalArgumentException("Cannot decode JSON into column " + field.getName() + ": type "
            + field.getType() + " is not supported (use int, long, float, double, boolean, date, timestamp, string,"
            + " or structs and lists of them)");
      }
    }
    return target;
  }

  /** The column writing into {@code vector} (of a {@link #supports supported} type). */
  static JsonColumn forVector(FieldVector vector, String path, ValueParser parser, JsonFields.Slots slots) {
    if (vector instanceof StructVector struct) {
      return new StructColumn(struct, path, parser, slots);
    } else if (vector instanceof ListVector list) {
      return new ListColumn(list, path, parser, slots);
    }
    return new ScalarColumn(TextColumn.forVector(vector, parser, true), path);
  }

  static final class ScalarColumn extends JsonColumn {
    private final TextColumn column;
    /** The token (and tape epoch) whose value {@link #column} holds: checking a row parsed it, writing reuses it. */
    private int heldToken = -1;
    private long heldEpoch = -1;

    ScalarColumn(TextColumn column, String path) {
      super(path);
      this.column = column;
    }

    @Override
    String check(JsonTape tape, int token) {
      byte kind = tape.kind(token);
      if (kind == JsonTape.NULL) {
        return null;
      }
      if ((kind == JsonTape.OBJECT || kind == JsonTape.ARRAY) && !column.holdsText()) {
        return "column " + path + ": cannot store " + JsonTape.kindName(kind) + " as " + column.typeName();
      }
      if (!column.accept(tape.bytes(token), tape.start(token), tape.length(token))) {
        heldToken = -1;
        return "column " + path + ": " + column.rejection(tape.bytes(token), tape.start(token), tape.length(token));
      }
      heldToken = token;
      heldEpoch = tape.epoch();
      return null;
    }

    @Override
    void write(JsonTape tape, int token, int index) {
      if (tape.kind(token) == JsonTape.NULL) {
        column.writeNull(index);
      } else {
        if (token != heldToken || tape.epoch() != heldEpoch) {
          column.accept(tape.bytes(token), tape.start(token), tape.length(token));
          heldToken = token;
          heldEpoch = tape.epoch();
        }
        column.write(index);
      }
    }

    @Override
    void writeNull(int index) {
      column.writeNull(index);
    }

    @Override
    int direct(byte[] buf, int pos, int end, int index) {
      byte c = buf[pos];
      int start = pos;
      int next;
      int length;
      if (c == '"') {
        next = JsonScan.string(buf, pos, end);
        start = pos + 1;
        length = next - 1 - start;
      } else if (JsonScan.startsNumber(c)) {
        next = JsonScan.number(buf, pos, end);
        length = next - pos;
      } else if (c == 'n') {
        return directNull(buf, pos, end, index);
      } else if (c == 't' || c == 'f') {
        next = JsonScan.literal(buf, pos, end);
        length = next - pos;
      } else {
        // An object or an array (the full path decides whether a text column takes its JSON), or not a value.
        return JsonScan.NONE;
      }
      return next >= 0 && column.put(buf, start, length, index) ? next : JsonScan.NONE;
    }
  }

  private static final class StructColumn extends JsonColumn {
    private final StructVector vector;
    private final JsonFields fields;

    StructColumn(StructVector vector, String path, ValueParser parser, JsonFields.Slots slots) {
      super(path);
      this.vector = vector;
      List<FieldVector> children = vector.getChildrenFromFields();
      JsonColumn[] columns = new JsonColumn[children.size()];
      for (int i = 0; i < columns.length; i++) {
        FieldVector child = children.get(i);
        columns[i] = forVector(child, path + "." + child.getName(), parser, slots);
      }
      String[] names = children.stream().map(FieldVector::getName).toArray(String[]::new);
      this.fields = new JsonFields(names, columns, slots);
    }

    @Override
    JsonParser.Keys keys() {
      return fields;
    }

    @Override
    String check(JsonTape tape, int token) {
      byte kind = tape.kind(token);
      if (kind == JsonTape.NULL) {
        return null;
      }
      if (kind != JsonTape.OBJECT) {
        return "column " + path + ": cannot store " + JsonTape.kindName(kind) + " as a struct";
      }
      return fields.check(tape, token);
    }

    @Override
    void write(JsonTape tape, int token, int index) {
      if (tape.kind(token) == JsonTape.NULL) {
        writeNull(index);
      } else {
        vector.setIndexDefined(index);
        fields.write(tape, token, index);
      }
    }

    @Override
    void writeNull(int index) {
      vector.setNull(index);
      fields.writeNulls(index);
    }

    @Override
    int direct(byte[] buf, int pos, int end, int index) {
      if (buf[pos] == 'n') {
        return directNull(buf, pos, end, index);
      }
      if (buf[pos] != '{') {
        return JsonScan.NONE;
      }
      vector.setIndexDefined(index);
      return fields.direct(buf, pos, end, index);
    }
  }

  private static final class ListColumn extends JsonColumn {
    private final ListVector vector;
    private final JsonColumn element;

    ListColumn(ListVector vector, String path, ValueParser parser, JsonFields.Slots slots) {
      super(path);
      this.vector = vector;
      this.element = forVector((FieldVector) vector.getDataVector(), path + "[]", parser, slots);
    }

    @Override
    JsonParser.Keys keys() {
      return element.keys();
    }

    @Override
    String check(JsonTape tape, int token) {
      byte kind = tape.kind(token);
      if (kind == JsonTape.NULL) {
        return null;
      }
      if (kind != JsonTape.ARRAY) {
        return "column " + path + ": cannot store " + JsonTape.kindName(kind) + " as a list";
      }
      for (int t = token + 1; t < tape.next(token); t = tape.next(t)) {
        String error = element.check(tape, t);
        if (error != null) {
          return error;
        }
      }
      return null;
    }

    @Override
    void write(JsonTape tape, int token, int index) {
      if (tape.kind(token) == JsonTape.NULL) {
        writeNull(index);
        return;
      }
      int start = vector.startNewValue(index);
      int size = 0;
      for (int t = token + 1; t < tape.next(token); t = tape.next(t)) {
        element.write(tape, t, start + size++);
      }
      vector.endValue(index, size);
    }

    @Override
    void writeNull(int index) {
      vector.setNull(index);
    }

    @Override
    int direct(byte[] buf, int pos, int end, int index) {
      if (buf[pos] == 'n') {
        return directNull(buf, pos, end, index);
      }
      if (buf[pos] != '[') {
        return JsonScan.NONE;
      }
      int start = vector.startNewValue(index);
      int size = 0;
      pos = JsonScan.whitespace(buf, pos + 1, end);
      if (pos < end && buf[pos] == ']') {
        vector.endValue(index, 0);
        return pos + 1;
      }
      while (pos < end) {
        pos = element.direct(buf, pos, end, start + size++);
        if (pos < 0) {
          return JsonScan.NONE;
        }
        pos = JsonScan.whitespace(buf, pos, end);
        if (pos < end && buf[pos] == ',') {
          pos = JsonScan.whitespace(buf, pos + 1, end);
        } else if (pos < end && buf[pos] == ']') {
          vector.endValue(index, size);
          return pos + 1;
        } else {
          return JsonScan.NONE;
        }
      }
      return JsonScan.NONE;
    }
  }
}
