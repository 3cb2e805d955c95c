package dev.logpro.core.transform;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.Decoded;
import dev.logpro.api.Decoder;
import dev.logpro.api.RawMessage;
import dev.logpro.api.Transform;
import dev.logpro.core.decode.CsvDecoderFactory;
import dev.logpro.core.decode.NdjsonDecoderFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.Text;

/** Batches for transform tests, decoded from CSV or NDJSON text by the real decoders, and their rows read back. */
public final class TestRows {
  private TestRows() {}

  public static ComponentContext context(BufferAllocator allocator) {
    return new ComponentContext() {
      @Override
      public String pipelineId() {
        return "test";
      }

      @Override
      public BufferAllocator allocator() {
        return allocator;
      }
    };
  }

  /** The rows of CSV {@code text} (a header line first), types inferred. */
  public static VectorSchemaRoot csv(BufferAllocator allocator, String text) {
    try (Decoder decoder = new CsvDecoderFactory().create(CsvDecoderFactory.Config.defaults(), context(allocator))) {
      Decoded decoded = decoder.decode(List.of(RawMessage.of(text, "test.csv")));
      if (!decoded.deadLetters().isEmpty()) {
        decoded.root().close();
        throw new AssertionError("test CSV does not decode: " + decoded.deadLetters().get(0).error());
      }
      return decoded.root();
    }
  }

  /** The rows of NDJSON {@code text}, types inferred (objects become structs). */
  public static VectorSchemaRoot json(BufferAllocator allocator, String text) {
    try (Decoder decoder = new NdjsonDecoderFactory().create(new NdjsonDecoderFactory.Config(), context(allocator))) {
      Decoded decoded = decoder.decode(List.of(RawMessage.of(text, "test.ndjson")));
      if (!decoded.deadLetters().isEmpty()) {
        decoded.root().close();
        throw new AssertionError("test JSON does not decode: " + decoded.deadLetters().get(0).error());
      }
      return decoded.root();
    }
  }

  /** Applies {@code transform} to {@code input}, which stays open and is checked to be unchanged. */
  public static Transform.Result apply(Transform transform, VectorSchemaRoot input) {
    String before = input.contentToTSVString();
    Transform.Result result = transform.apply(input);
    if (!before.equals(input.contentToTSVString())) {
      throw new AssertionError("the transform changed its input");
    }
    return result;
  }

  /** Every row as column name to value, with text as {@link String}. */
  public static List<Map<String, Object>> rows(VectorSchemaRoot root) {
    List<Map<String, Object>> rows = new ArrayList<>();
    if (root == null) {
      return rows;
    }
    for (int r = 0; r < root.getRowCount(); r++) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (FieldVector vector : root.getFieldVectors()) {
        row.put(vector.getName(), plain(vector.getObject(r)));
      }
      rows.add(row);
    }
    return rows;
  }

  /** One column's values, with text as {@link String}. */
  public static List<Object> column(VectorSchemaRoot root, String name) {
    List<Object> values = new ArrayList<>();
    FieldVector vector = root.getVector(name);
    if (vector == null) {
      throw new AssertionError("no column " + name + " in " + root.getSchema());
    }
    for (int r = 0; r < root.getRowCount(); r++) {
      values.add(plain(vector.getObject(r)));
    }
    return values;
  }

  private static Object plain(Object value) {
    if (value instanceof Text text) {
      return text.toString();
    } else if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(k, plain(v)));
      return copy;
    } else if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(v -> copy.add(plain(v)));
      return copy;
    }
    return value;
  }

  /** Closes the result's root, if any. */
  public static void close(Transform.Result result) {
    if (result.root() != null) {
      result.root().close();
    }
  }
}
