package dev.logpro.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a YAML config into plain maps and lists, replacing {@code ${VAR}} (or {@code ${VAR:-default}}) in string
 * values from the environment. Substitution happens after parsing, so a variable's value is never read as YAML.
 */
public final class YamlLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private YamlLoader() {}

  /** Parses {@code text}; throws {@link ConfigException} on bad YAML or unset variables. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> load(String text, Function<String, String> env) {
    Object tree;
    try {
      tree = YAML.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      throw ConfigException.of("", "invalid YAML" + where + ": " + e.getOriginalMessage());
    }
    if (tree == null) {
      throw ConfigException.of("", "the config is empty");
    }
    if (!(tree instanceof Map)) {
      throw ConfigException.of("", "expected a map of sections (pipeline, source, sink, ...) at the top level");
    }
    List<ConfigError> errors = new ArrayList<>();
    Object resolved = substitute(tree, "", env, errors);
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return (Map<String, Object>) resolved;
  }

  private static Object substitute(Object node, String path, Function<String, String> env, List<ConfigError> errors) {
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = String.valueOf(e.getKey());
        out.put(key, substitute(e.getValue(), ConfigBinder.join(path, key), env, errors));
      }
      return out;
    }
    if (node instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        out.add(substitute(list.get(i), path + "[" + i + "]", env, errors));
      }
      return out;
    }
    if (node instanceof String text && text.contains("${")) {
      Matcher matcher = VARIABLE.matcher(text);
      StringBuilder out = new StringBuilder();
      while (matcher.find()) {
        String value = env.apply(matcher.group(1));
        if (value == null) {
          value = matcher.group(2);
        }
        if (value == null) {
          errors.add(new ConfigError(path, "environment variable " + matcher.group(1) + " is not set"));
          value = "";
        }
        matcher.appendReplacement(out, Matcher.quoteReplacement(value));
      }
      matcher.appendTail(out);
      return out.toString();
    }
    return node;
  }
}
