package dev.logpro.core.decode;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.DeadLetter;
import dev.logpro.api.RawMessage;
import dev.logpro.core.schema.InferredType;
import dev.logpro.core.schema.ValueParser;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Decodes the elements of a JSON array, one object per row, with the NDJSON decoder's parser, columns and inference.
 * A message is either a whole document (a Kafka record holding {@code [...]}) or, from the file source, a chunk of
 * elements whose opening bracket was cut off ({@link JsonDecoderFactory#ARRAY_START}). Elements are found with {@link
 * JsonArrays} and parsed one by one, so a malformed element is a dead letter alone; so is an input that is not an
 * array, a missing element between commas, a trailing comma, an array that is never closed, and text after it.
 */
final class JsonArrayDecoder extends RecordDecoder {

  private final JsonTape tape = new JsonTape();
  private final JsonParser parser = new JsonParser(tape);
  private final ValueParser values = new ValueParser();

  JsonArrayDecoder(ComponentContext context) {
    super(context, context.targetSchema().map(JsonColumn::checkSupported).orElse(null));
  }

  /** What a scan of a message finds, in order. */
  private interface Elements {
    /** An element's text, trimmed, in {@code [start, end)} of the message's data. */
    void element(RawMessage message, int start, int end);

    /** Bytes that cannot be an element, and why. */
    void malformed(RawMessage message, int start, int end, String error);
  }

  @Override
  int decodeInto(VectorSchemaRoot root, List<RawMessage> messages, List<DeadLetter> deadLetters,
      List<RawMessage> misfits) {
    JsonFields row = JsonFields.of(root, values);
    int[] rows = {0};
    Elements sink = new Elements() {
      @Override
      public void element(RawMessage message, int start, int end) {
        String error = parseObject(message.data(), start, end);
        if (error != null) {
          deadLetters.add(DeadLetters.of(message, start, end, error));
          return;
        }
        String misfit = row.check(tape, 0);
        if (misfit == null) {
          row.write(tape, 0, rows[0]++);
        } else {
          misfit(message, start, end, misfit, deadLetters, misfits);
        }
      }

      @Override
      public void malformed(RawMessage message, int start, int end, String error) {
        deadLetters.add(DeadLetters.of(message, start, end, error));
      }
    };
    for (RawMessage message : messages) {
      scan(message, sink);
    }
    return rows[0];
  }

  @Override
  Schema inferFrom(List<RawMessage> messages, int limit) {
    InferredType rowType = InferredType.root();
    JsonInference inference = new JsonInference(values);
    int[] rows = {0};
    Elements sample = new Elements() {
      @Override
      public void element(RawMessage message, int start, int end) {
        if (rows[0] < limit && parseObject(message.data(), start, end) == null) {
          inference.observeObject(rowType, tape, 0);
          rows[0]++;
        }
      }

      @Override
      public void malformed(RawMessage message, int start, int end, String error) {}
    };
    for (RawMessage message : messages) {
      if (rows[0] >= limit) {
        break;
      }
      scan(message, sample);
    }
    return rows[0] > 0 ? rowType.toSchema() : null;
  }

  /** Misfit records are bare elements, without the array around them. */
  @Override
  Schema inferRecords(List<RawMessage> records) {
    InferredType rowType = InferredType.root();
    JsonInference inference = new JsonInference(values);
    int rows = 0;
    for (RawMessage record : records) {
      if (parseObject(record.data(), record.offset(), record.offset() + record.length()) == null) {
        inference.observeObject(rowType, tape, 0);
        rows++;
      }
    }
    return rows > 0 ? rowType.toSchema() : null;
  }

  /** Parses one element into the tape: {@code null} if it is a JSON object, else why it cannot be a row. */
  private String parseObject(byte[] data, int start, int end) {
    if (!parser.parse(data, start, end)) {
      return "invalid JSON: " + parser.error(start);
    }
    if (tape.kind(0) != JsonTape.OBJECT) {
      return "array element is not a JSON object but " + JsonTape.kindName(tape.kind(0));
    }
    return null;
  }

  private static void scan(RawMessage message, Elements out) {
    byte[] data = message.data();
    int end = message.offset() + message.length();
    String arrayStart = message.headers().get(JsonDecoderFactory.ARRAY_START);
    int pos;
    boolean whole = arrayStart == null;
    boolean afterComma;
    if (whole) {
      int start = message.offset() + Framing.bomLength(data, message.offset(), message.length());
      pos = JsonArrays.skipWhitespace(data, start, end);
      if (pos == end) {
        return; // nothing at all, like a blank NDJSON line
      }
      if (data[pos] != '[') {
        out.malformed(message, start, JsonArrays.trimEnd(data, start, end), "input is not a JSON array: it starts with "
            + DeadLetters.quote(data, pos, Math.min(end - pos, 20)) + " (format ndjson reads one object per line)");
        return;
      }
      pos++;
      afterComma = false;
    } else {
      pos = message.offset();
      afterComma = message.sourceOffset() != parseOffset(arrayStart);
    }
    while (true) {
      int separator = JsonArrays.nextSeparator(data, pos, end);
      int start = JsonArrays.skipWhitespace(data, pos, separator);
      int stop = JsonArrays.trimEnd(data, start, separator);
      boolean blank = start == stop;
      if (separator == end) {
        if (!blank) {
          out.malformed(message, start, stop, "the array is not closed: expected ',' or ']' after this element");
        } else if (whole) {
          out.malformed(message, pos, end, "the array is not closed: expected a value or ']' at the end");
        }
        return;
      }
      boolean comma = data[separator] == ',';
      if (!blank) {
        out.element(message, start, stop);
      } else if (comma || afterComma) {
        out.malformed(message, pos, separator + 1, comma
            ? "expected a value before ',' in the array"
            : "expected a value after the last ',' in the array");
      }
      pos = separator + 1;
      if (!comma) {
        int rest = JsonArrays.skipWhitespace(data, pos, end);
        if (rest < end) {
          out.malformed(message, rest, JsonArrays.trimEnd(data, rest, end), "unexpected text after the array");
        }
        return;
      }
      afterComma = true;
    }
  }

  private static long parseOffset(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
