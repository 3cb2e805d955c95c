package dev.logpro.core.registry;

import dev.logpro.api.ComponentFactory;
import dev.logpro.core.config.ConfigSpec;
import dev.logpro.core.config.FieldSpec;
import dev.logpro.core.config.ObservabilityConfig;
import dev.logpro.core.config.ProcessingConfig;
import dev.logpro.core.validate.ValidationRule;
import dev.logpro.core.config.ReliabilityConfig;

/**
 * The config reference, generated from the registered components' specs: what {@code logpro plugins} prints and
 * what {@code docs/reference.md} holds (a test fails when that file drifts from the code).
 */
public final class ReferenceDocs {
  private ReferenceDocs() {}

  /** The whole reference as Markdown. */
  public static String markdown(Registry registry) {
    StringBuilder out = new StringBuilder();
    out.append("# Config reference\n\n")
        .append("Generated from the code by `./logpro plugins > docs/reference.md`; a test fails when it drifts.\n")
        .append("A component section names its `type` and holds its options under a key named after the type ")
        .append("(`sink: {type: iceberg, iceberg: {...}}`) or beside `type`; `reliability.checkpoint_store` also ")
        .append("takes a type alone (`local`), or `none`. A field without a default is required.\n")
        .append("`logpro validate`, and `logpro run` before it starts, check every field below: its type and range, ")
        .append("the syntax of values read later (partition transforms, CEL expressions, regexes, date-time patterns, ")
        .append("cast types), catalog types, and that files a component reads at start exist (an enrich lookup, a ")
        .append("protobuf descriptor set). The input files of `source.file.path` may appear later: only a glob's ")
        .append("syntax is checked, and a run that starts with no input fails then.\n");
    section(out, "Sources", "source", registry, Kind.SOURCE);
    section(out, "Formats", "source.<format>", registry, Kind.DECODER);
    section(out, "Transforms", "processing.transforms[]", registry, Kind.TRANSFORM);
    validationRules(out);
    section(out, "Sinks", "sink", registry, Kind.SINK);
    section(out, "Dead-letter queues", "reliability.dlq", registry, Kind.DEAD_LETTER_QUEUE);
    section(out, "Checkpoint stores", "reliability.checkpoint_store", registry, Kind.CHECKPOINT_STORE);
    out.append("\n## Engine\n");
    fields(out, "processing", ConfigSpec.of(ProcessingConfig.class));
    fields(out, "reliability", ConfigSpec.of(ReliabilityConfig.class));
    fields(out, "observability", ConfigSpec.of(ObservabilityConfig.class));
    return out.toString();
  }

  /** One component's entry, or {@code null} when no kind has that type. */
  public static String component(Registry registry, String type) {
    StringBuilder out = new StringBuilder();
    for (Kind kind : Kind.values()) {
      registry.find(kind, type).ifPresent(f -> entry(out, kind.label(), f));
    }
    return out.length() == 0 ? null : out.toString();
  }

  private static void section(StringBuilder out, String title, String where, Registry registry, Kind kind) {
    if (registry.factories(kind).isEmpty()) {
      return;
    }
    out.append("\n## ").append(title).append(" (`").append(where).append("`)\n");
    for (ComponentFactory<?, ?> factory : registry.factories(kind)) {
      entry(out, kind.label(), factory);
    }
  }

  private static void entry(StringBuilder out, String label, ComponentFactory<?, ?> factory) {
    out.append("\n### `").append(factory.type()).append("` (").append(label).append(")\n\n")
        .append(factory.description()).append('\n');
    ConfigSpec spec = ConfigSpec.of(factory.configType());
    if (factory.configType().isAnnotationPresent(dev.logpro.api.config.Doc.class)
        && !spec.doc().equals(factory.description()) && example(factory.configType()) != null) {
      out.append('\n').append(spec.doc()).append('\n');
    }
    fields(out, null, spec);
    example(out, "processing:\n  transforms:\n", example(factory.configType()));
    if (label.equals(Kind.DECODER.label())) {
      formatExample(out, factory.type(), spec);
    }
  }

  /** How a format is named in a pipeline, with its required options (their documented examples). */
  private static void formatExample(StringBuilder out, String format, ConfigSpec spec) {
    out.append("\nExample:\n\n```yaml\nsource:\n  type: file\n  file:\n    path: data/*.").append(format)
        .append("\n    format: ").append(format).append('\n');
    StringBuilder options = new StringBuilder();
    for (dev.logpro.core.config.FieldSpec field : spec.fields()) {
      if (field.required() && field.example() != null) {
        options.append("    ").append(field.name()).append(": ").append(field.example()).append('\n');
      }
    }
    if (options.length() > 0) {
      out.append("  ").append(format).append(":\n").append(options);
    }
    out.append("```\n");
  }

  private static void validationRules(StringBuilder out) {
    ConfigSpec spec = ConfigSpec.of(ValidationRule.class);
    out.append("\n## Validation rules (`processing.validate[]`)\n\n").append(spec.doc()).append('\n');
    fields(out, null, spec);
    example(out, "processing:\n  validate:\n", ValidationRule.EXAMPLE);
  }

  /**
   * A config record's {@code EXAMPLE}: YAML list entries a component may add to show a typical use, or {@code null}.
   * ReferenceDocsTest parses every one, so an example cannot drift from the code either.
   */
  public static String example(Class<?> configType) {
    try {
      java.lang.reflect.Field field = configType.getField("EXAMPLE");
      return java.lang.reflect.Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
          ? (String) field.get(null) : null;
    } catch (NoSuchFieldException | IllegalAccessException e) {
      return null;
    }
  }

  private static void example(StringBuilder out, String under, String entries) {
    if (entries == null) {
      return;
    }
    out.append("\nExample:\n\n```yaml\n").append(under).append(entries.indent(4)).append("```\n");
  }

  private static void fields(StringBuilder out, String title, ConfigSpec spec) {
    if (title != null) {
      out.append("\n### `").append(title).append("`\n\n").append(spec.doc()).append('\n');
    }
    if (spec.fields().isEmpty()) {
      out.append("\nNo options.\n");
      return;
    }
    out.append("\n| field | type | default | description |\n|---|---|---|---|\n");
    for (FieldSpec field : spec.fields()) {
      String def = field.required() ? "required" : field.defaultValue() == null ? "" : field.defaultValue().isEmpty() ? "`\"\"`" : "`" + field.defaultValue() + "`";
      String doc = field.doc() + (field.example() == null ? "" : " Example: `" + field.example() + "`.");
      out.append("| `").append(field.name()).append("` | ").append(field.typeName().replace("|", "\\|"))
          .append(" | ").append(def.replace("|", "\\|")).append(" | ").append(doc.replace("|", "\\|"))
          .append(" |\n");
      if (field.nested() != null) {
        for (FieldSpec child : field.nested().fields()) {
          out.append("| `").append(field.name()).append('.').append(child.name()).append("` | ")
              .append(child.typeName()).append(" | ")
              .append(child.defaultValue() == null ? (child.required() ? "required" : "") : "`" + child.defaultValue() + "`")
              .append(" | ").append(child.doc()).append(" |\n");
        }
      }
    }
  }
}
