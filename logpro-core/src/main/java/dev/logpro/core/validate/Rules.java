package dev.logpro.core.validate;

import dev.logpro.core.transform.CelPredicate;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** The kinds of validation rule, each turned from its config into checks over batches. */
final class Rules {
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private Rules() {}

  /** The rule {@code config} stands for. */
  static Check.Rule of(ValidationRule config) {
    return switch (config.kind()) {
      case "not_null" -> notNull(config.not_null());
      case "range" -> all(config.range(), (column, bounds) -> range(column, (List<?>) bounds));
      case "regex" -> all(config.regex(), (column, pattern) -> regex(column, Pattern.compile(pattern)));
      case "allowed" -> all(config.allowed(), (column, values) -> allowed(column, (List<?>) values));
      default -> expr(CelPredicate.parse(config.expr()));
    };
  }

  /** One rule per column of a map-shaped rule; a row fails on the first column that fails. */
  private static <V> Check.Rule all(Map<String, V> byColumn,
      java.util.function.BiFunction<String, V, Check.Rule> rule) {
    List<Check.Rule> rules = new ArrayList<>();
    byColumn.forEach((column, value) -> rules.add(rule.apply(column, value)));
    return root -> {
      List<Check> checks = new ArrayList<>();
      for (Check.Rule r : rules) {
        checks.add(r.bind(root));
      }
      return row -> {
        for (Check check : checks) {
          String failure = check.test(row);
          if (failure != null) {
            return failure;
          }
        }
        return null;
      };
    };
  }

  private static FieldVector column(VectorSchemaRoot root, String kind, String name) {
    FieldVector vector = root.getVector(name);
    if (vector == null) {
      throw new IllegalArgumentException(kind + ": no column " + name + " in the batch");
    }
    return vector;
  }

  static Check.Rule notNull(List<String> columns) {
    return root -> {
      FieldVector[] vectors = new FieldVector[columns.size()];
      for (int i = 0; i < vectors.length; i++) {
        vectors[i] = column(root, "not_null", columns.get(i));
      }
      return row -> {
        for (FieldVector vector : vectors) {
          if (vector.isNull(row)) {
            return "column " + vector.getName() + " is null";
          }
        }
        return null;
      };
    };
  }

  static Check.Rule range(String name, List<?> bounds) {
    Object low = bounds.get(0);
    Object high = bounds.get(1);
    return root -> {
      FieldVector vector = column(root, "range", name);
      String shown = "[" + low + ", " + high + "]";
      if (vector instanceof TimeStampVector || vector instanceof DateDayVector) {
        long min = low == null ? Long.MIN_VALUE : temporalBound(name, low);
        long max = high == null ? Long.MAX_VALUE : temporalBound(name, high);
        return row -> {
          if (vector.isNull(row)) {
            return null;
          }
          long micros = vector instanceof TimeStampVector ts ? ts.get(row)
              : ((DateDayVector) vector).get(row) * MICROS_PER_DAY;
          return micros >= min && micros <= max ? null
              : "column " + name + ": " + vector.getObject(row) + " is outside " + shown;
        };
      }
      if (!(vector instanceof BaseIntVector || vector instanceof Float8Vector || vector instanceof Float4Vector
          || vector instanceof DecimalVector)) {
        throw new IllegalArgumentException("range: column " + name + " is not numeric, a date or a timestamp");
      }
      double min = low == null ? Double.NEGATIVE_INFINITY : numericBound(name, low);
      double max = high == null ? Double.POSITIVE_INFINITY : numericBound(name, high);
      return row -> {
        if (vector.isNull(row)) {
          return null;
        }
        double value = number(vector, row);
        return value >= min && value <= max ? null
            : "column " + name + ": " + vector.getObject(row) + " is outside " + shown;
      };
    };
  }

  private static double number(FieldVector vector, int row) {
    if (vector instanceof BaseIntVector ints) {
      return ints.getValueAsLong(row);
    } else if (vector instanceof Float8Vector f) {
      return f.get(row);
    } else if (vector instanceof Float4Vector f) {
      return f.get(row);
    }
    BigDecimal decimal = ((DecimalVector) vector).getObject(row);
    return decimal.doubleValue();
  }

  private static double numericBound(String name, Object bound) {
    if (!(bound instanceof Number number)) {
      throw new IllegalArgumentException("range: column " + name + " is numeric, but bound '" + bound
          + "' is not a number");
    }
    return number.doubleValue();
  }

  private static long temporalBound(String name, Object bound) {
    if (bound instanceof Number) {
      throw new IllegalArgumentException("range: column " + name + " holds times; write bound " + bound
          + " as ISO-8601 text");
    }
    return Bounds.micros(String.valueOf(bound));
  }

  static Check.Rule regex(String name, Pattern pattern) {
    return root -> {
      FieldVector vector = column(root, "regex", name);
      if (!(vector instanceof VarCharVector text)) {
        throw new IllegalArgumentException("regex: column " + name + " is not a string column");
      }
      Matcher matcher = pattern.matcher("");
      return row -> {
        if (text.isNull(row)) {
          return null;
        }
        String value = new String(text.get(row), StandardCharsets.UTF_8);
        return matcher.reset(value).matches() ? null
            : "column " + name + ": \"" + value + "\" does not match " + pattern.pattern();
      };
    };
  }

  static Check.Rule allowed(String name, List<?> values) {
    return root -> {
      FieldVector vector = column(root, "allowed", name);
      String shown = values.toString();
      if (vector instanceof VarCharVector text) {
        Set<String> set = new HashSet<>();
        values.forEach(v -> set.add(String.valueOf(v)));
        byte[][] candidates = set.stream().map(v -> v.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        return row -> {
          if (text.isNull(row)) {
            return null;
          }
          return oneOf(text, row, candidates) ? null
              : "column " + name + ": \"" + text.getObject(row) + "\" is not one of " + shown;
        };
      }
      if (vector instanceof BaseIntVector ints) {
        Set<Long> set = new HashSet<>();
        for (Object v : values) {
          if (!(v instanceof Integer || v instanceof Long)) {
            throw new IllegalArgumentException("allowed: column " + name + " holds integers, but '" + v
                + "' is not one");
          }
          set.add(((Number) v).longValue());
        }
        long[] candidates = set.stream().mapToLong(Long::longValue).toArray();
        return row -> {
          if (vector.isNull(row)) {
            return null;
          }
          long value = ints.getValueAsLong(row);
          for (long candidate : candidates) {
            if (candidate == value) {
              return null;
            }
          }
          return "column " + name + ": " + value + " is not one of " + shown;
        };
      }
      if (vector instanceof BitVector bits) {
        return row -> bits.isNull(row) || values.contains(bits.get(row) != 0) ? null
            : "column " + name + ": " + (bits.get(row) != 0) + " is not one of " + shown;
      }
      throw new IllegalArgumentException("allowed: column " + name + " is not a string, integer or boolean column");
    };
  }

  /** Whether the UTF-8 value at {@code row} equals one of {@code candidates}, compared without copying it. */
  private static boolean oneOf(VarCharVector text, int row, byte[][] candidates) {
    int start = text.getStartOffset(row);
    int length = text.getValueLength(row);
    for (byte[] candidate : candidates) {
      if (candidate.length != length) {
        continue;
      }
      int i = 0;
      while (i < length && text.getDataBuffer().getByte(start + i) == candidate[i]) {
        i++;
      }
      if (i == length) {
        return true;
      }
    }
    return false;
  }

  static Check.Rule expr(CelPredicate predicate) {
    return root -> {
      CelPredicate.Bound bound;
      try {
        bound = predicate.bind(root.getSchema());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("expr: " + e.getMessage(), e);
      }
      CelPredicate.Bound.Rows rows = bound.over(root);
      return row -> switch (rows.test(row)) {
        case TRUE -> null;
        case FALSE -> "expression is false";
        case UNKNOWN -> "expression cannot be evaluated: a column it uses is null";
        case ERROR -> "cannot evaluate expression: " + rows.error();
      };
    };
  }
}
