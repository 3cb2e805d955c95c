package dev.logpro.core.sink.stdout;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.util.Text;

/** Writes one Arrow value as JSON: timestamps as ISO-8601 text, binary as base64, structs and lists nested. */
final class JsonValues {
  private JsonValues() {}

  static void write(JsonGenerator json, ValueVector vector, int row) throws IOException {
    if (vector.isNull(row)) {
      json.writeNull();
    } else if (vector instanceof TimeStampMicroTZVector tz) {
      json.writeString(micros(tz.get(row)).toString());
    } else if (vector instanceof TimeStampMicroVector local) {
      json.writeString(LocalDateTime.ofInstant(micros(local.get(row)), ZoneOffset.UTC).toString());
    } else if (vector instanceof DateDayVector date) {
      json.writeString(LocalDate.ofEpochDay(date.get(row)).toString());
    } else if (vector instanceof StructVector struct) {
      json.writeStartObject();
      for (String name : struct.getChildFieldNames()) {
        json.writeFieldName(name);
        write(json, struct.getChild(name), row);
      }
      json.writeEndObject();
    } else if (vector instanceof ListVector list) {
      json.writeStartArray();
      ValueVector elements = list.getDataVector();
      for (int i = list.getElementStartIndex(row); i < list.getElementEndIndex(row); i++) {
        write(json, elements, i);
      }
      json.writeEndArray();
    } else {
      writeObject(json, vector.getObject(row));
    }
  }

  private static Instant micros(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
  }

  private static void writeObject(JsonGenerator json, Object value) throws IOException {
    if (value instanceof Text || value instanceof CharSequence) {
      json.writeString(value.toString());
    } else if (value instanceof byte[] bytes) {
      json.writeString(Base64.getEncoder().encodeToString(bytes));
    } else if (value instanceof Number || value instanceof Boolean) {
      json.writeObject(value);
    } else if (value instanceof Map<?, ?> || value instanceof List<?>) {
      json.writeString(value.toString());
    } else {
      json.writeString(String.valueOf(value));
    }
  }
}
