package dev.logpro.core.pipeline;

import dev.logpro.core.config.ConfigException;
import dev.logpro.core.config.PipelineConfig;
import dev.logpro.core.config.PipelineConfigParser;
import dev.logpro.core.config.YamlLoader;
import dev.logpro.core.registry.Registry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A logpro pipeline: the same engine behind the {@code logpro} command and the Java API.
 *
 * <pre>{@code
 * RunSummary summary = Pipeline.builder()
 *     .id("events")
 *     .source("file", Map.of("path", "data/events", "format", "csv"))
 *     .sink("iceberg", Map.of("warehouse", "./warehouse", "namespace", "analytics", "table", "events"))
 *     .build()
 *     .run();
 * }</pre>
 *
 * Or from YAML: {@code Pipeline.fromFile(Path.of("pipeline.yaml")).run()}. Config errors surface as {@link
 * ConfigException} before anything runs. {@link #run} blocks until a bounded source is done or {@link #stop} is
 * called, and commits what it wrote either way.
 */
public final class Pipeline {
  private final PipelineConfig config;
  private final Lifecycle lifecycle = new Lifecycle();
  private final RunStats stats = new RunStats();
  private boolean fromScratch;

  private Pipeline(PipelineConfig config) {
    this.config = config;
  }

  /** A pipeline from a YAML file; its id defaults to the file's name without extension. */
  public static Pipeline fromFile(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw ConfigException.of("", "no such config file: " + file);
    } catch (IOException e) {
      throw ConfigException.of("", "cannot read config file " + file + ": " + e.getMessage());
    }
    String name = file.getFileName().toString().replaceFirst("\\.(ya?ml|json)$", "");
    return fromYaml(text, name);
  }

  /** A pipeline from YAML text, which must name its {@code pipeline} id. */
  public static Pipeline fromYaml(String yaml) {
    return fromYaml(yaml, null);
  }

  static Pipeline fromYaml(String yaml, String defaultId) {
    return fromTree(YamlLoader.load(yaml, System::getenv), defaultId);
  }

  static Pipeline fromTree(Map<String, Object> tree, String defaultId) {
    return new Pipeline(new PipelineConfigParser(Registry.load()).parse(tree, defaultId));
  }

  public static Builder builder() {
    return new Builder();
  }

  public PipelineConfig config() {
    return config;
  }

  public String id() {
    return config.id();
  }

  public PipelineState state() {
    return lifecycle.state();
  }

  /** Live counters, for progress displays. */
  public RunStats stats() {
    return stats;
  }

  /** Runs to the end of a bounded source, or until {@link #stop}; commits what was written and closes everything. */
  public RunSummary run() throws Exception {
    if (lifecycle.state() != PipelineState.INIT) {
      throw new IllegalStateException("Cannot run pipeline " + id() + ": it already ran (state " + state() + ")");
    }
    return new Engine(config, lifecycle, stats, fromScratch).run();
  }

  /**
   * Makes {@link #run} ignore the positions committed before and read every input again (rows already in the table
   * are written again). For a pipeline whose positions are gone, or to rebuild a table knowingly.
   */
  public Pipeline fromScratch() {
    this.fromScratch = true;
    return this;
  }

  /** Asks a running pipeline to drain: read no more, write and commit what is in flight, then return from run. */
  public void stop() {
    lifecycle.requestStop();
  }

  /** Builds a pipeline in code with the same keys as the YAML file, validated the same way. */
  public static final class Builder {
    private final Map<String, Object> tree = new LinkedHashMap<>();

    private Builder() {}

    public Builder id(String id) {
      tree.put("pipeline", id);
      return this;
    }

    /** The source of {@code type} with its options (as under {@code source.<type>} in YAML). */
    public Builder source(String type, Map<String, ?> options) {
      tree.put("source", component(type, options));
      return this;
    }

    /** Options of the source's format, as under {@code source.<format>} in YAML. */
    public Builder format(String format, Map<String, ?> options) {
      @SuppressWarnings("unchecked")
      Map<String, Object> source = (Map<String, Object>) tree.computeIfAbsent("source", k -> new LinkedHashMap<>());
      source.put(format, new LinkedHashMap<>(options));
      return this;
    }

    public Builder sink(String type, Map<String, ?> options) {
      tree.put("sink", component(type, options));
      return this;
    }

    public Builder deadLetters(String type, Map<String, ?> options) {
      reliability().put("dlq", component(type, options));
      return this;
    }

    /** Where positions are kept for a sink that cannot commit them itself, as {@code reliability.checkpoint_store}. */
    public Builder checkpointStore(String type, Map<String, ?> options) {
      reliability().put("checkpoint_store", component(type, options));
      return this;
    }

    /** Engine settings, as under {@code processing} in YAML. */
    public Builder processing(Map<String, ?> options) {
      tree.put("processing", new LinkedHashMap<>(options));
      return this;
    }

    public Builder observability(Map<String, ?> options) {
      tree.put("observability", new LinkedHashMap<>(options));
      return this;
    }

    public Pipeline build() {
      return fromTree(tree, null);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> reliability() {
      return (Map<String, Object>) tree.computeIfAbsent("reliability", k -> new LinkedHashMap<>());
    }

    private static Map<String, Object> component(String type, Map<String, ?> options) {
      Map<String, Object> section = new LinkedHashMap<>();
      section.put("type", type);
      section.put(type, new LinkedHashMap<>(options));
      return section;
    }
  }
}
