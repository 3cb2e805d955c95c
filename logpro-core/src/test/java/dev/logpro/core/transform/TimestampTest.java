package dev.logpro.core.transform;

import static dev.logpro.core.transform.CastTest.micros;
import static dev.logpro.core.transform.TestRows.apply;
import static dev.logpro.core.transform.TestRows.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logpro.api.DeadLetter;
import dev.logpro.api.Transform;
import dev.logpro.testkit.NoArrowLeaks;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoArrowLeaks.class)
class TimestampTest {

  private static Transform timestamp(BufferAllocator allocator, String column, String format, String zone,
      String into) {
    return new TimestampTransformFactory().create(new TimestampTransformFactory.Config(column, format, zone, into),
        TestRows.context(allocator));
  }

  /** The declared policy for zone-less times: wall clock in the zone; gap moves later, overlap takes the earlier. */
  @Test
  void zoneLessTimesAreWallClockTimesInTheDeclaredZone(BufferAllocator allocator) {
    // "t" holds text: a value with letters keeps inference from typing the column
    try (VectorSchemaRoot input = TestRows.csv(allocator, """
            id,t
            1,2024-01-15T12:00:00
            2,2024-07-15T12:00:00
            3,2024-03-31T02:30:00
            4,2024-10-27T02:30:00
            5,2024-07-15T12:00:00Z
            6,2024-07-15
            7,not a time
            8,
            """);
        Transform berlin = timestamp(allocator, "t", "iso", "Europe/Berlin", "ts")) {
      Transform.Result result = apply(berlin, input);
      assertThat(column(result.root(), "ts")).containsExactly(
          micros("2024-01-15T11:00:00Z"), // CET, +01:00
          micros("2024-07-15T10:00:00Z"), // CEST, +02:00
          micros("2024-03-31T01:30:00Z"), // 02:30 does not exist: moved to 03:30 CEST
          micros("2024-10-27T00:30:00Z"), // 02:30 happens twice: the earlier, CEST
          micros("2024-07-15T12:00:00Z"), // an offset wins over the zone
          micros("2024-07-14T22:00:00Z"), // a date is its midnight in the zone
          null);
      assertThat(result.root().getVector("ts").getField().getType())
          .isEqualTo(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"));
      assertThat(column(result.root(), "t")).as("the column read stays").hasSize(7);
      assertThat(result.deadLetters()).extracting(DeadLetter::error)
          .containsExactly("column t: cannot read \"not a time\" as an ISO-8601 timestamp");
      TestRows.close(result);
    }
  }

  @Test
  void utcIsTheDefaultAndAFixedOffsetWorksToo(BufferAllocator allocator) {
    try (VectorSchemaRoot input = TestRows.csv(allocator, "t\n2024-01-15T12:00:00\n");
        Transform utc = timestamp(allocator, "t", null, null, null);
        Transform offset = timestamp(allocator, "t", null, "-05:00", null)) {
      Transform.Result inUtc = apply(utc, input);
      Transform.Result inOffset = apply(offset, input);
      assertThat(column(inUtc.root(), "t")).containsExactly(micros("2024-01-15T12:00:00Z"));
      assertThat(column(inOffset.root(), "t")).containsExactly(micros("2024-01-15T17:00:00Z"));
      TestRows.close(inUtc);
      TestRows.close(inOffset);
    }
  }

  @Test
  void epochNumbersAndPatterns(BufferAllocator allocator) {
    try (VectorSchemaRoot input = TestRows.csv(allocator, """
            ms,s,text
            1700000000123,1700000000.5,15/11/2023 22:13:20
            ,-1,32/13/2023 00:00:00
            """);
        Transform ms = timestamp(allocator, "ms", "epoch_ms", null, null);
        Transform s = timestamp(allocator, "s", "epoch_s", null, null);
        Transform pattern = timestamp(allocator, "text", "dd/MM/yyyy HH:mm:ss", "UTC", null)) {
      Transform.Result fromMs = apply(ms, input);
      Transform.Result fromS = apply(s, input);
      Transform.Result fromPattern = apply(pattern, input);
      assertThat(column(fromMs.root(), "ms")).containsExactly(1_700_000_000_123_000L, null);
      assertThat(column(fromS.root(), "s")).containsExactly(1_700_000_000_500_000L, -1_000_000L);
      assertThat(column(fromPattern.root(), "text")).containsExactly(micros("2023-11-15T22:13:20Z"));
      assertThat(fromPattern.deadLetters()).singleElement()
          .satisfies(l -> assertThat(l.error()).startsWith("column text: cannot read \"32/13/2023 00:00:00\""));
      TestRows.close(fromMs);
      TestRows.close(fromS);
      TestRows.close(fromPattern);
    }
  }

  @Test
  void misconfigurationsAreErrors(BufferAllocator allocator) {
    assertThatThrownBy(() -> new TimestampTransformFactory.Config("t", null, "Mars/Olympus", null))
        .hasMessage("timezone: unknown time zone 'Mars/Olympus'");
    try (VectorSchemaRoot input = TestRows.csv(allocator, "n\n5\n");
        Transform iso = timestamp(allocator, "n", "iso", null, null)) {
      assertThatThrownBy(() -> iso.apply(input)).hasMessageStartingWith("format: column n holds numbers");
    }
  }
}
