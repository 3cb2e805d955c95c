package dev.logpro.core.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Binds a YAML map to a config record, collecting every error with its path rather than stopping at the first:
 * unknown keys, missing required keys and values of the wrong type.
 */
public final class ConfigBinder {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final List<ConfigError> errors = new ArrayList<>();

  /** Binds {@code values} at {@code path}; returns {@code null} if anything was wrong (see {@link #errors()}). */
  public <T extends Record> T bind(Class<T> type, Map<String, Object> values, String path) {
    int before = errors.size();
    T bound = bindRecord(type, values == null ? Map.of() : values, path);
    return errors.size() == before ? bound : null;
  }

  public List<ConfigError> errors() {
    return errors;
  }

  /** Records an error; only the first line of {@code message} is kept, so that every error is one line. */
  public void error(String path, String message) {
    errors.add(new ConfigError(path, message.lines().findFirst().orElse("").strip()));
  }

  /** Throws a {@link ConfigException} holding every error so far, if there is any. */
  public void throwIfErrors() {
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
  }

  private <T extends Record> T bindRecord(Class<T> type, Map<String, Object> values, String path) {
    int errorsBefore = errors.size();
    ConfigSpec spec = ConfigSpec.of(type);
    TreeSet<String> known = spec.fields().stream().map(FieldSpec::name).collect(Collectors.toCollection(TreeSet::new));
    // A key one edit or two from a known one is that key mistyped: it is named, and its absence not reported again.
    Set<String> meant = new HashSet<>();
    for (String key : values.keySet()) {
      if (!known.contains(key)) {
        error(join(path, key), Suggestions.unknown("unknown key", key, known));
        String closest = Suggestions.closest(key, known);
        if (closest != null) {
          meant.add(closest);
        }
      }
    }
    Object[] args = new Object[spec.fields().size()];
    for (int i = 0; i < args.length; i++) {
      FieldSpec field = spec.fields().get(i);
      String fieldPath = join(path, field.name());
      Object raw = values.get(field.name());
      if (raw == null && field.defaultValue() != null) {
        raw = field.type() == String.class ? field.defaultValue() : parseYaml(field.defaultValue());
      }
      if (raw == null && field.nested() != null) {
        raw = Map.of();
      }
      if (raw == null) {
        if (field.required() && !meant.contains(field.name())) {
          error(fieldPath, "required");
        }
        args[i] = primitiveZero(field.type());
        continue;
      }
      args[i] = convert(raw, field.type(), fieldPath);
    }
    if (errors.size() > errorsBefore) {
      // The record's own checks would only repeat what is already reported.
      return null;
    }
    try {
      Constructor<T> constructor = type.getDeclaredConstructor(
          Arrays.stream(type.getRecordComponents()).map(c -> c.getType()).toArray(Class<?>[]::new));
      constructor.setAccessible(true);
      return constructor.newInstance(args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      reportCheck(path, known, cause.getMessage() == null ? cause.toString() : cause.getMessage());
      return null;
    } catch (ReflectiveOperationException | IllegalArgumentException e) {
      // A wrong-typed value was already reported; the record cannot be built.
      return null;
    }
  }

  /**
   * Reports what a config record's own check found, by convention {@code "field: what is wrong"}, at the path of the
   * record joined with the field. The field may go on into its value, {@code "columns.user_id: ..."} or
   * {@code "partition_by[1]: ..."}, so that the error names the entry; a message that names no field of the record
   * is reported at the record's path.
   *
   * @param known the record's field names
   */
  public void reportCheck(String path, Set<String> known, String message) {
    int colon = message.indexOf(": ");
    String field = colon > 0 ? message.substring(0, colon) : "";
    int end = 0;
    while (end < field.length() && field.charAt(end) != '.' && field.charAt(end) != '[') {
      end++;
    }
    if (colon > 0 && known.contains(field.substring(0, end)) && field.indexOf(' ') < 0) {
      error(join(path, field), message.substring(colon + 2));
    } else {
      error(path, message);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Object convert(Object raw, Type type, String path) {
    if (type instanceof ParameterizedType parameterized) {
      Class<?> cls = (Class<?>) parameterized.getRawType();
      Type[] args = parameterized.getActualTypeArguments();
      if (List.class.isAssignableFrom(cls)) {
        if (!(raw instanceof List<?> list)) {
          return wrongType(path, "a list", raw);
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
          out.add(convert(list.get(i), args[0], path + "[" + i + "]"));
        }
        // An element that did not convert is null here, its error already reported; List.copyOf would throw on it.
        return java.util.Collections.unmodifiableList(out);
      }
      if (Map.class.isAssignableFrom(cls)) {
        if (!(raw instanceof Map<?, ?> map)) {
          return wrongType(path, "a map", raw);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
          String key = String.valueOf(e.getKey());
          out.put(key, args[1] == Object.class ? e.getValue() : convert(e.getValue(), args[1], join(path, key)));
        }
        return out;
      }
    }
    Class<?> cls = (Class<?>) type;
    if (cls.isRecord()) {
      if (!(raw instanceof Map<?, ?> map)) {
        return wrongType(path, "a map", raw);
      }
      return bindRecord((Class<? extends Record>) cls, (Map<String, Object>) map, path);
    }
    if (cls == String.class) {
      if (raw instanceof Map || raw instanceof List) {
        return wrongType(path, "a string", raw);
      }
      return String.valueOf(raw);
    }
    if (cls == int.class || cls == Integer.class || cls == long.class || cls == Long.class) {
      Long value = asLong(raw);
      if (value == null) {
        return wrongType(path, "an integer", raw);
      }
      if ((cls == int.class || cls == Integer.class) && (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)) {
        return wrongType(path, "an integer that fits in 32 bits", raw);
      }
      return cls == int.class || cls == Integer.class ? (Object) value.intValue() : (Object) value;
    }
    if (cls == double.class || cls == Double.class) {
      if (raw instanceof Number n) {
        return n.doubleValue();
      }
      try {
        return Double.parseDouble(String.valueOf(raw).trim());
      } catch (NumberFormatException e) {
        return wrongType(path, "a number", raw);
      }
    }
    if (cls == boolean.class || cls == Boolean.class) {
      if (raw instanceof Boolean b) {
        return b;
      }
      String text = String.valueOf(raw).trim().toLowerCase(Locale.ROOT);
      if (text.equals("true") || text.equals("false")) {
        return Boolean.parseBoolean(text);
      }
      return wrongType(path, "true or false", raw);
    }
    if (cls.isEnum()) {
      String text = String.valueOf(raw).trim();
      for (Object constant : cls.getEnumConstants()) {
        if (((Enum<?>) constant).name().equalsIgnoreCase(text)) {
          return constant;
        }
      }
      String choices = Arrays.stream(cls.getEnumConstants())
          .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
          .collect(Collectors.joining(", "));
      error(path, "expected one of " + choices + ", got '" + raw + "'");
      return null;
    }
    if (cls == Object.class) {
      return raw;
    }
    error(path, "unsupported config type " + cls.getSimpleName());
    return null;
  }

  private Object wrongType(String path, String expected, Object raw) {
    String shown = raw instanceof Map ? "a map" : raw instanceof List ? "a list" : "'" + raw + "'";
    error(path, "expected " + expected + ", got " + shown);
    return null;
  }

  private static Long asLong(Object raw) {
    if (raw instanceof Integer || raw instanceof Long || raw instanceof Short) {
      return ((Number) raw).longValue();
    }
    if (raw instanceof String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static Object primitiveZero(Type type) {
    if (type == int.class) {
      return 0;
    }
    if (type == long.class) {
      return 0L;
    }
    if (type == double.class) {
      return 0.0;
    }
    if (type == boolean.class) {
      return false;
    }
    return null;
  }

  static Object parseYaml(String text) {
    try {
      return YAML.readValue(text, Object.class);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("Cannot parse default value '" + text + "': " + e.getMessage(), e);
    }
  }

  static String join(String path, String key) {
    return path == null || path.isEmpty() ? key : path + "." + key;
  }
}
