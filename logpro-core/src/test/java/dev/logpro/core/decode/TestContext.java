package dev.logpro.core.decode;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.RawMessage;
import dev.logpro.core.transform.TestRows;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** A {@link ComponentContext} for decoder tests, plus helpers to build messages and read rows back. */
record TestContext(BufferAllocator allocator, Schema target, int inferSampleRows, boolean grow)
    implements ComponentContext {

  static TestContext of(BufferAllocator allocator) {
    return new TestContext(allocator, null, 1000, false);
  }

  TestContext withTarget(Schema schema) {
    return new TestContext(allocator, schema, inferSampleRows, grow);
  }

  TestContext withSampleRows(int rows) {
    return new TestContext(allocator, target, rows, grow);
  }

  /** A context whose decoders widen their schema for records that do not fit it. */
  TestContext growing() {
    return new TestContext(allocator, target, inferSampleRows, true);
  }

  @Override
  public boolean growSchema() {
    return grow;
  }

  @Override
  public String pipelineId() {
    return "test";
  }

  @Override
  public Optional<Schema> targetSchema() {
    return Optional.ofNullable(target);
  }

  static RawMessage message(String text) {
    return RawMessage.of(text, "test.txt");
  }

  /** A message of {@code text} that starts {@code sourceOffset} bytes into its source, framed by other bytes. */
  static RawMessage message(String text, long sourceOffset) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    byte[] framed = new byte[bytes.length + 4];
    System.arraycopy(bytes, 0, framed, 2, bytes.length);
    return new RawMessage(framed, 2, bytes.length, "test.txt", sourceOffset, null, 0, null, Map.of());
  }

  static RawMessage messageWithHeader(String text, String header) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new RawMessage(bytes, 0, bytes.length, "test.csv", 0, null, 0, null,
        Map.of(RawMessage.CSV_HEADER, header));
  }

  /** Every row as column name to value, with text as {@link String}. */
  static List<Map<String, Object>> rows(VectorSchemaRoot root) {
    return TestRows.rows(root);
  }
}
