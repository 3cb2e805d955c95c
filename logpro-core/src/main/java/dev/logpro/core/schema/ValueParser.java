package dev.logpro.core.schema;

import java.nio.charset.StandardCharsets;

/**
 * Parses and classifies values written as text (a CSV field, a JSON number or string) straight from bytes, without
 * allocating: each method reports success and leaves its result in {@link #longValue()} or {@link #doubleValue()}.
 * One instance per thread; it keeps only the last result.
 */
public final class ValueParser {

  private static final double[] POWERS_OF_TEN = new double[23];

  static {
    double power = 1;
    for (int i = 0; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = power;
      power *= 10;
    }
  }

  /** {@link #numberShape}: not a number as JSON writes them, or written with leading zeros ({@code 007}). */
  public static final int NOT_A_NUMBER = 0;
  /** {@link #numberShape}: digits with an optional minus sign. */
  public static final int INTEGER = 1;
  /** {@link #numberShape}: a number with a fraction or an exponent. */
  public static final int DECIMAL = 2;

  private long longValue;
  private double doubleValue;

  /** The last integer, epoch day (dates) or epoch microsecond (timestamps) parsed. */
  public long longValue() {
    return longValue;
  }

  /** The last floating-point value parsed. */
  public double doubleValue() {
    return doubleValue;
  }

  /**
   * The type inference gives this text, or {@code null} for an empty value. Numbers follow JSON's grammar; a number
   * written with leading zeros ({@code 007}, {@code 02134}) and an integer too large for int64 stay strings, so ids and
   * zip codes keep their digits. Booleans are {@code true}/{@code false} in any case.
   */
  public ColumnType classify(byte[] b, int off, int len) {
    if (len == 0) {
      return null;
    }
    int shape = numberShape(b, off, len);
    if (shape == INTEGER) {
      return parseInt64(b, off, len) ? ColumnType.INT64 : ColumnType.STRING;
    }
    if (shape == DECIMAL) {
      return ColumnType.FLOAT64;
    }
    if (parseBoolean(b, off, len)) {
      return ColumnType.BOOL;
    }
    ColumnType temporal = Temporals.parse(b, off, len, this);
    return temporal != null ? temporal : ColumnType.STRING;
  }

  /** Whether the text is a number by JSON's grammar without leading zeros: {@link #INTEGER}, {@link #DECIMAL}. */
  public static int numberShape(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    if (i < end && b[i] == '-') {
      i++;
    }
    int digitsStart = i;
    while (i < end && isDigit(b[i])) {
      i++;
    }
    if (i == digitsStart || (b[digitsStart] == '0' && i - digitsStart > 1)) {
      return NOT_A_NUMBER;
    }
    int shape = INTEGER;
    if (i < end && b[i] == '.') {
      int fractionStart = ++i;
      while (i < end && isDigit(b[i])) {
        i++;
      }
      if (i == fractionStart) {
        return NOT_A_NUMBER;
      }
      shape = DECIMAL;
    }
    if (i < end && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      if (i < end && (b[i] == '+' || b[i] == '-')) {
        i++;
      }
      int exponentStart = i;
      while (i < end && isDigit(b[i])) {
        i++;
      }
      if (i == exponentStart) {
        return NOT_A_NUMBER;
      }
      shape = DECIMAL;
    }
    return i == end ? shape : NOT_A_NUMBER;
  }

  /** Parses an integer with an optional sign (leading zeros allowed) that fits in 64 bits. */
  public boolean parseInt64(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    boolean negative = false;
    if (i < end && (b[i] == '-' || b[i] == '+')) {
      negative = b[i] == '-';
      i++;
    }
    if (i == end) {
      return false;
    }
    long value = 0; // accumulated negatively so that Long.MIN_VALUE fits
    for (; i < end; i++) {
      int digit = b[i] - '0';
      if (digit < 0 || digit > 9 || value < Long.MIN_VALUE / 10) {
        return false;
      }
      value *= 10;
      if (value < Long.MIN_VALUE + digit) {
        return false;
      }
      value -= digit;
    }
    if (!negative && value == Long.MIN_VALUE) {
      return false;
    }
    longValue = negative ? value : -value;
    return true;
  }

  /**
   * Parses a decimal number ({@code -12.5e3}, leading zeros allowed). Short numbers are computed exactly from their
   * digits; long ones fall back to {@link Double#parseDouble}.
   */
  public boolean parseFloat64(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    boolean negative = false;
    if (i < end && (b[i] == '-' || b[i] == '+')) {
      negative = b[i] == '-';
      i++;
    }
    long mantissa = 0;
    int significantDigits = 0;
    int exponent = 0;
    boolean exact = true;
    int digitsStart = i;
    for (; i < end && isDigit(b[i]); i++) {
      if (significantDigits < 18) {
        mantissa = mantissa * 10 + (b[i] - '0');
        significantDigits += mantissa == 0 ? 0 : 1;
      } else {
        exponent++;
        exact &= b[i] == '0';
      }
    }
    boolean anyDigit = i > digitsStart;
    if (i < end && b[i] == '.') {
      int fractionStart = ++i;
      for (; i < end && isDigit(b[i]); i++) {
        if (significantDigits < 18) {
          mantissa = mantissa * 10 + (b[i] - '0');
          significantDigits += mantissa == 0 ? 0 : 1;
          exponent--;
        } else {
          exact &= b[i] == '0';
        }
      }
      anyDigit |= i > fractionStart;
    }
    if (!anyDigit) {
      return false;
    }
    if (i < end && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      boolean negativeExponent = false;
      if (i < end && (b[i] == '+' || b[i] == '-')) {
        negativeExponent = b[i] == '-';
        i++;
      }
      int exponentStart = i;
      int written = 0;
      for (; i < end && isDigit(b[i]); i++) {
        written = Math.min(written * 10 + (b[i] - '0'), 100_000);
      }
      if (i == exponentStart) {
        return false;
      }
      exponent += negativeExponent ? -written : written;
    }
    if (i != end) {
      return false;
    }
    if (exact && mantissa < (1L << 53) && exponent >= -22 && exponent <= 22) {
      double value = exponent < 0 ? mantissa / POWERS_OF_TEN[-exponent] : mantissa * POWERS_OF_TEN[exponent];
      doubleValue = negative ? -value : value;
    } else {
      doubleValue = Double.parseDouble(new String(b, off, len, StandardCharsets.ISO_8859_1));
    }
    return true;
  }

  /** Parses {@code true} or {@code false} in any case into {@link #longValue()} (1 or 0). */
  public boolean parseBoolean(byte[] b, int off, int len) {
    if (len == 4 && lower(b[off]) == 't' && lower(b[off + 1]) == 'r' && lower(b[off + 2]) == 'u'
        && lower(b[off + 3]) == 'e') {
      longValue = 1;
      return true;
    }
    if (len == 5 && lower(b[off]) == 'f' && lower(b[off + 1]) == 'a' && lower(b[off + 2]) == 'l'
        && lower(b[off + 3]) == 's' && lower(b[off + 4]) == 'e') {
      longValue = 0;
      return true;
    }
    return false;
  }

  /**
   * Parses an ISO-8601 date or timestamp (see {@link Temporals}) into {@link #longValue()}: epoch days for
   * {@link ColumnType#DATE}, epoch microseconds in UTC for timestamps. Returns which it was, or {@code null}.
   */
  public ColumnType parseTemporal(byte[] b, int off, int len) {
    return Temporals.parse(b, off, len, this);
  }

  /** Parses a timestamp (a date counts as its midnight) into UTC epoch microseconds in {@link #longValue()}. */
  public boolean parseTimestampMicros(byte[] b, int off, int len) {
    ColumnType type = Temporals.parse(b, off, len, this);
    if (type == ColumnType.DATE) {
      longValue = Temporals.midnightMicros(longValue);
    }
    return type != null;
  }

  /** Parses a {@code YYYY-MM-DD} date into epoch days in {@link #longValue()}. */
  public boolean parseDate(byte[] b, int off, int len) {
    return Temporals.parse(b, off, len, this) == ColumnType.DATE;
  }

  void setLongValue(long value) {
    longValue = value;
  }

  static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  private static int lower(byte c) {
    return c | 0x20;
  }
}
