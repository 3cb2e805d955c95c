package dev.logpro.core.arrow;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * An Arrow row as JSON: what a dead letter holds when the record it stands for is a row rather than bytes (a row a
 * transform or a validation rule rejected), and what the stdout sink prints. Timestamps are ISO-8601 text ({@code Z}
 * for zoned ones), dates {@code YYYY-MM-DD}, binary base64, decimals exact, structs objects and lists arrays.
 */
public final class RowJson {
  private static final JsonFactory JSON = new JsonFactory();

  private RowJson() {}

  /** Row {@code row} of {@code root} as one JSON object, UTF-8, with the columns in schema order. */
  public static byte[] of(VectorSchemaRoot root, int row) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      writeRow(json, root, row);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return out.toByteArray();
  }

  /** Writes row {@code row} of {@code root} as a JSON object. */
  public static void writeRow(JsonGenerator json, VectorSchemaRoot root, int row) throws IOException {
    json.writeStartObject();
    for (FieldVector vector : root.getFieldVectors()) {
      json.writeFieldName(vector.getName());
      writeValue(json, vector, row);
    }
    json.writeEndObject();
  }

  /** Writes the value at {@code row} of {@code vector}. */
  public static void writeValue(JsonGenerator json, ValueVector vector, int row) throws IOException {
    if (vector.isNull(row)) {
      json.writeNull();
    } else if (vector instanceof BigIntVector v) {
      json.writeNumber(v.get(row));
    } else if (vector instanceof IntVector v) {
      json.writeNumber(v.get(row));
    } else if (vector instanceof Float8Vector v) {
      json.writeNumber(v.get(row));
    } else if (vector instanceof Float4Vector v) {
      json.writeNumber(v.get(row));
    } else if (vector instanceof BitVector v) {
      json.writeBoolean(v.get(row) != 0);
    } else if (vector instanceof VarCharVector v) {
      byte[] utf8 = v.get(row);
      json.writeUTF8String(utf8, 0, utf8.length);
    } else if (vector instanceof TimeStampMicroTZVector tz) {
      json.writeString(instant(tz.get(row)).toString());
    } else if (vector instanceof TimeStampMicroVector local) {
      json.writeString(LocalDateTime.ofInstant(instant(local.get(row)), ZoneOffset.UTC).toString());
    } else if (vector instanceof DateDayVector date) {
      json.writeString(LocalDate.ofEpochDay(date.get(row)).toString());
    } else if (vector instanceof DecimalVector decimal) {
      BigDecimal value = decimal.getObject(row);
      json.writeNumber(value);
    } else if (vector instanceof VarBinaryVector binary) {
      json.writeString(Base64.getEncoder().encodeToString(binary.get(row)));
    } else if (vector instanceof StructVector struct) {
      json.writeStartObject();
      for (String name : struct.getChildFieldNames()) {
        json.writeFieldName(name);
        writeValue(json, struct.getChild(name), row);
      }
      json.writeEndObject();
    } else if (vector instanceof ListVector list) {
      json.writeStartArray();
      ValueVector elements = list.getDataVector();
      for (int i = list.getElementStartIndex(row); i < list.getElementEndIndex(row); i++) {
        writeValue(json, elements, i);
      }
      json.writeEndArray();
    } else {
      Object value = vector.getObject(row);
      if (value instanceof byte[] bytes) {
        json.writeString(Base64.getEncoder().encodeToString(bytes));
      } else if (value instanceof Number || value instanceof Boolean) {
        json.writeObject(value);
      } else {
        json.writeString(String.valueOf(value));
      }
    }
  }

  /** UTC epoch microseconds as an instant. */
  public static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
  }
}
