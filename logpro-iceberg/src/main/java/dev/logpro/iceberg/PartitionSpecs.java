package dev.logpro.iceberg;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.transforms.Transforms;

/**
 * Parses {@code partition_by} entries ({@code day(ts)}, {@code bucket[16](id)}, {@code region}) into a spec. Errors
 * name the config key they came from: {@code sink.iceberg.partition_by} unless a caller says otherwise.
 */
final class PartitionSpecs {

  static final String KEY = "sink.iceberg.partition_by";

  private static final Pattern TERM =
      Pattern.compile("\\s*(?:([A-Za-z_]+)\\s*(?:\\[\\s*([^\\]]*?)\\s*\\])?\\s*\\(\\s*([^()\\s]+)\\s*\\)|([^()\\[\\]\\s]+))\\s*");

  private PartitionSpecs() {}

  /** One parsed entry: a transform name, its width or bucket count (0 when none), and the source column. */
  record Term(String text, String transform, int argument, String column) {}

  /** Checks the syntax of every entry; the columns are checked against a schema by {@link #toSpec}. */
  static List<Term> parse(List<String> entries) {
    return parse(entries, KEY);
  }

  static List<Term> parse(List<String> entries, String key) {
    return entries.stream().map(entry -> parse(entry, key)).toList();
  }

  static Term parse(String text) {
    return parse(text, KEY);
  }

  /**
   * Checks the syntax of every entry, for a sink's config record: the first bad one fails with its index, as the
   * record's checks name a field, {@code partition_by[1]: 'dya(ts)': unknown transform dya (...)}.
   */
  static void checkEntries(List<String> entries) {
    for (int i = 0; i < entries.size(); i++) {
      try {
        term(entries.get(i));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("partition_by[" + i + "]: '" + entries.get(i) + "': " + e.getMessage(), e);
      }
    }
  }

  private static Term parse(String text, String key) {
    try {
      return term(text);
    } catch (IllegalArgumentException e) {
      throw invalid(key, text, e.getMessage());
    }
  }

  /** @throws IllegalArgumentException saying why {@code text} is not an entry */
  private static Term term(String text) {
    Matcher m = TERM.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new IllegalArgumentException("expected col, identity(col), year(col), month(col), day(col), hour(col),"
          + " bucket[N](col) or truncate[W](col)");
    }
    if (m.group(4) != null) {
      return new Term(text, "identity", 0, m.group(4));
    }
    String transform = m.group(1).toLowerCase(Locale.ROOT);
    String argument = m.group(2);
    boolean needsArgument = transform.equals("bucket") || transform.equals("truncate");
    switch (transform) {
      case "identity", "year", "month", "day", "hour", "bucket", "truncate" -> { }
      default -> throw new IllegalArgumentException("unknown transform " + transform
          + " (expected identity, year, month, day, hour, bucket[N] or truncate[W])");
    }
    if (needsArgument && argument == null) {
      throw new IllegalArgumentException(transform + " needs a width, as in " + transform + "[16](col)");
    }
    if (!needsArgument && argument != null) {
      throw new IllegalArgumentException(transform + " takes no [argument]");
    }
    int value = argument == null ? 0 : positive(argument);
    return new Term(text, transform, value, m.group(3));
  }

  /** The spec for {@code schema}; fails with one line naming the entry when a column is unknown or unfit. */
  static PartitionSpec toSpec(List<Term> terms, Schema schema) {
    return toSpec(terms, schema, KEY);
  }

  static PartitionSpec toSpec(List<Term> terms, Schema schema, String key) {
    if (terms.isEmpty()) {
      return PartitionSpec.unpartitioned();
    }
    PartitionSpec.Builder builder = PartitionSpec.builderFor(schema);
    for (Term term : terms) {
      if (schema.findField(term.column()) == null) {
        throw invalid(key, term.text(), "no column " + term.column() + " in the table schema");
      }
      String transform = term.argument() == 0 ? term.transform() : term.transform() + "[" + term.argument() + "]";
      org.apache.iceberg.types.Type source = schema.findType(term.column());
      if (!Transforms.fromString(transform).canTransform(source)) {
        throw invalid(key, term.text(),
            transform + " cannot apply to column " + term.column() + " of type " + source);
      }
      try {
        switch (term.transform()) {
          case "identity" -> builder.identity(term.column());
          case "year" -> builder.year(term.column());
          case "month" -> builder.month(term.column());
          case "day" -> builder.day(term.column());
          case "hour" -> builder.hour(term.column());
          case "bucket" -> builder.bucket(term.column(), term.argument());
          case "truncate" -> builder.truncate(term.column(), term.argument());
          default -> throw new IllegalStateException(term.transform());
        }
      } catch (RuntimeException e) {
        if (e instanceof IllegalArgumentException && e.getMessage() != null
            && e.getMessage().startsWith("Invalid " + key)) {
          throw e;
        }
        throw invalid(key, term.text(), String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
      }
    }
    try {
      return builder.build();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Invalid " + key + " " + terms.stream().map(Term::text).toList() + ": "
          + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
    }
  }

  private static int positive(String argument) {
    try {
      int value = Integer.parseInt(argument);
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException("the [argument] must be a positive integer, got '" + argument + "'");
  }

  private static IllegalArgumentException invalid(String key, String text, String why) {
    return new IllegalArgumentException("Invalid " + key + " entry '" + text + "': " + why);
  }
}
