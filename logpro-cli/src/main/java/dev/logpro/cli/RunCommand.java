package dev.logpro.cli;

import dev.logpro.api.CannotResumeException;
import dev.logpro.core.config.ConfigException;
import dev.logpro.core.config.ObservabilityConfig;
import dev.logpro.core.pipeline.Pipeline;
import dev.logpro.core.pipeline.RunSummary;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code logpro run}: runs a pipeline to the end of its input (or until SIGTERM / Ctrl-C, which drain and commit),
 * showing progress on a terminal and a summary at the end.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run a pipeline. SIGTERM or Ctrl-C drains it: flush, commit, exit 0.")
final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CONFIG", description = "The pipeline's YAML file.")
  Path config;

  @Option(names = "--debug", description = "Log at debug level and print stack traces of failures.")
  boolean debug;

  @Option(names = "--from-scratch", description = "Ignore the positions committed before and read every input"
      + " again; rows already in the table are written again. For a pipeline whose positions are gone.")
  boolean fromScratch;

  @Override
  public Integer call() {
    Pipeline pipeline = Errors.loadOrReport(config);
    if (pipeline == null) {
      return Main.USAGE;
    }
    ObservabilityConfig observability = pipeline.config().observability();
    Logging.level(debug ? "debug" : observability.log_level().name());
    if (fromScratch) {
      pipeline.fromScratch();
    }
    Signals.drainOnTermination(pipeline);
    Progress progress = Progress.start(pipeline, observability.progress());
    try {
      RunSummary summary = pipeline.run();
      progress.stop();
      Summary.print(summary, Summary.splitName(pipeline), System.err);
      return Main.OK;
    } catch (ConfigException e) {
      progress.stop();
      Errors.printConfig(e);
      return Main.USAGE;
    } catch (CannotResumeException e) {
      progress.stop();
      System.err.println("error: " + e.getMessage());
      return Main.USAGE;
    } catch (Exception e) {
      progress.stop();
      Errors.printFailure(e, debug);
      return Main.FAILED;
    }
  }
}
