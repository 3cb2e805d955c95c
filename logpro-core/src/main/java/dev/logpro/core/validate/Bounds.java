package dev.logpro.core.validate;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Reads the bounds of a {@code range} rule for date and timestamp columns. */
final class Bounds {
  private Bounds() {}

  /**
   * UTC epoch microseconds of an ISO-8601 date (its midnight), zone-less timestamp (read as UTC) or timestamp with
   * an offset.
   */
  static long micros(String text) {
    Instant instant;
    if (text.length() == 10) {
      instant = LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
    } else {
      try {
        instant = OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        instant = LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      }
    }
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
  }
}
