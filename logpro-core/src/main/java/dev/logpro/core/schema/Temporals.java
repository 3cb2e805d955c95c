package dev.logpro.core.schema;

/**
 * ISO-8601 dates and timestamps read straight from bytes: {@code YYYY-MM-DD}, then optionally {@code T} (or a space)
 * and {@code HH:MM[:SS[.fraction]]} with 1 to 9 fraction digits (kept to the microsecond), then optionally {@code Z}
 * or an offset {@code ±HH[:MM]}, converted to UTC.
 */
final class Temporals {

  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;

  private Temporals() {}

  /** Parses into {@code out}: epoch days for a date, UTC epoch microseconds for a timestamp; {@code null} if neither. */
  static ColumnType parse(byte[] b, int off, int len, ValueParser out) {
    int end = off + len;
    if (len < 10 || b[off + 4] != '-' || b[off + 7] != '-') {
      return null;
    }
    int year = digits(b, off, 4);
    int month = digits(b, off + 5, 2);
    int day = digits(b, off + 8, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
      return null;
    }
    long epochDay = epochDay(year, month, day);
    if (len == 10) {
      out.setLongValue(epochDay);
      return ColumnType.DATE;
    }
    int i = off + 10;
    if ((b[i] != 'T' && b[i] != 't' && b[i] != ' ') || end - i < 6 || b[i + 3] != ':') {
      return null;
    }
    int hour = digits(b, i + 1, 2);
    int minute = digits(b, i + 4, 2);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59) {
      return null;
    }
    i += 6;
    int second = 0;
    long micros = 0;
    if (i < end && b[i] == ':') {
      second = end - i >= 3 ? digits(b, i + 1, 2) : -1;
      if (second < 0 || second > 59) {
        return null;
      }
      i += 3;
      if (i < end && b[i] == '.') {
        int fractionStart = ++i;
        while (i < end && ValueParser.isDigit(b[i]) && i - fractionStart < 9) {
          if (i - fractionStart < 6) {
            micros = micros * 10 + (b[i] - '0');
          }
          i++;
        }
        int fractionDigits = i - fractionStart;
        if (fractionDigits == 0) {
          return null;
        }
        for (int d = fractionDigits; d < 6; d++) {
          micros *= 10;
        }
      }
    }
    long value = epochDay * MICROS_PER_DAY + ((hour * 60L + minute) * 60 + second) * MICROS_PER_SECOND + micros;
    if (i == end) {
      out.setLongValue(value);
      return ColumnType.TIMESTAMP;
    }
    long offsetMinutes = zoneOffsetMinutes(b, i, end);
    if (offsetMinutes == Long.MIN_VALUE) {
      return null;
    }
    out.setLongValue(value - offsetMinutes * 60 * MICROS_PER_SECOND);
    return ColumnType.TIMESTAMP_TZ;
  }

  /** Minutes east of UTC for {@code Z}, {@code ±HH}, {@code ±HHMM} or {@code ±HH:MM}; {@code Long.MIN_VALUE} if invalid. */
  private static long zoneOffsetMinutes(byte[] b, int i, int end) {
    if (end - i == 1 && (b[i] == 'Z' || b[i] == 'z')) {
      return 0;
    }
    if (b[i] != '+' && b[i] != '-') {
      return Long.MIN_VALUE;
    }
    int sign = b[i] == '-' ? -1 : 1;
    int rest = end - i - 1;
    int hours = rest >= 2 ? digits(b, i + 1, 2) : -1;
    int minutes;
    if (rest == 2) {
      minutes = 0;
    } else if (rest == 4) {
      minutes = digits(b, i + 3, 2);
    } else if (rest == 5 && b[i + 3] == ':') {
      minutes = digits(b, i + 4, 2);
    } else {
      return Long.MIN_VALUE;
    }
    if (hours < 0 || hours > 18 || minutes < 0 || minutes > 59) {
      return Long.MIN_VALUE;
    }
    return sign * (hours * 60L + minutes);
  }

  /** The value of {@code count} ASCII digits, or -1 if any byte is not a digit. */
  private static int digits(byte[] b, int off, int count) {
    int value = 0;
    for (int i = off; i < off + count; i++) {
      if (!ValueParser.isDigit(b[i])) {
        return -1;
      }
      value = value * 10 + (b[i] - '0');
    }
    return value;
  }

  private static int daysInMonth(int year, int month) {
    if (month == 2) {
      boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
      return leap ? 29 : 28;
    }
    return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
  static long epochDay(int year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yearOfEra = y - era * 400;
    long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }

  /** A date's value in a timestamp column: its midnight, in microseconds. */
  static long midnightMicros(long epochDay) {
    return epochDay * MICROS_PER_DAY;
  }
}
