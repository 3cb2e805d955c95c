package dev.logpro.core.transform;

import static dev.logpro.core.transform.TestRows.apply;
import static dev.logpro.core.transform.TestRows.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logpro.api.DeadLetter;
import dev.logpro.api.Transform;
import dev.logpro.testkit.NoArrowLeaks;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoArrowLeaks.class)
class CastTest {

  static long micros(String instant) {
    java.time.Instant i = java.time.Instant.parse(instant);
    return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
  }

  private static Transform cast(BufferAllocator allocator, Map<String, String> columns) {
    return new CastTransformFactory().create(new CastTransformFactory.Config(columns), TestRows.context(allocator));
  }

  @Test
  void convertsTextAndSendsRowsThatDoNotConvertToTheDeadLetterQueue(BufferAllocator allocator) {
    Map<String, String> types = new LinkedHashMap<>();
    types.put("user_id", "long");
    types.put("amount", "decimal(6,2)");
    types.put("day", "date");
    types.put("ts", "timestamptz");
    types.put("ok", "boolean");
    // leading zeros keep user_id a string column on inference
    try (VectorSchemaRoot input = TestRows.csv(allocator, """
            user_id,amount,day,ts,ok
            007,12.345,2024-02-29,2024-01-01T10:00:00+02:00,TRUE
            008,x,2024-03-01,2024-01-01 10:00:00,false
            009,1.5,,2024-01-01,false
            010,99999.99,2024-03-01,2024-01-01T00:00:00Z,true
            """);
        Transform cast = cast(allocator, types)) {
      Transform.Result result = apply(cast, input);
      VectorSchemaRoot out = result.root();
      assertThat(column(out, "user_id")).containsExactly(7L, 9L);
      assertThat(column(out, "amount")).containsExactly(new BigDecimal("12.35"), new BigDecimal("1.50"));
      assertThat(column(out, "day")).containsExactly((int) LocalDate.parse("2024-02-29").toEpochDay(), null);
      assertThat(column(out, "ts")).containsExactly(micros("2024-01-01T08:00:00Z"), micros("2024-01-01T00:00:00Z"));
      assertThat(out.getVector("ts").getField().getType()).isEqualTo(CastType.parse("timestamptz"));
      assertThat(column(out, "ok")).containsExactly(true, false);
      assertThat(result.deadLetters()).extracting(DeadLetter::error).containsExactly(
          "column amount: cannot convert \"x\" to decimal(6,2) (it is not a number)",
          "column amount: cannot convert \"99999.99\" to decimal(6,2) (it has more than 6 digits)");
      assertThat(new String(result.deadLetters().get(0).raw())).contains("\"user_id\":\"008\"");
      TestRows.close(result);
    }
  }

  @Test
  void numbersNarrowOnlyWhenTheyFit(BufferAllocator allocator) {
    try (VectorSchemaRoot input = TestRows.csv(allocator, """
            id,big,x
            1,3000000000,2.0
            2,5,2.5
            """);
        Transform cast = cast(allocator, Map.of("big", "int", "x", "long", "id", "string"))) {
      Transform.Result result = apply(cast, input);
      assertThat(result.root()).as("no row remains").isNull();
      assertThat(result.deadLetters()).extracting(DeadLetter::error).containsExactly(
          "column big: cannot convert \"3000000000\" to int (it is out of range)",
          "column x: cannot convert \"2.5\" to long (it has a fraction)");
      TestRows.close(result);
    }
  }

  @Test
  void numbersBecomeText(BufferAllocator allocator) {
    try (VectorSchemaRoot input = TestRows.csv(allocator, "id,v\n-42,1.5\n0,\n9223372036854775807,2\n");
        Transform cast = cast(allocator, Map.of("id", "string", "v", "string"))) {
      Transform.Result result = apply(cast, input);
      assertThat(column(result.root(), "id")).containsExactly("-42", "0", "9223372036854775807");
      assertThat(column(result.root(), "v")).containsExactly("1.5", null, "2.0");
      assertThat(result.root().getVector("id").getField().getType()).isEqualTo(ArrowType.Utf8.INSTANCE);
      TestRows.close(result);
    }
  }

  @Test
  void castsThatMakeNoSenseFailOnTheFirstBatch(BufferAllocator allocator) {
    try (VectorSchemaRoot input = TestRows.csv(allocator, "id,ts\n1,2024-01-01T00:00:00Z\n");
        Transform toTime = cast(allocator, Map.of("id", "timestamp"));
        Transform missing = cast(allocator, Map.of("nope", "long"))) {
      assertThatThrownBy(() -> toTime.apply(input)).hasMessageContaining("cannot cast column id from long to"
          + " timestamp (to read epoch numbers as times, use the timestamp transform)");
      assertThatThrownBy(() -> missing.apply(input)).hasMessage("columns: no column nope in the batch");
    }
    assertThatThrownBy(() -> new CastTransformFactory.Config(Map.of("id", "bigger")))
        .hasMessageStartingWith("columns.id: unknown type 'bigger'");
  }
}
