package dev.logpro.core.transform;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** The type names the {@code cast} transform accepts, and the Arrow types they stand for. */
final class CastType {
  static final String NAMES = "long, int, double, decimal(p,s), boolean, string, date, timestamp, timestamptz";
  private static final Pattern DECIMAL = Pattern.compile("decimal\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");

  private CastType() {}

  /**
   * The Arrow type named {@code name}.
   *
   * @throws IllegalArgumentException for an unknown name or a decimal whose precision is not 1 to 38, or whose scale
   *     exceeds it
   */
  static ArrowType parse(String name) {
    String text = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    switch (text) {
      case "long", "bigint", "int64":
        return new ArrowType.Int(64, true);
      case "int", "integer", "int32":
        return new ArrowType.Int(32, true);
      case "double", "float64":
        return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case "boolean", "bool":
        return ArrowType.Bool.INSTANCE;
      case "string":
        return ArrowType.Utf8.INSTANCE;
      case "date":
        return new ArrowType.Date(DateUnit.DAY);
      case "timestamp":
        return new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
      case "timestamptz":
        return new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
      default:
        break;
    }
    Matcher decimal = DECIMAL.matcher(text);
    if (decimal.matches()) {
      int precision = Integer.parseInt(decimal.group(1));
      int scale = Integer.parseInt(decimal.group(2));
      if (precision < 1 || precision > 38 || scale > precision) {
        throw new IllegalArgumentException("decimal precision must be 1 to 38 and scale at most the precision, got "
            + name);
      }
      return new ArrowType.Decimal(precision, scale, 128);
    }
    if (text.startsWith("decimal(") && !text.contains(")")) {
      throw new IllegalArgumentException("unknown type '" + name + "': in a YAML {...} map, quote a decimal type, as"
          + " in \"decimal(10,2)\", or its comma ends the value");
    }
    throw new IllegalArgumentException("unknown type '" + name + "' (expected one of: " + NAMES + ")");
  }

  /** How error messages name an Arrow type: as {@link #parse} would read it where it can. */
  static String name(ArrowType type) {
    if (type instanceof ArrowType.Int i) {
      return i.getBitWidth() == 64 ? "long" : "int";
    } else if (type instanceof ArrowType.FloatingPoint) {
      return "double";
    } else if (type instanceof ArrowType.Bool) {
      return "boolean";
    } else if (type instanceof ArrowType.Utf8) {
      return "string";
    } else if (type instanceof ArrowType.Date) {
      return "date";
    } else if (type instanceof ArrowType.Timestamp t) {
      return t.getTimezone() == null ? "timestamp" : "timestamptz";
    } else if (type instanceof ArrowType.Decimal d) {
      return "decimal(" + d.getPrecision() + "," + d.getScale() + ")";
    }
    return type.toString().toLowerCase(Locale.ROOT);
  }
}
