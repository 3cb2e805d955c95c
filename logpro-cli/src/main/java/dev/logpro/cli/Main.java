package dev.logpro.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code logpro} command. Exit codes: 0 done, 1 the run failed, 2 the config or the command line is wrong. */
@Command(
    name = "logpro",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Ingest files into Apache Iceberg tables as Parquet, exactly once, in bounded memory.",
    subcommands = {RunCommand.class, ValidateCommand.class, InspectCommand.class, DlqCommand.class,
        PluginsCommand.class})
public final class Main implements Runnable {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  public static void main(String[] args) {
    Logging.configureDefaults();
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code, without exiting. */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExitCodeExceptionMapper(e -> FAILED);
    cli.setParameterExceptionHandler((e, a) -> {
      e.getCommandLine().getErr().println("error: " + e.getMessage());
      e.getCommandLine().usage(e.getCommandLine().getErr());
      return USAGE;
    });
    return cli.execute(args);
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }
}
