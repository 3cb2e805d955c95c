package dev.logpro.iceberg;

import dev.logpro.api.DeadLetter;
import dev.logpro.core.dlq.StoredDeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;

/**
 * The columns of an Iceberg dead-letter table and how a dead letter becomes a row and back. The table is partitioned
 * by {@code pipeline}, so what one pipeline's replay rewrites never touches another's files.
 */
final class DeadLetterTable {
  static final String PIPELINE = "pipeline";
  static final List<String> PARTITION_BY = List.of(PIPELINE);

  static final Schema SCHEMA = new Schema(
      Types.NestedField.optional(1, "raw", Types.BinaryType.get(), "The record's bytes exactly as read"),
      Types.NestedField.optional(2, "error", Types.StringType.get(), "What went wrong, one line"),
      Types.NestedField.optional(3, "stage", Types.StringType.get(), "Where it went wrong: decode, ..."),
      Types.NestedField.optional(4, "source", Types.StringType.get(), "Where the bytes came from (a file)"),
      Types.NestedField.optional(5, "position", Types.StringType.get(), "Where in the source (a byte offset)"),
      Types.NestedField.optional(6, "timestamp", Types.TimestampType.withZone(), "When it was dead-lettered"),
      Types.NestedField.optional(7, PIPELINE, Types.StringType.get(), "The pipeline that dead-lettered it"),
      Types.NestedField.optional(8, "headers", Types.MapType.ofOptional(9, 10, Types.StringType.get(),
          Types.StringType.get()), "What decoding the bytes again needs besides them (a CSV header)"),
      Types.NestedField.optional(11, "replay_batch", Types.StringType.get(), "The replay holding it, if any"),
      Types.NestedField.optional(12, "replay_ordinal", Types.LongType.get(), "Its place in that replay"),
      Types.NestedField.optional(13, "replay_failed", Types.BooleanType.get(), "Whether it failed again there"));

  private static final org.apache.arrow.vector.types.pojo.Schema ARROW = ArrowSchemas.toArrow(SCHEMA);

  private DeadLetterTable() {}

  /** Fails unless {@code table} has the columns of a dead-letter table (by name; extra columns are fine). */
  static void check(Table table) {
    for (Types.NestedField field : SCHEMA.columns()) {
      Types.NestedField found = table.schema().findField(field.name());
      boolean fits = found != null
          && (field.type().isMapType() ? found.type().isMapType() : found.type().equals(field.type()));
      if (!fits) {
        throw new IllegalArgumentException("Cannot use table " + table.name() + " as a dead-letter table: it has no"
            + " column " + field.name() + " of type " + field.type());
      }
    }
  }

  /**
   * The dead letters as an Arrow batch in the table's shape, from {@code allocator}; the caller closes it. The
   * {@code replay_*} columns stay null: a new dead letter is in no replay.
   */
  static VectorSchemaRoot toArrow(List<DeadLetter> letters, String pipeline, BufferAllocator allocator) {
    VectorSchemaRoot root = VectorSchemaRoot.create(ARROW, allocator);
    try {
      VarBinaryVector raw = (VarBinaryVector) root.getVector("raw");
      VarCharVector error = (VarCharVector) root.getVector("error");
      VarCharVector stage = (VarCharVector) root.getVector("stage");
      VarCharVector source = (VarCharVector) root.getVector("source");
      VarCharVector position = (VarCharVector) root.getVector("position");
      TimeStampMicroTZVector timestamp = (TimeStampMicroTZVector) root.getVector("timestamp");
      VarCharVector pipelines = (VarCharVector) root.getVector(PIPELINE);
      MapVector headers = (MapVector) root.getVector("headers");
      StructVector entries = (StructVector) headers.getDataVector();
      VarCharVector keys = (VarCharVector) entries.getChild("key");
      VarCharVector values = (VarCharVector) entries.getChild("value");
      root.allocateNew();
      int entry = 0;
      for (int i = 0; i < letters.size(); i++) {
        DeadLetter letter = letters.get(i);
        raw.setSafe(i, letter.raw());
        setText(error, i, letter.error());
        setText(stage, i, letter.stage());
        setText(source, i, letter.source());
        setText(position, i, letter.position());
        timestamp.setSafe(i, letter.timestampMillis() * 1000);
        setText(pipelines, i, pipeline);
        headers.startNewValue(i);
        for (Map.Entry<String, String> header : new TreeMap<>(letter.headers()).entrySet()) {
          entries.setIndexDefined(entry);
          setText(keys, entry, header.getKey());
          setText(values, entry, header.getValue());
          entry++;
        }
        headers.endValue(i, letter.headers().size());
      }
      root.setRowCount(letters.size());
      return root;
    } catch (RuntimeException | Error e) {
      root.close();
      throw e;
    }
  }

  private static void setText(VarCharVector vector, int index, String value) {
    if (value == null) {
      vector.setNull(index);
    } else {
      vector.setSafe(index, value.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** A row of the table as a dead letter. */
  static StoredDeadLetter fromRecord(Record row) {
    ByteBuffer buffer = (ByteBuffer) row.getField("raw");
    byte[] raw = new byte[buffer == null ? 0 : buffer.remaining()];
    if (buffer != null) {
      buffer.duplicate().get(raw);
    }
    OffsetDateTime at = (OffsetDateTime) row.getField("timestamp");
    @SuppressWarnings("unchecked")
    Map<String, String> headers = (Map<String, String>) row.getField("headers");
    DeadLetter letter = new DeadLetter(raw, text(row, "error", "?"), text(row, "stage", "?"), text(row, "source", null),
        text(row, "position", null), at == null ? 0 : at.toInstant().toEpochMilli(), headers);
    String batch = text(row, "replay_batch", null);
    StoredDeadLetter.ReplayMark mark = batch == null ? null : new StoredDeadLetter.ReplayMark(batch,
        (Long) row.getField("replay_ordinal"), Boolean.TRUE.equals(row.getField("replay_failed")));
    return new StoredDeadLetter(letter, text(row, PIPELINE, null), mark);
  }

  /** A dead letter as a row of a table of schema {@code schema}. */
  static Record toRecord(StoredDeadLetter stored, Schema schema) {
    DeadLetter letter = stored.letter();
    GenericRecord row = GenericRecord.create(schema);
    row.setField("raw", ByteBuffer.wrap(letter.raw()));
    row.setField("error", letter.error());
    row.setField("stage", letter.stage());
    row.setField("source", letter.source());
    row.setField("position", letter.position());
    row.setField("timestamp", OffsetDateTime.ofInstant(Instant.ofEpochMilli(letter.timestampMillis()), ZoneOffset.UTC));
    row.setField(PIPELINE, stored.pipeline());
    row.setField("headers", letter.headers());
    StoredDeadLetter.ReplayMark mark = stored.replay();
    row.setField("replay_batch", mark == null ? null : mark.batch());
    row.setField("replay_ordinal", mark == null ? null : mark.ordinal());
    row.setField("replay_failed", mark == null ? null : mark.failedAgain());
    return row;
  }

  private static String text(Record row, String field, String ifNull) {
    Object value = row.getField(field);
    return value == null ? ifNull : value.toString();
  }
}
