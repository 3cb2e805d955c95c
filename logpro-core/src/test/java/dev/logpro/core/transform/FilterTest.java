package dev.logpro.core.transform;

import static dev.logpro.core.transform.TestRows.apply;
import static dev.logpro.core.transform.TestRows.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logpro.api.Transform;
import dev.logpro.testkit.NoArrowLeaks;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoArrowLeaks.class)
class FilterTest {
  private static final String EVENTS = """
      id,status,latency_ms,n
      1,ok,12.5,3
      2,deleted,1.0,4
      3,ok,900.0,5
      4,,3.0,
      5,ok,,0
      """;

  private static Transform filter(String where, BufferAllocator allocator) {
    return new FilterTransformFactory().create(new FilterTransformFactory.Config(where), TestRows.context(allocator));
  }

  @Test
  void keepsTheRowsForWhichTheExpressionIsTrue(BufferAllocator allocator) {
    try (VectorSchemaRoot input = TestRows.csv(allocator, EVENTS);
        Transform filter = filter("status != 'deleted' && latency_ms < 500", allocator)) {
      Transform.Result result = apply(filter, input);
      // row 4: a null status is not 'deleted' and 3.0 < 500; row 5: a null latency cannot be compared, so it is out
      assertThat(column(result.root(), "id")).containsExactly(1L, 4L);
      assertThat(result.deadLetters()).isEmpty();
      TestRows.close(result);
    }
  }

  @Test
  void nullsCanBeTestedAndOtherwiseCountAsFalse(BufferAllocator allocator) {
    try (VectorSchemaRoot input = TestRows.csv(allocator, EVENTS);
        Transform isNull = filter("n == null", allocator);
        Transform compare = filter("n > 2", allocator)) {
      Transform.Result nulls = apply(isNull, input);
      Transform.Result compared = apply(compare, input);
      assertThat(column(nulls.root(), "id")).containsExactly(4L);
      assertThat(column(compared.root(), "id")).containsExactly(1L, 2L, 3L);
      assertThat(compared.deadLetters()).isEmpty();
      TestRows.close(nulls);
      TestRows.close(compared);
    }
  }

  @Test
  void aRowWhoseExpressionFailsIsADeadLetterWithTheRowAsJson(BufferAllocator allocator) {
    try (VectorSchemaRoot input = TestRows.csv(allocator, EVENTS);
        Transform filter = filter("10 / n > 1", allocator)) {
      Transform.Result result = apply(filter, input);
      assertThat(column(result.root(), "id")).containsExactly(1L, 2L, 3L);
      assertThat(result.deadLetters()).singleElement().satisfies(letter -> {
        assertThat(new String(letter.raw())).isEqualTo("{\"id\":5,\"status\":\"ok\",\"latency_ms\":null,\"n\":0}");
        assertThat(letter.error()).contains("cannot evaluate where").contains("by zero");
        assertThat(letter.stage()).isEqualTo("transform");
      });
      TestRows.close(result);
    }
  }

  @Test
  void whenNoRowRemainsThereIsNoBatch(BufferAllocator allocator) {
    try (VectorSchemaRoot input = TestRows.csv(allocator, EVENTS);
        Transform filter = filter("id > 100", allocator)) {
      Transform.Result result = apply(filter, input);
      assertThat(result.root()).isNull();
      assertThat(result.deadLetters()).isEmpty();
    }
  }

  @Test
  void anEmptyBatchGivesAnEmptyBatchOfTheSameColumns(BufferAllocator allocator) {
    try (VectorSchemaRoot input = TestRows.csv(allocator, EVENTS);
        Transform filter = filter("id > 1", allocator)) {
      input.setRowCount(0);
      Transform.Result result = filter.apply(input);
      assertThat(result.root().getRowCount()).isZero();
      assertThat(result.root().getSchema()).isEqualTo(input.getSchema());
      TestRows.close(result);
    }
  }

  @Test
  void nestedColumnsAreMaps(BufferAllocator allocator) {
    try (VectorSchemaRoot input = TestRows.json(allocator, """
            {"id": 1, "geo": {"country": "DE", "zip": "10115"}}
            {"id": 2, "geo": {"country": "FR", "zip": "75001"}}
            {"id": 3, "geo": null}
            """);
        Transform filter = filter("geo != null && geo.country == 'DE'", allocator)) {
      Transform.Result result = apply(filter, input);
      assertThat(column(result.root(), "id")).containsExactly(1L);
      TestRows.close(result);
    }
  }

  @Test
  void timestampsCompareWithCelTimestamps(BufferAllocator allocator) {
    try (VectorSchemaRoot input = TestRows.csv(allocator, """
            id,ts
            1,2024-01-01T10:00:00Z
            2,2024-06-01T10:00:00Z
            """);
        Transform filter = filter("ts >= timestamp('2024-03-01T00:00:00Z')", allocator)) {
      Transform.Result result = apply(filter, input);
      assertThat(column(result.root(), "id")).containsExactly(2L);
      TestRows.close(result);
    }
  }

  @Test
  void syntaxErrorsAreConfigErrorsAndUnknownColumnsFailOnTheFirstBatch(BufferAllocator allocator) {
    assertThatThrownBy(() -> new FilterTransformFactory.Config("latency_ms < "))
        .hasMessageStartingWith("where: cannot compile CEL: ");
    assertThatThrownBy(() -> new FilterTransformFactory.Config("status + 1"))
        .as("whatever the columns' types, the result is no bool")
        .hasMessage("where: cannot compile CEL: 1:8: expected type 'bool' but found 'int'");
    assertThatThrownBy(() -> new FilterTransformFactory.Config("sise(status) > 1"))
        .hasMessageStartingWith("where: cannot compile CEL: ")
        .hasMessageContaining("sise");
    try (VectorSchemaRoot input = TestRows.csv(allocator, EVENTS);
        Transform filter = filter("latency > 5", allocator)) {
      assertThatThrownBy(() -> filter.apply(input))
          .hasMessageContaining("where: cannot compile CEL")
          .hasMessageContaining("undeclared reference to 'latency'");
    }
    try (VectorSchemaRoot input = TestRows.csv(allocator, EVENTS);
        Transform filter = filter("status > 1 && status == 'ok'", allocator)) {
      assertThatThrownBy(() -> filter.apply(input)).as("status is a string")
          .hasMessageContaining("where: cannot compile CEL");
    }
  }
}
