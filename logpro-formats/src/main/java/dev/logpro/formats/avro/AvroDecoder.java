package dev.logpro.formats.avro;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.DeadLetter;
import dev.logpro.api.Decoded;
import dev.logpro.api.Decoder;
import dev.logpro.api.RawMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Decodes the blocks of Avro container files, as the file source frames them ({@link AvroFormat}), record by record
 * straight into Arrow vectors. The rows' schema is the first file's (or the one the engine hands over: the table's,
 * or the first decoder's); a file whose schema does not fit it, and a damaged block (bad sync marker, bad compressed
 * data, a value that breaks its schema), are dead letters holding the block's bytes as they are in the file.
 */
final class AvroDecoder implements Decoder {
  private static final String STAGE = "decode";

  private final ComponentContext context;
  private final Map<String, Plan> plans = new HashMap<>();
  private final AvroInput input = new AvroInput();
  private Schema schema;

  AvroDecoder(ComponentContext context) {
    this.context = context;
    // With a growing schema (schema_policy permissive or rescue) each file's own schema is decoded as it is and
    // fitted to the table after the transforms, by the policy; strict decodes into the table's schema or refuses.
    this.schema = context.growSchema() ? null : context.targetSchema().orElse(null);
  }

  /** How the records of one writer's schema are read into the rows, or why they cannot be. */
  private record Plan(org.apache.avro.Schema avro, List<Field> fields, String error) {}

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public Decoded decode(List<RawMessage> messages) {
    if (schema == null || context.growSchema()) {
      for (RawMessage message : messages) {
        Plan plan = plan(message);
        if (plan != null && plan.error() == null) {
          schema = new Schema(plan.fields());
          break;
        }
      }
    }
    VectorSchemaRoot root = VectorSchemaRoot.create(schema == null ? new Schema(List.of()) : schema,
        context.allocator());
    try {
      root.allocateNew();
      List<DeadLetter> deadLetters = new ArrayList<>();
      int rows = 0;
      for (RawMessage message : messages) {
        rows = decodeMessage(message, root, rows, deadLetters);
      }
      root.setRowCount(rows);
      return new Decoded(root, deadLetters);
    } catch (RuntimeException | Error e) {
      root.close();
      throw e;
    }
  }

  private int decodeMessage(RawMessage message, VectorSchemaRoot root, int rows, List<DeadLetter> deadLetters) {
    Plan plan = plan(message);
    int end = message.offset() + message.length();
    String error = plan == null ? "not a block of an Avro container file (no Avro header came with it)"
        : plan.error() != null ? plan.error() : fitError(plan);
    if (error != null) {
      deadLetters.add(deadLetter(message, message.offset(), end, error));
      return rows;
    }
    AvroColumn[] columns = bind(plan, root);
    String codec = message.headers().get(AvroFormat.CODEC);
    byte[] sync = HexFormat.of().parseHex(message.headers().get(AvroFormat.SYNC));
    AvroBlocks framer = new AvroBlocks(sync);
    byte[] data = message.data();
    long[] header = new long[2];
    int pos = message.offset();
    while (pos < end) {
      int blockEnd = nextBlockEnd(framer, data, pos, end);
      int blockRows = rows;
      try {
        int dataStart = AvroBlocks.readHeader(data, pos, end, header);
        long dataEnd = dataStart + header[1];
        if (dataStart < 0 || header[0] < 0 || header[1] < 0 || dataEnd + sync.length != blockEnd
            || !framer.matchesSync(data, blockEnd - sync.length)) {
          throw new MalformedAvroException("a damaged block: its size or sync marker is wrong");
        }
        byte[] block = data;
        int from = dataStart;
        int to = (int) dataEnd;
        if (!codec.equals("null")) {
          block = AvroCodecs.decompress(codec, data, dataStart, (int) header[1]);
          from = 0;
          to = block.length;
        }
        input.reset(block, from, to);
        for (long r = 0; r < header[0]; r++) {
          for (AvroColumn column : columns) {
            column.read(input, rows);
          }
          rows++;
        }
        if (!input.atEnd()) {
          throw new MalformedAvroException("a block holds more bytes than its " + header[0] + " records");
        }
      } catch (OutOfMemoryException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        rows = blockRows; // the block's rows are written over by the next block
        deadLetters.add(deadLetter(message, pos, blockEnd, e.getMessage()));
      }
      pos = blockEnd;
    }
    return rows;
  }

  /** The end of the block at {@code pos}: where the framer cuts, or the end of the message. */
  private static int nextBlockEnd(AvroBlocks framer, byte[] data, int pos, int end) {
    int blockEnd = framer.blockEnd(data, pos, end);
    return blockEnd < 0 ? end : blockEnd;
  }

  private Plan plan(RawMessage message) {
    String json = message.headers().get(AvroFormat.SCHEMA);
    if (json == null || message.headers().get(AvroFormat.SYNC) == null) {
      return null;
    }
    return plans.computeIfAbsent(json, AvroDecoder::compile);
  }

  private static Plan compile(String json) {
    try {
      org.apache.avro.Schema avro = new org.apache.avro.Schema.Parser().setValidateDefaults(false).parse(json);
      return new Plan(avro, AvroSchemas.rowFields(avro), null);
    } catch (RuntimeException e) {
      return new Plan(null, null, "Cannot map the file's Avro schema to Arrow: " + e.getMessage());
    }
  }

  /** {@code null} if the plan's rows fit the batch schema, else why not. */
  private String fitError(Plan plan) {
    for (Field field : plan.fields()) {
      Field target = find(schema, field.getName());
      if (target == null) {
        return "the file's field " + field.getName() + " is not in the rows' schema (" + names(schema) + ")";
      }
      if (!AvroSchemas.fits(field, target)) {
        return "the file's field " + field.getName() + " (" + field + ") does not fit column " + target;
      }
    }
    return null;
  }

  private static AvroColumn[] bind(Plan plan, VectorSchemaRoot root) {
    List<Field> fields = plan.fields();
    AvroColumn[] columns = new AvroColumn[fields.size()];
    boolean record = plan.avro().getType() == org.apache.avro.Schema.Type.RECORD;
    for (int i = 0; i < columns.length; i++) {
      FieldVector vector = root.getVector(fields.get(i).getName());
      org.apache.avro.Schema type = record ? plan.avro().getFields().get(i).schema() : plan.avro();
      columns[i] = AvroColumn.of(type, vector);
    }
    return columns;
  }

  private static Field find(Schema schema, String name) {
    for (Field field : schema.getFields()) {
      if (field.getName().equals(name)) {
        return field;
      }
    }
    return null;
  }

  private static String names(Schema schema) {
    return String.join(", ", schema.getFields().stream().map(Field::getName).toList());
  }

  private static DeadLetter deadLetter(RawMessage message, int from, int to, String error) {
    long position = message.sourceOffset() + (from - message.offset());
    return new DeadLetter(message.copyOfRange(from - message.offset(), to - from), String.valueOf(error), STAGE,
        message.source(), String.valueOf(position), System.currentTimeMillis());
  }
}
