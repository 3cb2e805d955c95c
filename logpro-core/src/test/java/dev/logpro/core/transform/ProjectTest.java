package dev.logpro.core.transform;

import static dev.logpro.core.transform.TestRows.apply;
import static dev.logpro.core.transform.TestRows.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logpro.api.Transform;
import dev.logpro.testkit.NoArrowLeaks;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoArrowLeaks.class)
class ProjectTest {
  private static final String EVENTS = """
      id,name,debug,latency_ms
      1,a,x,1.5
      2,,y,
      """;

  private static Transform project(BufferAllocator allocator, List<String> columns, Map<String, String> rename,
      List<String> drop) {
    return new ProjectTransformFactory().create(new ProjectTransformFactory.Config(columns, rename, drop),
        TestRows.context(allocator));
  }

  @Test
  void choosesOrdersAndRenamesWithoutCopyingValues(BufferAllocator allocator) {
    try (VectorSchemaRoot input = TestRows.csv(allocator, EVENTS);
        Transform project = project(allocator, List.of("latency_ms", "name", "id"), Map.of("latency_ms", "latency"),
            null)) {
      Transform.Result result = apply(project, input);
      assertThat(rows(result.root())).containsExactly(
          Map.of("latency", 1.5, "name", "a", "id", 1L),
          java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>() {{
            put("latency", null);
            put("name", null);
            put("id", 2L);
          }}));
      assertThat(result.root().getSchema().getFields()).extracting(f -> f.getName())
          .containsExactly("latency", "name", "id");
      VarCharVector in = (VarCharVector) input.getVector("name");
      VarCharVector out = (VarCharVector) result.root().getVector("name");
      assertThat(out.getDataBuffer().memoryAddress()).as("shared, not copied")
          .isEqualTo(in.getDataBuffer().memoryAddress());
      TestRows.close(result);
    }
  }

  @Test
  void dropsColumns(BufferAllocator allocator) {
    try (VectorSchemaRoot input = TestRows.csv(allocator, EVENTS);
        Transform project = project(allocator, null, null, List.of("debug"))) {
      Transform.Result result = apply(project, input);
      assertThat(result.root().getSchema().getFields()).extracting(f -> f.getName())
          .containsExactly("id", "name", "latency_ms");
      assertThat(result.root().getRowCount()).isEqualTo(2);
      TestRows.close(result);
    }
  }

  @Test
  void anEmptyBatchKeepsItsShape(BufferAllocator allocator) {
    try (VectorSchemaRoot input = TestRows.csv(allocator, EVENTS);
        Transform project = project(allocator, List.of("id"), null, null)) {
      input.setRowCount(0);
      Transform.Result result = project.apply(input);
      assertThat(result.root().getRowCount()).isZero();
      assertThat(result.root().getSchema().getFields()).extracting(f -> f.getName()).containsExactly("id");
      TestRows.close(result);
    }
  }

  @Test
  void unknownColumnsAndClashesAreErrors(BufferAllocator allocator) {
    try (VectorSchemaRoot input = TestRows.csv(allocator, EVENTS);
        Transform missing = project(allocator, List.of("id", "nope"), null, null);
        Transform clash = project(allocator, null, Map.of("name", "id"), null)) {
      assertThatThrownBy(() -> missing.apply(input))
          .hasMessage("columns: no column nope in the batch (it has: id, name, debug, latency_ms)");
      assertThatThrownBy(() -> clash.apply(input)).hasMessage("rename: two columns would both be called id");
    }
    assertThatThrownBy(() -> new ProjectTransformFactory.Config(null, null, null)).hasMessageStartingWith("columns:");
  }
}
