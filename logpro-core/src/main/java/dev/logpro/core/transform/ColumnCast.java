package dev.logpro.core.transform;

import dev.logpro.core.arrow.RowJson;
import dev.logpro.core.schema.ColumnType;
import dev.logpro.core.schema.ValueParser;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Converts the values of one column into a vector of another type, value by value without boxing on the common
 * paths (text to numbers, booleans, dates and timestamps; numbers between widths). A value that does not convert
 * exactly (text that is no number, a fraction into an integer, a number out of range, a decimal with more digits than
 * its precision) is refused with the reason; the caller sends its row to the dead-letter queue.
 *
 * <p>Casts change representation, never meaning: text with a zone offset cast to {@code timestamp} is its UTC wall
 * clock time, zone-less text cast to {@code timestamptz} is read as UTC; to read local times in a zone, or epoch
 * numbers as times, use the {@code timestamp} transform. Decimals round half up to their scale. Empty (or blank)
 * text becomes null in any type but string.
 */
final class ColumnCast {
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private enum From { INTEGER, FLOAT, BOOL, TEXT, DATE, TIMESTAMP, DECIMAL }

  private enum To { LONG, INT, DOUBLE, DECIMAL, BOOL, TEXT, DATE, TIMESTAMP }

  private final FieldVector source;
  private final FieldVector target;
  private final From from;
  private final To to;
  private final ArrowType targetType;
  private final ValueParser parser = new ValueParser();
  private byte[] scratch = new byte[64];

  /** @throws IllegalArgumentException when values of the source type cannot become the target type */
  ColumnCast(FieldVector source, FieldVector target) {
    this.source = source;
    this.target = target;
    this.targetType = target.getField().getType();
    check(source.getName(), source.getField().getType(), targetType);
    this.from = from(source.getField().getType());
    this.to = to(targetType);
  }

  /**
   * Checks that values of column {@code name} can be cast from {@code fromType} to {@code toType} at all.
   *
   * @throws IllegalArgumentException saying why not
   */
  static void check(String name, ArrowType fromType, ArrowType toType) {
    From f = from(fromType);
    To t = to(toType);
    String problem = f == null || t == null ? "" : unsupported(f, t);
    if (problem != null) {
      throw new IllegalArgumentException("cannot cast column " + name + " from " + CastType.name(fromType) + " to "
          + CastType.name(toType) + problem);
    }
  }

  /** Whether a column of type {@code from} can be cast to {@code to} at all. */
  static boolean supports(ArrowType from, ArrowType to) {
    From f = from(from);
    To t = to(to);
    return f != null && t != null && unsupported(f, t) == null;
  }

  private static String unsupported(From from, To to) {
    boolean temporalTarget = to == To.DATE || to == To.TIMESTAMP;
    if (temporalTarget && (from == From.INTEGER || from == From.FLOAT || from == From.DECIMAL || from == From.BOOL)) {
      return " (to read epoch numbers as times, use the timestamp transform)";
    }
    if ((from == From.DATE || from == From.TIMESTAMP) && !temporalTarget && to != To.TEXT) {
      return "";
    }
    return null;
  }

  private static From from(ArrowType type) {
    if (type instanceof ArrowType.Int) {
      return From.INTEGER;
    } else if (type instanceof ArrowType.FloatingPoint f && f.getPrecision() != org.apache.arrow.vector.types.FloatingPointPrecision.HALF) {
      return From.FLOAT;
    } else if (type instanceof ArrowType.Bool) {
      return From.BOOL;
    } else if (type instanceof ArrowType.Utf8) {
      return From.TEXT;
    } else if (type instanceof ArrowType.Date d && d.getUnit() == DateUnit.DAY) {
      return From.DATE;
    } else if (type instanceof ArrowType.Timestamp t && t.getUnit() == TimeUnit.MICROSECOND) {
      return From.TIMESTAMP;
    } else if (type instanceof ArrowType.Decimal) {
      return From.DECIMAL;
    }
    return null;
  }

  private static To to(ArrowType type) {
    if (type instanceof ArrowType.Int i && i.getIsSigned()) {
      return i.getBitWidth() == 64 ? To.LONG : i.getBitWidth() == 32 ? To.INT : null;
    } else if (type instanceof ArrowType.FloatingPoint f) {
      return f.getPrecision() == org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE ? To.DOUBLE : null;
    } else if (type instanceof ArrowType.Bool) {
      return To.BOOL;
    } else if (type instanceof ArrowType.Utf8) {
      return To.TEXT;
    } else if (type instanceof ArrowType.Date d && d.getUnit() == DateUnit.DAY) {
      return To.DATE;
    } else if (type instanceof ArrowType.Timestamp t && t.getUnit() == TimeUnit.MICROSECOND) {
      return To.TIMESTAMP;
    } else if (type instanceof ArrowType.Decimal) {
      return To.DECIMAL;
    }
    return null;
  }

  /**
   * Converts the value at {@code row} of the source into {@code out} of the target; a null stays null (nothing is
   * written: unwritten slots are null).
   *
   * @return {@code null} when it converted, else why not
   */
  String convert(int row, int out) {
    if (source.isNull(row)) {
      return null;
    }
    return switch (from) {
      case INTEGER -> fromLong(((BaseIntVector) source).getValueAsLong(row), out);
      case FLOAT -> fromDouble(source instanceof Float8Vector v ? v.get(row) : ((Float4Vector) source).get(row), out);
      case BOOL -> fromBoolean(((BitVector) source).get(row) != 0, out);
      case TEXT -> fromText(row, out);
      case DATE -> fromMicros(((DateDayVector) source).get(row) * MICROS_PER_DAY, true, out);
      case TIMESTAMP -> fromMicros(((TimeStampVector) source).get(row), false, out);
      case DECIMAL -> fromDecimal(((DecimalVector) source).getObject(row), out);
    };
  }

  private String fromLong(long value, int out) {
    switch (to) {
      case LONG -> ((BigIntVector) target).setSafe(out, value);
      case INT -> {
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
          return refuse(Long.toString(value), "it is out of range");
        }
        ((IntVector) target).setSafe(out, (int) value);
      }
      case DOUBLE -> ((Float8Vector) target).setSafe(out, value);
      case DECIMAL -> {
        return writeDecimal(BigDecimal.valueOf(value), out);
      }
      case BOOL -> {
        if (value != 0 && value != 1) {
          return refuse(Long.toString(value), "only 0 and 1 are booleans");
        }
        ((BitVector) target).setSafe(out, (int) value);
      }
      case TEXT -> {
        int start = digits(value);
        ((VarCharVector) target).setSafe(out, scratch, start, 21 - start);
      }
      default -> throw new IllegalStateException("checked in the constructor");
    }
    return null;
  }

  private String fromDouble(double value, int out) {
    switch (to) {
      case LONG, INT -> {
        if (value != Math.rint(value) || Double.isInfinite(value) || value < -0x1p63 || value >= 0x1p63) {
          return refuse(Double.toString(value), value != Math.rint(value) ? "it has a fraction" : "it is out of range");
        }
        return fromLong((long) value, out);
      }
      case DOUBLE -> ((Float8Vector) target).setSafe(out, value);
      case DECIMAL -> {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
          return refuse(Double.toString(value), "it is not a finite number");
        }
        return writeDecimal(BigDecimal.valueOf(value), out);
      }
      case BOOL -> {
        if (value != 0 && value != 1) {
          return refuse(Double.toString(value), "only 0 and 1 are booleans");
        }
        ((BitVector) target).setSafe(out, value == 1 ? 1 : 0);
      }
      case TEXT -> writeText(Double.toString(value).getBytes(StandardCharsets.US_ASCII), out);
      default -> throw new IllegalStateException("checked in the constructor");
    }
    return null;
  }

  private String fromBoolean(boolean value, int out) {
    if (to == To.TEXT) {
      writeText(value ? TRUE : FALSE, out);
      return null;
    }
    if (to == To.BOOL) {
      ((BitVector) target).setSafe(out, value ? 1 : 0);
      return null;
    }
    return fromLong(value ? 1 : 0, out);
  }

  private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);

  private String fromText(int row, int out) {
    VarCharVector text = (VarCharVector) source;
    int start = text.getStartOffset(row);
    int length = text.getEndOffset(row) - start;
    if (to == To.TEXT) {
      ((VarCharVector) target).setSafe(out, text.getDataBuffer().nioBuffer(start, length), 0, length);
      return null;
    }
    if (scratch.length < length) {
      scratch = new byte[Math.max(length, scratch.length * 2)];
    }
    text.getDataBuffer().getBytes(start, scratch, 0, length);
    int off = 0;
    while (off < length && scratch[off] == ' ') {
      off++;
    }
    while (length > off && scratch[length - 1] == ' ') {
      length--;
    }
    int len = length - off;
    if (len == 0) {
      return null; // empty text has no value of another type: null, as the CSV decoder reads an empty field
    }
    switch (to) {
      case LONG, INT -> {
        if (!parser.parseInt64(scratch, off, len)) {
          return refuse(scratch, off, len, "it is not an integer");
        }
        return fromLong(parser.longValue(), out);
      }
      case DOUBLE -> {
        if (!parser.parseFloat64(scratch, off, len)) {
          return refuse(scratch, off, len, "it is not a number");
        }
        ((Float8Vector) target).setSafe(out, parser.doubleValue());
      }
      case DECIMAL -> {
        try {
          return writeDecimal(new BigDecimal(new String(scratch, off, len, StandardCharsets.UTF_8)), out);
        } catch (NumberFormatException e) {
          return refuse(scratch, off, len, "it is not a number");
        }
      }
      case BOOL -> {
        if (!parser.parseBoolean(scratch, off, len)) {
          return refuse(scratch, off, len, "only true and false are booleans");
        }
        ((BitVector) target).setSafe(out, (int) parser.longValue());
      }
      case DATE -> {
        if (!parser.parseDate(scratch, off, len)) {
          return refuse(scratch, off, len, "it is not a YYYY-MM-DD date");
        }
        ((DateDayVector) target).setSafe(out, (int) parser.longValue());
      }
      case TIMESTAMP -> {
        ColumnType parsed = parser.parseTemporal(scratch, off, len);
        if (parsed == null) {
          return refuse(scratch, off, len, "it is not an ISO-8601 timestamp");
        }
        long micros = parsed == ColumnType.DATE ? parser.longValue() * MICROS_PER_DAY : parser.longValue();
        ((TimeStampVector) target).setSafe(out, micros);
      }
      default -> throw new IllegalStateException("checked in the constructor");
    }
    return null;
  }

  private String fromMicros(long micros, boolean isDate, int out) {
    switch (to) {
      case DATE -> ((DateDayVector) target).setSafe(out, (int) Math.floorDiv(micros, MICROS_PER_DAY));
      case TIMESTAMP -> ((TimeStampVector) target).setSafe(out, micros);
      case TEXT -> {
        String text;
        if (isDate) {
          text = LocalDate.ofEpochDay(Math.floorDiv(micros, MICROS_PER_DAY)).toString();
        } else if (((ArrowType.Timestamp) source.getField().getType()).getTimezone() != null) {
          text = RowJson.instant(micros).toString();
        } else {
          text = LocalDateTime.ofInstant(RowJson.instant(micros), ZoneOffset.UTC).toString();
        }
        writeText(text.getBytes(StandardCharsets.US_ASCII), out);
      }
      default -> throw new IllegalStateException("checked in the constructor");
    }
    return null;
  }

  private String fromDecimal(BigDecimal value, int out) {
    switch (to) {
      case DOUBLE -> ((Float8Vector) target).setSafe(out, value.doubleValue());
      case LONG, INT -> {
        try {
          return fromLong(value.longValueExact(), out);
        } catch (ArithmeticException e) {
          return refuse(value.toPlainString(), "it has a fraction or is out of range");
        }
      }
      case DECIMAL -> {
        return writeDecimal(value, out);
      }
      case TEXT -> writeText(value.toPlainString().getBytes(StandardCharsets.US_ASCII), out);
      case BOOL -> {
        return fromDouble(value.doubleValue(), out);
      }
      default -> throw new IllegalStateException("checked in the constructor");
    }
    return null;
  }

  private String writeDecimal(BigDecimal value, int out) {
    ArrowType.Decimal type = (ArrowType.Decimal) targetType;
    BigDecimal scaled = value.setScale(type.getScale(), RoundingMode.HALF_UP);
    if (scaled.precision() > type.getPrecision()) {
      return refuse(value.toPlainString(), "it has more than " + type.getPrecision() + " digits");
    }
    ((DecimalVector) target).setSafe(out, scaled);
    return null;
  }

  private void writeText(byte[] utf8, int out) {
    ((VarCharVector) target).setSafe(out, utf8, 0, utf8.length);
  }

  /** Writes the decimal digits of {@code value} into {@code scratch[start..21)} and returns start. */
  private int digits(long value) {
    int i = 21;
    long rest = value;
    do {
      scratch[--i] = (byte) ('0' + Math.abs(rest % 10));
      rest /= 10;
    } while (rest != 0);
    if (value < 0) {
      scratch[--i] = '-';
    }
    return i;
  }

  private String refuse(byte[] b, int off, int len, String why) {
    return refuse(new String(b, off, Math.min(len, 80), StandardCharsets.UTF_8), why);
  }

  private String refuse(String value, String why) {
    return "column " + source.getName() + ": cannot convert \"" + value + "\" to " + CastType.name(targetType) + " ("
        + why + ")";
  }
}
