package dev.logpro.core.validate;

import static dev.logpro.core.transform.TestRows.apply;
import static dev.logpro.core.transform.TestRows.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logpro.api.DeadLetter;
import dev.logpro.api.Transform;
import dev.logpro.core.transform.TestRows;
import dev.logpro.testkit.NoArrowLeaks;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoArrowLeaks.class)
class ValidatorTest {
  private static final String EVENTS = """
      id,ts,type,latency_ms,zip,amount
      1,2024-01-01T00:00:00Z,view,10.0,10115,5
      2,2024-01-01T00:00:00Z,view,-1.0,10115,5
      3,,view,10.0,10115,5
      4,2019-06-01T00:00:00Z,view,10.0,10115,5
      5,2024-01-01T00:00:00Z,buy,10.0,10115,5
      6,2024-01-01T00:00:00Z,view,10.0,1011x,5
      7,2024-01-01T00:00:00Z,view,10.0,10115,-3
      8,2024-01-01T00:00:00Z,view,,,
      """;

  private static ValidationRule notNull(String... columns) {
    return new ValidationRule(List.of(columns), null, null, null, null, null);
  }

  private static ValidationRule range(String column, Object min, Object max) {
    return new ValidationRule(null, Map.of(column, Arrays.asList(min, max)), null, null, null, null);
  }

  @Test
  void eachFailingRowGoesToTheDeadLetterQueueWithTheRuleThatFailed(BufferAllocator allocator) {
    List<ValidationRule> rules = List.of(
        notNull("id", "ts"),
        range("latency_ms", 0, 60000),
        range("ts", "2020-01-01", null),
        new ValidationRule(null, null, null, Map.of("type", List.of("view", "click")), null, null),
        new ValidationRule(null, null, Map.of("zip", "[0-9]{5}"), null, null, null),
        new ValidationRule(null, null, null, null, "amount == null || amount >= 0", "positive_amounts"));
    try (VectorSchemaRoot input = TestRows.csv(allocator, EVENTS)) {
      Validator validator = new Validator(rules, "processing.validate", allocator);
      Transform.Result result = apply(validator, input);
      assertThat(column(result.root(), "id")).as("nulls pass range, regex and allowed").containsExactly(1L, 8L);
      Map<String, Long> perRule = result.deadLetters().stream().collect(Collectors.groupingBy(
          l -> l.error().substring(0, l.error().indexOf(':')), Collectors.counting()));
      assertThat(perRule).containsOnly(Map.entry("rule not_null[0]", 1L), Map.entry("rule range[1]", 1L),
          Map.entry("rule range[2]", 1L), Map.entry("rule allowed[3]", 1L), Map.entry("rule regex[4]", 1L),
          Map.entry("rule positive_amounts (expr)", 1L));
      Map<String, DeadLetter> byRule = result.deadLetters().stream()
          .collect(Collectors.toMap(l -> l.error().substring(0, l.error().indexOf(':')), Function.identity()));
      assertThat(byRule.get("rule not_null[0]").error()).isEqualTo("rule not_null[0]: column ts is null");
      assertThat(new String(byRule.get("rule not_null[0]").raw())).startsWith("{\"id\":3,\"ts\":null,");
      assertThat(byRule.get("rule range[1]").error()).isEqualTo("rule range[1]: column latency_ms: -1.0 is outside [0, 60000]");
      assertThat(byRule.get("rule regex[4]").error()).contains("\"1011x\" does not match [0-9]{5}");
      assertThat(byRule.get("rule positive_amounts (expr)").error()).endsWith("expression is false");
      assertThat(result.deadLetters()).allSatisfy(l -> assertThat(l.stage()).isEqualTo("validate"));
      TestRows.close(result);
    }
  }

  @Test
  void anExpressionOverANullFailsAndEveryRowPassingSharesTheBatch(BufferAllocator allocator) {
    try (VectorSchemaRoot input = TestRows.csv(allocator, EVENTS)) {
      Validator strict = new Validator(List.of(new ValidationRule(null, null, null, null, "amount >= 0", null)),
          "processing.validate", allocator);
      Transform.Result result = apply(strict, input);
      assertThat(result.deadLetters()).extracting(DeadLetter::error).containsExactly(
          "rule expr[0]: expression is false",
          "rule expr[0]: expression cannot be evaluated: a column it uses is null");
      TestRows.close(result);
      Validator loose = new Validator(List.of(notNull("id")), "processing.validate", allocator);
      Transform.Result all = apply(loose, input);
      assertThat(all.root().getRowCount()).isEqualTo(8);
      assertThat(all.deadLetters()).isEmpty();
      TestRows.close(all);
    }
  }

  @Test
  void rulesAreCheckedWhenConfiguredAndWhenTheyMeetABatch(BufferAllocator allocator) {
    assertThatThrownBy(() -> new ValidationRule(List.of("id"), null, null, null, "id > 0", null))
        .hasMessage("give exactly one of not_null, range, regex, allowed, expr (got 2)");
    assertThatThrownBy(() -> new ValidationRule(null, null, Map.of("zip", "[0-9"), null, null, null))
        .hasMessageStartingWith("regex.zip: ");
    assertThatThrownBy(() -> new ValidationRule(null, Map.of("x", List.of(1)), null, null, null, null))
        .hasMessage("range.x: expected [min, max] with at least one bound");
    try (VectorSchemaRoot input = TestRows.csv(allocator, EVENTS)) {
      Validator missing = new Validator(List.of(notNull("id"), notNull("nope")), "processing.validate", allocator);
      assertThatThrownBy(() -> missing.apply(input))
          .hasMessage("processing.validate[1].not_null: no column nope in the batch");
      Validator wrongBound = new Validator(List.of(range("ts", 0, 1)), "processing.validate", allocator);
      assertThatThrownBy(() -> wrongBound.apply(input)).hasMessageContaining("write bound 0 as ISO-8601 text");
    }
  }
}
