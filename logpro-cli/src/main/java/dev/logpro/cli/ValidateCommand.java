package dev.logpro.cli;

import dev.logpro.core.pipeline.Pipeline;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code logpro validate}: checks a config without running it. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Check a pipeline config: every error, one line each, with its path.")
final class ValidateCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CONFIG", description = "The pipeline's YAML file.")
  Path config;

  @Override
  public Integer call() {
    Pipeline pipeline = Errors.loadOrReport(config);
    if (pipeline == null) {
      return Main.USAGE;
    }
    System.out.println(config + ": ok (pipeline " + pipeline.id() + ")");
    return Main.OK;
  }
}
