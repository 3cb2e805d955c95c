package dev.logpro.core.transform;

import static dev.logpro.core.transform.TestRows.apply;
import static dev.logpro.core.transform.TestRows.column;
import static org.assertj.core.api.Assertions.assertThat;

import dev.logpro.api.Transform;
import dev.logpro.testkit.NoArrowLeaks;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoArrowLeaks.class)
class FlattenTest {
  private static final String NESTED = """
      {"id": 1, "geo": {"country": "DE", "pos": {"lat": 52.5, "lon": 13.4}}, "tags": ["a"]}
      {"id": 2, "geo": null, "tags": []}
      {"id": 3, "geo": {"country": "FR", "pos": null}, "tags": null}
      """;

  private static Transform flatten(BufferAllocator allocator, String separator, Integer depth) {
    return new FlattenTransformFactory().create(new FlattenTransformFactory.Config(separator, depth, null),
        TestRows.context(allocator));
  }

  @Test
  void everyLevelBecomesColumnsAndANullStructMakesItsFieldsNull(BufferAllocator allocator) {
    try (VectorSchemaRoot input = TestRows.json(allocator, NESTED);
        Transform flatten = flatten(allocator, null, null)) {
      Transform.Result result = apply(flatten, input);
      VectorSchemaRoot out = result.root();
      assertThat(out.getSchema().getFields()).extracting(f -> f.getName())
          .containsExactly("id", "geo_country", "geo_pos_lat", "geo_pos_lon", "tags");
      assertThat(column(out, "geo_country")).containsExactly("DE", null, "FR");
      assertThat(column(out, "geo_pos_lat")).containsExactly(52.5, null, null);
      assertThat(column(out, "tags")).containsExactly(List.of("a"), List.of(), null);
      TestRows.close(result);
    }
  }

  @Test
  void depthAndSeparatorAreHonoured(BufferAllocator allocator) {
    try (VectorSchemaRoot input = TestRows.json(allocator, NESTED);
        Transform flatten = flatten(allocator, ".", 1)) {
      Transform.Result result = apply(flatten, input);
      assertThat(result.root().getSchema().getFields()).extracting(f -> f.getName())
          .containsExactly("id", "geo.country", "geo.pos", "tags");
      assertThat(column(result.root(), "geo.pos").get(0)).isNotNull();
      assertThat(column(result.root(), "geo.pos").get(1)).isNull();
      TestRows.close(result);
    }
  }

  @Test
  void aBatchWithoutStructsIsPassedOnAndAnEmptyOneFlattens(BufferAllocator allocator) {
    try (VectorSchemaRoot flat = TestRows.csv(allocator, "id,name\n1,a\n");
        VectorSchemaRoot nested = TestRows.json(allocator, NESTED);
        Transform flatten = flatten(allocator, null, null)) {
      Transform.Result same = apply(flatten, flat);
      assertThat(TestRows.rows(same.root())).isEqualTo(TestRows.rows(flat));
      nested.setRowCount(0);
      Transform.Result empty = flatten.apply(nested);
      assertThat(empty.root().getRowCount()).isZero();
      assertThat(empty.root().getVector("geo_country")).isNotNull();
      TestRows.close(same);
      TestRows.close(empty);
    }
  }
}
