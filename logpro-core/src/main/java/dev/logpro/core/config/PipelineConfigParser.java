package dev.logpro.core.config;

import dev.logpro.api.ComponentFactory;
import dev.logpro.api.SinkFactory;
import dev.logpro.api.config.HasFormat;
import dev.logpro.core.registry.Kind;
import dev.logpro.core.registry.Registry;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Turns the YAML tree into a {@link PipelineConfig}, reporting every error with its path before anything runs.
 *
 * <p>A component section names its type and holds its options either under a key named after the type or beside
 * {@code type}: {@code sink: {type: iceberg, iceberg: {table: t}}} and {@code dlq: {type: file, path: ./dlq}} are
 * both accepted. A source whose config has a {@code format} also takes that decoder's options under a key named after
 * the format ({@code source.csv}).
 */
public final class PipelineConfigParser {
  private static final Set<String> SECTIONS =
      Set.of("pipeline", "source", "processing", "sink", "reliability", "observability");
  private static final Pattern PIPELINE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
  static final String DEFAULT_DLQ_TYPE = "file";
  private static final String CHECKPOINT_STORE = "checkpoint_store";
  private static final String NO_CHECKPOINT_STORE = "none";

  private final Registry registry;
  private final ConfigBinder binder = new ConfigBinder();

  public PipelineConfigParser(Registry registry) {
    this.registry = registry;
  }

  /**
   * @param tree the YAML, as loaded by {@link YamlLoader}
   * @param defaultId the id to use when {@code pipeline} is absent (the config file's name), or {@code null}
   */
  public PipelineConfig parse(Map<String, Object> tree, String defaultId) {
    for (String key : tree.keySet()) {
      if (!SECTIONS.contains(key)) {
        binder.error(key, Suggestions.unknown("unknown section", key, new TreeSet<>(SECTIONS)));
      }
    }
    String id = pipelineId(tree.get("pipeline"), defaultId);
    ComponentConfig[] sourceAndDecoder = source(tree.get("source"));
    ProcessingConfig processing = binder.bind(ProcessingConfig.class, section(tree, "processing"), "processing");
    ComponentConfig sink = component(Kind.SINK, tree.get("sink"), "sink", null);
    ComponentConfig dlq = deadLetterQueue(tree.get("reliability"));
    ComponentConfig checkpointStore = checkpointStore(tree.get("reliability"), sink);
    ReliabilityConfig reliability = reliability(tree.get("reliability"));
    ObservabilityConfig observability =
        binder.bind(ObservabilityConfig.class, section(tree, "observability"), "observability");
    List<ComponentConfig> transforms = transforms(section(tree, "processing").get("transforms"));
    binder.throwIfErrors();
    return new PipelineConfig(
        id, sourceAndDecoder[0], sourceAndDecoder[1], processing, sink, dlq, reliability, observability, transforms,
        checkpointStore);
  }

  /**
   * Each entry of {@code processing.transforms}, a component section of kind transform (the shape of the list itself
   * is checked where {@link ProcessingConfig} is bound).
   */
  private List<ComponentConfig> transforms(Object entries) {
    List<ComponentConfig> transforms = new java.util.ArrayList<>();
    if (entries instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i) instanceof Map<?, ?> entry) {
          transforms.add(component(Kind.TRANSFORM, entry, "processing.transforms[" + i + "]", null));
        }
      }
    }
    return transforms;
  }

  private String pipelineId(Object value, String defaultId) {
    if (value == null) {
      if (defaultId == null) {
        binder.error("pipeline", "required when the config does not come from a file");
      }
      return defaultId;
    }
    if (!(value instanceof String) || !PIPELINE_ID.matcher((String) value).matches()) {
      binder.error("pipeline", "expected an id of letters, digits, '_', '.' and '-', got '" + value + "'");
      return null;
    }
    return (String) value;
  }

  private ComponentConfig[] source(Object section) {
    ComponentConfig source = component(Kind.SOURCE, section, "source", this::decoderKey);
    String format;
    String formatPath;
    if (source != null && source.config() instanceof HasFormat formatted) {
      format = formatted.format();
      formatPath = "source." + source.type() + ".format";
    } else if (source == null && section instanceof Map<?, ?> map && map.get("type") instanceof String type
        && registry.find(Kind.SOURCE, type).map(f -> HasFormat.class.isAssignableFrom(f.configType())).orElse(false)) {
      // The source's other options are wrong, but its format can still be checked now rather than after they are
      // fixed.
      format = decoderKey(map, type);
      formatPath = "source." + type + ".format";
      if (format == null) {
        return new ComponentConfig[] {null, null};
      }
    } else {
      return new ComponentConfig[] {source, null};
    }
    Optional<ComponentFactory<?, ?>> factory = registry.find(Kind.DECODER, format);
    if (factory.isEmpty()) {
      binder.error(formatPath, Suggestions.unknown("unknown format '" + format + "'", format,
          registry.types(Kind.DECODER)));
      return new ComponentConfig[] {source, null};
    }
    String path = "source." + format;
    Record config = binder.bind(factory.get().configType(), asMap(((Map<?, ?>) section).get(format), path), path);
    check(factory.get(), config, path);
    return new ComponentConfig[] {source, config == null ? null : new ComponentConfig(path, factory.get(), config)};
  }

  /** The key under {@code source} that may hold decoder options: the value of {@code <type>.format}. */
  private String decoderKey(Map<?, ?> section, String type) {
    Object options = section.get(type);
    if (options instanceof Map<?, ?> map && map.get("format") instanceof String format) {
      return format;
    }
    return section.get("format") instanceof String format ? format : null;
  }

  private ComponentConfig deadLetterQueue(Object reliability) {
    Object dlq = asMap(reliability, "reliability").get("dlq");
    if (dlq == null) {
      dlq = Map.of("type", DEFAULT_DLQ_TYPE);
    }
    return component(Kind.DEAD_LETTER_QUEUE, dlq, "reliability.dlq", null);
  }

  /**
   * {@code reliability.checkpoint_store}: a component ({@code {type: local, dir: ...}}), or just its type when the
   * defaults do ({@code local}); absent or {@code none} means no store, which a sink that requires one refuses.
   */
  private ComponentConfig checkpointStore(Object reliability, ComponentConfig sink) {
    String path = "reliability." + CHECKPOINT_STORE;
    Object store = reliability instanceof Map<?, ?> map ? map.get(CHECKPOINT_STORE) : null;
    if (store instanceof String type) {
      store = NO_CHECKPOINT_STORE.equals(type) ? null : Map.of("type", type);
    } else if (store instanceof Map<?, ?> map && map.size() == 1 && NO_CHECKPOINT_STORE.equals(map.get("type"))) {
      store = null;
    }
    if (store != null) {
      return component(Kind.CHECKPOINT_STORE, store, path, null);
    }
    if (sink != null && sink.factory() instanceof SinkFactory<?> factory && factory.requiresCheckpointStore()) {
      binder.error(path, "required by sink '" + sink.type() + "', which cannot commit positions with its data"
          + " (one of: " + String.join(", ", registry.types(Kind.CHECKPOINT_STORE)) + ")");
    }
    return null;
  }

  /** The {@code reliability} keys beside {@code dlq} and {@code checkpoint_store}. */
  private ReliabilityConfig reliability(Object section) {
    Map<String, Object> settings = new LinkedHashMap<>();
    if (section instanceof Map<?, ?> map) {
      map.forEach((k, v) -> settings.put(String.valueOf(k), v));
    }
    settings.remove("dlq");
    settings.remove(CHECKPOINT_STORE);
    if (settings.remove("checkpoint_dir") != null) {
      binder.error("reliability.checkpoint_dir", "moved: write checkpoint_store: {type: local, dir: ...}");
    }
    return binder.bind(ReliabilityConfig.class, settings, "reliability");
  }

  /** Chooses the factory by {@code type} and binds its options. */
  private ComponentConfig component(
      Kind kind, Object section, String path, BiFunction<Map<?, ?>, String, String> siblingKey) {
    if (section == null) {
      binder.error(path, "required");
      return null;
    }
    if (!(section instanceof Map<?, ?> map)) {
      binder.error(path, "expected a map with a 'type', got '" + section + "'");
      return null;
    }
    Object type = map.get("type");
    List<String> types = registry.types(kind);
    if (type == null) {
      binder.error(path + ".type", "required (one of: " + String.join(", ", types) + ")");
      return null;
    }
    Optional<ComponentFactory<?, ?>> factory = registry.find(kind, String.valueOf(type));
    if (factory.isEmpty()) {
      binder.error(path + ".type", Suggestions.unknown("unknown " + kind.label() + " type '" + type + "'",
          String.valueOf(type), types));
      return null;
    }
    String typeName = String.valueOf(type);
    String sibling = siblingKey == null ? null : siblingKey.apply(map, typeName);
    Map<String, Object> options;
    String optionsPath;
    if (map.get(typeName) instanceof Map) {
      options = asMap(map.get(typeName), path + "." + typeName);
      optionsPath = path + "." + typeName;
      for (Object key : map.keySet()) {
        if (!key.equals("type") && !key.equals(typeName) && !key.equals(sibling)) {
          binder.error(path + "." + key, "unknown key (expected type, " + typeName + (sibling == null ? "" : ", " + sibling) + ")");
        }
      }
    } else {
      options = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!e.getKey().equals("type") && !e.getKey().equals(sibling)) {
          options.put(String.valueOf(e.getKey()), e.getValue());
        }
      }
      optionsPath = path;
    }
    Record config = binder.bind(factory.get().configType(), options, optionsPath);
    check(factory.get(), config, optionsPath);
    return config == null ? null : new ComponentConfig(optionsPath, factory.get(), config);
  }

  /** What the factory's {@link ComponentFactory#check} finds wrong with a config that bound, reported at its field. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private void check(ComponentFactory<?, ?> factory, Record config, String path) {
    if (config == null) {
      return;
    }
    Set<String> fields = new HashSet<>();
    ConfigSpec.of(factory.configType()).fields().forEach(f -> fields.add(f.name()));
    List<String> problems;
    try {
      problems = ((ComponentFactory) factory).check(config);
    } catch (RuntimeException e) {
      problems = List.of(e.getMessage() == null ? e.toString() : e.getMessage());
    }
    problems.forEach(problem -> binder.reportCheck(path, fields, problem));
  }

  private Map<String, Object> section(Map<String, Object> tree, String key) {
    return asMap(tree.get(key), key);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> asMap(Object value, String path) {
    if (value == null) {
      return Map.of();
    }
    if (value instanceof Map) {
      return (Map<String, Object>) value;
    }
    binder.error(path, "expected a map, got '" + value + "'");
    return Map.of();
  }
}
