package dev.logpro.core.registry;

import dev.logpro.api.ComponentFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Every component type on the classpath, found through {@link ServiceLoader} under its kind's factory interface. A
 * module adds components by listing its factories in {@code META-INF/services}; nothing is scanned.
 */
public final class Registry {
  private final Map<Kind, Map<String, ComponentFactory<?, ?>>> factories = new EnumMap<>(Kind.class);

  private Registry() {}

  /** The components visible to {@code loader}. */
  public static Registry load(ClassLoader loader) {
    Registry registry = new Registry();
    for (Kind kind : Kind.values()) {
      Map<String, ComponentFactory<?, ?>> byType = new TreeMap<>();
      for (ComponentFactory<?, ?> factory : ServiceLoader.load(kind.factoryType(), loader)) {
        ComponentFactory<?, ?> previous = byType.putIfAbsent(factory.type(), factory);
        if (previous != null && previous.getClass() != factory.getClass()) {
          throw new IllegalStateException("Cannot register " + kind.label() + " type '" + factory.type() + "' twice: "
              + previous.getClass().getName() + " and " + factory.getClass().getName());
        }
      }
      registry.factories.put(kind, Collections.unmodifiableMap(byType));
    }
    return registry;
  }

  public static Registry load() {
    return load(Thread.currentThread().getContextClassLoader());
  }

  public Optional<ComponentFactory<?, ?>> find(Kind kind, String type) {
    return Optional.ofNullable(factories.get(kind).get(type));
  }

  /** The registered types of {@code kind}, sorted. */
  public List<String> types(Kind kind) {
    return new ArrayList<>(factories.get(kind).keySet());
  }

  /** The factories of {@code kind}, sorted by type. */
  public List<ComponentFactory<?, ?>> factories(Kind kind) {
    return new ArrayList<>(factories.get(kind).values());
  }
}
