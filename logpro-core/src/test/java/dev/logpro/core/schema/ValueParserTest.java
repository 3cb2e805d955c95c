package dev.logpro.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValueParserTest {

  private final ValueParser parser = new ValueParser();

  private ColumnType classify(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    return parser.classify(b, 0, b.length);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "0|INT64", "-0|INT64", "42|INT64", "-9223372036854775808|INT64", "9223372036854775807|INT64",
      "9223372036854775808|STRING", "12345678901234567890123|STRING",
      "007|STRING", "02134|STRING", "-01|STRING", "00.5|STRING", "007.5|STRING",
      "0.5|FLOAT64", "-1.25|FLOAT64", "1e5|FLOAT64", "2.5E-3|FLOAT64", "1.|STRING", ".5|STRING", "+1|STRING",
      "true|BOOL", "FALSE|BOOL", "True|BOOL", "yes|STRING",
      "2026-01-01|DATE", "2024-02-29|DATE", "2023-02-29|STRING", "2026-13-01|STRING", "2026-1-01|STRING",
      "2026-01-01T10:00:00.123Z|TIMESTAMP_TZ", "2026-01-01T10:00:00+02:00|TIMESTAMP_TZ",
      "2026-01-01 10:00:00-0530|TIMESTAMP_TZ", "2026-01-01T10:00Z|TIMESTAMP_TZ", "2026-01-01T10:00:00+02|TIMESTAMP_TZ",
      "2026-01-01T10:00:00|TIMESTAMP", "2026-01-01 10:00:00.123456789|TIMESTAMP", "2026-01-01T10:00|TIMESTAMP",
      "2026-01-01T24:00:00|STRING", "2026-01-01T10:00:00.|STRING", "2026-01-01T10:00:00.1234567890|STRING",
      "2026-01-01T10:00:00+2:00|STRING", "2026-01-01T10:00:00 Z|STRING", "2026-01-01X10:00:00|STRING",
      "abc|STRING", "NaN|STRING", "1,5|STRING"})
  void classifiesText(String text, ColumnType expected) {
    assertThat(classify(text)).isEqualTo(expected);
  }

  @Test
  void emptyTextHasNoType() {
    assertThat(parser.classify(new byte[0], 0, 0)).isNull();
  }

  @Test
  void convertsOffsetsToUtc() {
    assertThat(classify("2026-01-01T10:00:00.123Z")).isEqualTo(ColumnType.TIMESTAMP_TZ);
    assertThat(parser.longValue()).isEqualTo(micros(Instant.parse("2026-01-01T10:00:00.123Z")));
    classify("2026-01-01T10:00:00+02:00");
    assertThat(parser.longValue()).isEqualTo(micros(Instant.parse("2026-01-01T08:00:00Z")));
    classify("2026-01-01 01:30:00-0530");
    assertThat(parser.longValue()).isEqualTo(micros(Instant.parse("2026-01-01T07:00:00Z")));
  }

  @Test
  void keepsMicrosecondsOfLongFractions() {
    classify("1969-12-31T23:59:59.9999999");
    assertThat(parser.longValue()).isEqualTo(-1);
    classify("2026-01-01T10:00:00.5");
    assertThat(parser.longValue())
        .isEqualTo(ChronoUnit.MICROS.between(Instant.EPOCH, LocalDateTime.parse("2026-01-01T10:00:00.5")
            .toInstant(ZoneOffset.UTC)));
  }

  @Test
  void datesAreEpochDays() {
    for (String date : new String[] {"1970-01-01", "0001-01-01", "1600-03-01", "2000-02-29", "9999-12-31"}) {
      assertThat(classify(date)).isEqualTo(ColumnType.DATE);
      assertThat(parser.longValue()).as(date).isEqualTo(LocalDate.parse(date).toEpochDay());
    }
    byte[] date = "2026-03-04".getBytes(StandardCharsets.UTF_8);
    assertThat(parser.parseTimestampMicros(date, 0, date.length)).isTrue();
    assertThat(parser.longValue()).isEqualTo(LocalDate.parse("2026-03-04").toEpochDay() * 86_400_000_000L);
  }

  @Test
  void parsesIntegersAtTheLimits() {
    assertThat(parseInt("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
    assertThat(parseInt("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
    assertThat(parseInt("007")).isEqualTo(7);
    byte[] overflow = "9223372036854775808".getBytes(StandardCharsets.UTF_8);
    assertThat(parser.parseInt64(overflow, 0, overflow.length)).isFalse();
    assertThat(parser.parseInt64(new byte[] {'-'}, 0, 1)).isFalse();
  }

  private long parseInt(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    assertThat(parser.parseInt64(b, 0, b.length)).isTrue();
    return parser.longValue();
  }

  @Test
  void parsesFloatsExactlyAsJavaDoes() {
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      String text = switch (i % 4) {
        case 0 -> Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
        case 1 -> random.nextInt(1_000_000) + "." + random.nextInt(1000);
        case 2 -> (random.nextLong() >> random.nextInt(63)) + "e" + (random.nextInt(60) - 30);
        default -> "0.000" + random.nextInt(1_000_000_000) + "123456789";
      };
      byte[] b = text.getBytes(StandardCharsets.UTF_8);
      assertThat(parser.parseFloat64(b, 0, b.length)).as(text).isTrue();
      assertThat(parser.doubleValue()).as(text).isEqualTo(Double.parseDouble(text));
    }
  }

  @Test
  void widensTypes() {
    assertThat(ColumnType.widen(null, ColumnType.INT64)).isEqualTo(ColumnType.INT64);
    assertThat(ColumnType.widen(ColumnType.INT64, ColumnType.FLOAT64)).isEqualTo(ColumnType.FLOAT64);
    assertThat(ColumnType.widen(ColumnType.DATE, ColumnType.TIMESTAMP)).isEqualTo(ColumnType.TIMESTAMP);
    assertThat(ColumnType.widen(ColumnType.TIMESTAMP_TZ, ColumnType.DATE)).isEqualTo(ColumnType.TIMESTAMP_TZ);
    assertThat(ColumnType.widen(ColumnType.TIMESTAMP_TZ, ColumnType.TIMESTAMP)).isEqualTo(ColumnType.STRING);
    assertThat(ColumnType.widen(ColumnType.INT64, ColumnType.BOOL)).isEqualTo(ColumnType.STRING);
    assertThat(ColumnType.widen(ColumnType.STRING, ColumnType.INT64)).isEqualTo(ColumnType.STRING);
  }

  private static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }
}
