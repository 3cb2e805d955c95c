package dev.logpro.core.config;

import dev.logpro.api.config.Default;
import dev.logpro.api.config.Doc;
import dev.logpro.api.config.Example;
import dev.logpro.api.config.Optional;
import dev.logpro.api.config.Secret;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The documented fields of a config record: the one declaration that config parsing, {@code logpro plugins} and the
 * reference docs all read.
 */
public final class ConfigSpec {
  private static final Map<Class<?>, ConfigSpec> CACHE = new ConcurrentHashMap<>();

  private final Class<? extends Record> type;
  private final String doc;
  private final List<FieldSpec> fields;

  private ConfigSpec(Class<? extends Record> type, String doc, List<FieldSpec> fields) {
    this.type = type;
    this.doc = doc;
    this.fields = List.copyOf(fields);
  }

  public static ConfigSpec of(Class<? extends Record> type) {
    // Not computeIfAbsent: building a spec builds its nested records' specs, and a ConcurrentHashMap must not be
    // updated from inside its own computeIfAbsent.
    ConfigSpec spec = CACHE.get(type);
    if (spec == null) {
      spec = build(type);
      ConfigSpec previous = CACHE.putIfAbsent(type, spec);
      spec = previous == null ? spec : previous;
    }
    return spec;
  }

  public Class<? extends Record> type() {
    return type;
  }

  public String doc() {
    return doc;
  }

  public List<FieldSpec> fields() {
    return fields;
  }

  /** Fields without a {@link Doc}: the registry test fails on any. */
  public List<String> undocumented() {
    List<String> missing = new ArrayList<>();
    for (FieldSpec field : fields) {
      if (field.doc() == null || field.doc().isBlank()) {
        missing.add(type.getSimpleName() + "." + field.name());
      }
      if (field.nested() != null) {
        missing.addAll(field.nested().undocumented());
      }
    }
    return missing;
  }

  @SuppressWarnings("unchecked")
  private static ConfigSpec build(Class<? extends Record> type) {
    Doc typeDoc = type.getAnnotation(Doc.class);
    List<FieldSpec> fields = new ArrayList<>();
    for (RecordComponent component : type.getRecordComponents()) {
      Doc doc = component.getAnnotation(Doc.class);
      Default def = component.getAnnotation(Default.class);
      Example example = component.getAnnotation(Example.class);
      boolean optional = component.isAnnotationPresent(Optional.class);
      Class<?> raw = component.getType();
      ConfigSpec nested = raw.isRecord() ? of((Class<? extends Record>) raw) : null;
      boolean required = def == null && !optional && nested == null && !raw.isPrimitive();
      fields.add(
          new FieldSpec(
              component.getName(),
              component.getGenericType(),
              typeName(component.getGenericType()),
              def == null ? null : def.value(),
              required,
              doc == null ? null : doc.value(),
              example == null ? null : example.value(),
              component.isAnnotationPresent(Secret.class),
              nested));
    }
    return new ConfigSpec(type, typeDoc == null ? "" : typeDoc.value(), fields);
  }

  static String typeName(Type type) {
    if (type instanceof ParameterizedType parameterized) {
      Class<?> raw = (Class<?>) parameterized.getRawType();
      Type[] args = parameterized.getActualTypeArguments();
      if (List.class.isAssignableFrom(raw)) {
        return "list of " + typeName(args[0]);
      }
      if (Map.class.isAssignableFrom(raw)) {
        return args[1] == Object.class ? "map" : "map of " + typeName(args[1]);
      }
    }
    Class<?> cls = (Class<?>) type;
    if (cls.isEnum()) {
      return "one of: "
          + Arrays.stream(cls.getEnumConstants())
              .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
              .collect(Collectors.joining(", "));
    }
    if (cls == String.class) {
      return "string";
    }
    if (cls == int.class || cls == Integer.class || cls == long.class || cls == Long.class) {
      return "integer";
    }
    if (cls == double.class || cls == Double.class) {
      return "number";
    }
    if (cls == boolean.class || cls == Boolean.class) {
      return "boolean";
    }
    if (cls.isRecord()) {
      return "object";
    }
    return cls.getSimpleName();
  }
}
