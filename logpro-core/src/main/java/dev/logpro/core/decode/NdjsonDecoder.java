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
 * Decodes newline-delimited JSON: each line is parsed into a {@link JsonTape}, checked against the schema (the target
 * table's, or one inferred from the first lines), then written into the vectors. A line that is not a JSON object, or
 * whose values do not fit their columns, becomes a dead letter whole.
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
      int lineEnd = lineEnd(data, line, end);
      next = lineEnd + 1;
      int contentEnd = lineEnd > line && data[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
      if (isBlank(data, line, contentEnd)) {
        continue;
      }
      String error = parseObject(data, line, contentEnd);
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

  /** Parses one line into the tape: {@code null} if it holds a JSON object, else why it cannot be a row. */
  private String parseObject(byte[] data, int start, int end) {
    if (!parser.parse(data, start, end)) {
      return "invalid JSON: " + parser.error(start);
    }
    if (tape.kind(0) != JsonTape.OBJECT) {
      return "line is not a JSON object but " + JsonTape.kindName(tape.kind(0));
    }
    return null;
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
        int lineEnd = lineEnd(data, line, end);
        next = lineEnd + 1;
        if (parseObject(data, line, lineEnd) == null) {
          inference.observeObject(rowType, tape, 0);
          rows++;
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

  private static boolean isBlank(byte[] data, int start, int end) {
    for (int i = start; i < end; i++) {
      if (data[i] != ' ' && data[i] != '\t' && data[i] != '\r') {
        return false;
      }
    }
    return true;
  }
}
