package dev.logpro.cli;

import dev.logpro.core.registry.ReferenceDocs;
import dev.logpro.core.registry.Registry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code logpro plugins}: every component type with its fields, defaults and docs. */
@Command(name = "plugins",
    mixinStandardHelpOptions = true,
    description = "List every source, format, sink, dead-letter queue and checkpoint store with its options.")
final class PluginsCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "TYPE", description = "Show only this type (e.g. iceberg).")
  String type;

  @Override
  public Integer call() {
    Registry registry = Registry.load();
    if (type == null) {
      System.out.print(ReferenceDocs.markdown(registry));
      return Main.OK;
    }
    String entry = ReferenceDocs.component(registry, type);
    if (entry == null) {
      System.err.println("error: no component of type '" + type + "'");
      return Main.USAGE;
    }
    System.out.print(entry);
    return Main.OK;
  }
}
