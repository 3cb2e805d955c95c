package dev.logpro.core.schema;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Which names can become table columns. Data can hold any key; a table shared with Spark, Trino, Hive or DuckDB
 * cannot:
 *
 * <ul>
 *   <li>the name must not be empty, hold a control character (U+0000 to U+001F, U+007F), or be longer than
 *       {@value #MAX_LENGTH} characters (Iceberg refuses the first; engines and catalogs refuse the others);
 *   <li>it must not differ only in case from a column beside it: engines that ignore case (Spark, Trino, Hive) could
 *       not tell the two apart;
 *   <li>its dotted path must not be another column's ({@code a.b} beside a struct {@code a} with a field {@code b}):
 *       Iceberg finds nested columns by that path.
 * </ul>
 *
 * A name that breaks a rule never becomes a column: the records that carry a value under it go to the dead-letter
 * queue (or, at the table, into {@code rescue}'s rescued data), with the reason. CSV headers are renamed instead
 * (see {@code CsvDecoder}), since every row of the file would carry them.
 */
public final class ColumnNames {
  /** The longest name a column may have, in characters (AWS Glue's limit, the tightest of the common catalogs). */
  public static final int MAX_LENGTH = 255;

  private ColumnNames() {}

  /** Why {@code name} cannot be a column on its own, or {@code null} when it can. */
  public static String problem(String name) {
    if (name.isEmpty()) {
      return "the name is empty";
    }
    if (name.length() > MAX_LENGTH) {
      return "the name is " + name.length() + " characters long, more than " + MAX_LENGTH;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return String.format("the name holds the control character U+%04X", (int) c);
      }
    }
    return null;
  }

  /** Why {@code name} cannot be added beside {@code siblings}, or {@code null} when it can. */
  public static String problem(String name, List<Field> siblings) {
    String own = problem(name);
    if (own != null) {
      return own;
    }
    for (Field sibling : siblings) {
      if (differsInCaseOnly(name, sibling.getName())) {
        return caseClash(sibling.getName());
      }
    }
    return null;
  }

  /** Why {@code name} cannot be added beside columns named {@code siblings}, or {@code null} when it can. */
  public static String problem(String name, String[] siblings) {
    String own = problem(name);
    if (own != null) {
      return own;
    }
    for (String sibling : siblings) {
      if (differsInCaseOnly(name, sibling)) {
        return caseClash(sibling);
      }
    }
    return null;
  }

  private static boolean differsInCaseOnly(String name, String other) {
    return !other.equals(name) && other.equalsIgnoreCase(name);
  }

  private static String caseClash(String sibling) {
    return "it differs only in case from column " + quoted(sibling)
        + " (Spark, Trino and Hive could not tell them apart)";
  }

  /** The name, shortened and escaped for an error message. */
  public static String quoted(String name) {
    StringBuilder out = new StringBuilder("'");
    for (int i = 0; i < name.length() && i < 60; i++) {
      char c = name.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return out.append(name.length() > 60 ? "...'" : "'").toString();
  }

  /** How many fields {@code fields} hold, counting every nesting level (struct members, list elements). */
  public static int count(List<Field> fields) {
    int count = 0;
    for (Field field : fields) {
      count += 1 + count(field.getChildren());
    }
    return count;
  }

  /**
   * The dotted paths Iceberg indexes {@code fields} under, lower-cased: {@code a}, {@code a.b} for a struct {@code a}
   * with a field {@code b}, {@code a.element} for a list's elements.
   */
  public static Set<String> paths(List<Field> fields) {
    Set<String> paths = new HashSet<>();
    addPaths("", fields, paths);
    return paths;
  }

  private static void addPaths(String prefix, List<Field> fields, Set<String> paths) {
    for (Field field : fields) {
      String path = prefix + field.getName().toLowerCase(Locale.ROOT);
      paths.add(path);
      boolean list = field.getType() instanceof ArrowType.List;
      for (Field child : field.getChildren()) {
        if (list) {
          paths.add(path + ".element");
          addPaths(path + ".element.", child.getChildren(), paths);
        } else {
          addPaths(path + ".", List.of(child), paths);
        }
      }
    }
  }
}
