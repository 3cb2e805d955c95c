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
 * Decodes newline-delimited JSON against the schema (the target table's, or one inferred from the first lines).
 * Most lines take a single pass ({@link JsonFields#direct}): each value is parsed and written into its vector as its
 * key is matched. A line that pass does not take (an escaped string, an unknown key, a value that does not fit,
 * invalid JSON) is parsed again the full way: into a {@link JsonTape}, checked whole against the schema, then written
 * over whatever the first pass left at that row. A line that is not a JSON object, or whose values do not fit their
 * columns, becomes a dead letter whole.
 */
final class NdjsonDecoder extends RecordDecoder {

  private final JsonTape tape = new JsonTape();
  private final JsonParser parser = new JsonParser(tape);
  private final ValueParser values = new ValueParser();

  NdjsonDecoder(ComponentContext context) {
    super(context, context.targetSchema().map(JsonColumn::checkSupported).orElse(null));
  }

  @Override
  int decodeInto(VectorSchemaRoot root, List<RawMessage> messages, List<DeadLetter> deadLetters,
      List<RawMessage> misfits) {
    JsonFields row = JsonFields.of(root, values);
    int rows = 0;
    for (RawMessage message : messages) {
      rows = decodeMessage(message, row, rows, deadLetters, misfits);
    }
    return rows;
  }

  private int decodeMessage(RawMessage message, JsonFields row, int rows, List<DeadLetter> deadLetters,
      List<RawMessage> misfits) {
    byte[] data = message.data();
    int end = message.offset() + message.length();
    int next = message.offset() + Framing.bomLength(data, message.offset(), message.length());
    while (next < end) {
      int line = next;
      int content = skipBlanks(data, line, end);
      if (content == end || data[content] == '\n') {
        next = content + 1;
        continue;
      }
      if (data[content] == '{') {
        int stop = row.direct(data, content, end, rows);
        if (stop >= 0 && ((stop = JsonScan.whitespace(data, stop, end)) == end || data[stop] == '\n')) {
          rows++;
          next = stop + 1;
          continue;
        }
      }
      int lineEnd = parser.parseLine(data, line, end, row);
      String error = null;
      if (lineEnd < 0) {
        lineEnd = lineEnd(data, line, end);
        error = "invalid JSON: " + parser.error(line, contentEnd(data, line, lineEnd));
      } else if (tape.kind(0) != JsonTape.OBJECT) {
        error = "line is not a JSON object but " + JsonTape.kindName(tape.kind(0));
      }
      next = lineEnd + 1;
      int contentEnd = contentEnd(data, line, lineEnd);
      if (error != null) {
        deadLetters.add(DeadLetters.of(message, line, contentEnd, error));
        continue;
      }
      String misfit = row.check(tape, 0);
      if (misfit != null) {
        misfit(message, line, contentEnd, misfit, deadLetters, misfits);
      } else {
        row.write(tape, 0, rows++);
      }
    }
    return rows;
  }

  @Override
  Schema inferFrom(List<RawMessage> messages, int limit) {
    InferredType rowType = InferredType.root();
    JsonInference inference = new JsonInference(values);
    int rows = 0;
    for (RawMessage message : messages) {
      byte[] data = message.data();
      int end = message.offset() + message.length();
      int next = message.offset() + Framing.bomLength(data, message.offset(), message.length());
      while (next < end && rows < limit) {
        int line = next;
        int lineEnd = parser.parseLine(data, line, end);
        if (lineEnd < 0) {
          next = lineEnd(data, line, end) + 1;
        } else {
          next = lineEnd + 1;
          if (tape.kind(0) == JsonTape.OBJECT) {
            inference.observeObject(rowType, tape, 0);
            rows++;
          }
        }
      }
    }
    return rows > 0 ? rowType.toSchema() : null;
  }

  /** The index of the {@code \n} ending the line at {@code start}, or {@code end}. */
  private static int lineEnd(byte[] data, int start, int end) {
    int newline = Bytes.indexOf(data, start, end, (byte) '\n');
    return newline < 0 ? end : newline;
  }

  /** The end of a line's content: {@code lineEnd} without a carriage return before it. */
  private static int contentEnd(byte[] data, int line, int lineEnd) {
    return lineEnd > line && data[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
  }

  /** The first index from {@code start} that is not a space, tab or carriage return; {@code end} at most. */
  private static int skipBlanks(byte[] data, int start, int end) {
    int i = start;
    while (i < end && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r')) {
      i++;
    }
    return i;
  }
}
