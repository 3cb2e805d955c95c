package dev.logpro.core.decode;

import dev.logpro.core.schema.ColumnNames;
import dev.logpro.core.schema.ValueParser;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The columns of an object (the row, or a struct): finds each key's column by comparing bytes, trying the column after
 * the last one found first since keys usually come in the same order. Keys not in the schema are ignored; a key given
 * twice keeps its last value.
 */
final class JsonFields implements JsonParser.Keys {

  /** A stack of per-object scratch slots (which token holds each column's value), shared by nested objects. */
  static final class Slots {
    private int[] values = new int[64];
    private int top;

    private int push(int count) {
      int base = top;
      top += count;
      if (top > values.length) {
        values = Arrays.copyOf(values, Math.max(values.length * 2, top));
      }
      Arrays.fill(values, base, top, -1);
      return base;
    }
  }

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final String[] columnNames;
  private final byte[][] names;
  /** Each name followed by the quote that closes it as a key, as {@link #match} compares it. */
  private final byte[][] quoted;
  /** Whether a name's bytes are its JSON key's bytes (no quote, backslash or control character to escape). */
  private final boolean[] plain;
  private final JsonColumn[] columns;
  private final Slots slots;
  private int predicted;
  /** For {@link #direct}: the object each column's key was last seen in, to find missing and repeated keys. */
  private final long[] seenIn;
  private long objects;

  JsonFields(String[] names, JsonColumn[] columns, Slots slots) {
    this.columnNames = names;
    this.names = new byte[names.length][];
    this.plain = new boolean[names.length];
    this.quoted = new byte[names.length][];
    for (int i = 0; i < names.length; i++) {
      this.names[i] = names[i].getBytes(StandardCharsets.UTF_8);
      this.quoted[i] = Arrays.copyOf(this.names[i], this.names[i].length + 1);
      this.quoted[i][this.names[i].length] = '"';
      this.plain[i] = isPlain(this.names[i]);
    }
    this.columns = columns;
    this.slots = slots;
    this.seenIn = new long[names.length];
  }

  /** The fields of a row: one column per vector of {@code root}, in order. */
  static JsonFields of(VectorSchemaRoot root, ValueParser values) {
    List<FieldVector> vectors = root.getFieldVectors();
    String[] names = new String[vectors.size()];
    JsonColumn[] columns = new JsonColumn[vectors.size()];
    Slots slots = new Slots();
    for (int c = 0; c < columns.length; c++) {
      names[c] = vectors.get(c).getName();
      columns[c] = JsonColumn.forVector(vectors.get(c), names[c], values, slots);
    }
    return new JsonFields(names, columns, slots);
  }

  /** {@code null} if every member of the object at {@code token} fits its column, else why not. */
  String check(JsonTape tape, int token) {
    for (int key = token + 1; key < tape.next(token); key = tape.next(key + 1)) {
      int column = tape.field(key);
      if (column == JsonTape.UNMATCHED) {
        column = find(tape, key);
        tape.field(key, column);
      }
      if (column < 0) {
        // A misfit: the decoder's schema grows to take it when the policy allows, else the row is a dead letter whole.
        String name = tape.text(key);
        String problem = ColumnNames.problem(name, columnNames);
        return problem != null
            ? "field " + ColumnNames.quoted(name) + " cannot be a column: " + problem
            : RecordDecoder.notInSchema("field " + ColumnNames.quoted(name));
      }
      JsonColumn target = columns[column];
      // Most columns are scalars: a direct call the JIT can inline, rather than one through three subclasses.
      String error = target instanceof JsonColumn.ScalarColumn scalar
          ? scalar.check(tape, key + 1) : target.check(tape, key + 1);
      if (error != null) {
        return error;
      }
    }
    return null;
  }

  /** Writes the object at {@code token} (already checked) at {@code index}: null for the columns it lacks. */
  void write(JsonTape tape, int token, int index) {
    int base = slots.push(columns.length);
    for (int key = token + 1; key < tape.next(token); key = tape.next(key + 1)) {
      int column = tape.field(key);
      if (column >= 0) {
        slots.values[base + column] = key + 1;
      }
    }
    for (int c = 0; c < columns.length; c++) {
      int value = slots.values[base + c];
      if (value < 0) {
        columns[c].writeNull(index);
      } else if (columns[c] instanceof JsonColumn.ScalarColumn scalar) {
        scalar.write(tape, value, index);
      } else {
        columns[c].write(tape, value, index);
      }
    }
    slots.top = base;
  }

  /**
   * {@link JsonColumn#direct The single pass} over the object at {@code pos} (its opening brace): each value is written
   * at {@code index} as its key is matched, then null for the columns the object lacks. A key not in the schema, or
   * given twice, is left to the full path.
   */
  int direct(byte[] buf, int pos, int end, int index) {
    long object = ++objects;
    pos = JsonScan.whitespace(buf, pos + 1, end);
    if (pos < end && buf[pos] == '}') {
      pos++;
    } else {
      int likely = 0;
      while (true) {
        if (pos >= end || buf[pos] != '"') {
          return JsonScan.NONE;
        }
        int column = match(buf, pos, end, likely);
        if (column < 0 || seenIn[column] == object) {
          return JsonScan.NONE;
        }
        seenIn[column] = object;
        likely = column + 1;
        pos = JsonScan.whitespace(buf, pos + quoted[column].length + 1, end);
        if (pos >= end || buf[pos] != ':') {
          return JsonScan.NONE;
        }
        pos = JsonScan.whitespace(buf, pos + 1, end);
        if (pos >= end) {
          return JsonScan.NONE;
        }
        JsonColumn target = columns[column];
        pos = target instanceof JsonColumn.ScalarColumn scalar
            ? scalar.direct(buf, pos, end, index) : target.direct(buf, pos, end, index);
        if (pos < 0) {
          return JsonScan.NONE;
        }
        pos = JsonScan.whitespace(buf, pos, end);
        if (pos < end && buf[pos] == ',') {
          pos = JsonScan.whitespace(buf, pos + 1, end);
        } else if (pos < end && buf[pos] == '}') {
          pos++;
          break;
        } else {
          return JsonScan.NONE;
        }
      }
    }
    for (int c = 0; c < columns.length; c++) {
      if (seenIn[c] != object) {
        columns[c].writeNull(index);
      }
    }
    return pos;
  }

  void writeNulls(int index) {
    for (JsonColumn column : columns) {
      column.writeNull(index);
    }
  }

  @Override
  public int match(byte[] buf, int quote, int end, int likely) {
    if (likely < names.length && matches(likely, buf, quote + 1, end)) {
      return likely;
    }
    for (int column = 0; column < names.length; column++) {
      if (column != likely && matches(column, buf, quote + 1, end)) {
        return column;
      }
    }
    return -1;
  }

  /** Whether the key text starting at {@code from} is exactly column {@code column}'s name and a closing quote. */
  private boolean matches(int column, byte[] buf, int from, int end) {
    byte[] key = quoted[column];
    return plain[column] && from + key.length <= end && sameKey(key, buf, from);
  }

  /** Whether {@code buf} holds {@code key} at {@code from} (the caller checked it fits), eight bytes at a time. */
  private static boolean sameKey(byte[] key, byte[] buf, int from) {
    int i = 0;
    for (; i + 8 <= key.length; i += 8) {
      if ((long) LONGS.get(key, i) != (long) LONGS.get(buf, from + i)) {
        return false;
      }
    }
    for (; i < key.length; i++) {
      if (key[i] != buf[from + i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int nameLength(int column) {
    return names[column].length;
  }

  @Override
  public JsonParser.Keys nested(int column) {
    return columns[column].keys();
  }

  private int find(JsonTape tape, int key) {
    byte[] bytes = tape.bytes(key);
    int start = tape.start(key);
    int end = start + tape.length(key);
    if (predicted < names.length && sameBytes(names[predicted], bytes, start, end)) {
      return predicted++;
    }
    for (int c = 0; c < names.length; c++) {
      if (sameBytes(names[c], bytes, start, end)) {
        predicted = c + 1;
        return c;
      }
    }
    return -1;
  }

  private static boolean isPlain(byte[] name) {
    for (byte b : name) {
      if (b == '"' || b == '\\' || (b >= 0 && b < 0x20)) {
        return false;
      }
    }
    return true;
  }

  /** Keys are short: a plain loop beats the vectorised mismatch's set-up cost. */
  private static boolean sameBytes(byte[] name, byte[] bytes, int start, int end) {
    if (name.length != end - start) {
      return false;
    }
    for (int i = 0; i < name.length; i++) {
      if (name[i] != bytes[start + i]) {
        return false;
      }
    }
    return true;
  }
}
