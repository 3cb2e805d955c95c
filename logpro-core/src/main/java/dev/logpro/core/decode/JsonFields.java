package dev.logpro.core.decode;

import dev.logpro.core.schema.ValueParser;
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

  private final byte[][] names;
  /** Whether a name's bytes are its JSON key's bytes (no quote, backslash or control character to escape). */
  private final boolean[] plain;
  private final JsonColumn[] columns;
  private final Slots slots;
  private int predicted;

  JsonFields(String[] names, JsonColumn[] columns, Slots slots) {
    this.names = new byte[names.length][];
    this.plain = new boolean[names.length];
    for (int i = 0; i < names.length; i++) {
      this.names[i] = names[i].getBytes(StandardCharsets.UTF_8);
      this.plain[i] = isPlain(this.names[i]);
    }
    this.columns = columns;
    this.slots = slots;
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
        return "field '" + tape.text(key) + "' is not in the table's schema";
      }
      String error = columns[column].check(tape, key + 1);
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
      } else {
        columns[c].write(tape, value, index);
      }
    }
    slots.top = base;
  }

  void writeNulls(int index) {
    for (JsonColumn column : columns) {
      column.writeNull(index);
    }
  }

  @Override
  public int match(byte[] buf, int quote, int end) {
    int column = predicted;
    if (column >= names.length || !plain[column]) {
      return -1;
    }
    byte[] name = names[column];
    int close = quote + 1 + name.length;
    if (close >= end || buf[close] != '"' || !sameBytes(name, buf, quote + 1, close)) {
      return -1;
    }
    predicted = column + 1;
    return column;
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
