package dev.logpro.cli;

import dev.logpro.core.dlq.DeadLetterReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code logpro dlq}: look at dead letters. */
@Command(name = "dlq", description = "Look at dead letters.", subcommands = DlqCommand.Inspect.class)
final class DlqCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  /** {@code logpro dlq inspect}: dead letters grouped by stage and error, with counts and samples. */
  @Command(name = "inspect", description = "Group a file dead-letter queue by stage and error, with counts and"
      + " samples.")
  static final class Inspect implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PATH", description = "The DLQ directory (reliability.dlq.path) or one file.")
    Path path;

    @Option(names = "--samples", defaultValue = "3", description = "Samples per group (default ${DEFAULT-VALUE}).")
    int samples;

    @Override
    public Integer call() throws Exception {
      if (!Files.exists(path)) {
        System.err.println("error: no such dead-letter queue: " + path);
        return Main.USAGE;
      }
      DeadLetterReport report = DeadLetterReport.read(path, samples);
      System.out.printf(Locale.ROOT, "%,d dead letters in %d file%s%s%n", report.total(), report.files(),
          report.files() == 1 ? "" : "s",
          report.unreadable() == 0 ? "" : String.format(Locale.ROOT, " (%,d unreadable lines)", report.unreadable()));
      for (DeadLetterReport.Group group : report.groups()) {
        System.out.printf(Locale.ROOT, "%n%,8d  %-9s %s%n", group.count(), group.stage(), group.error());
        for (DeadLetterReport.Sample sample : group.samples()) {
          System.out.printf("          %s @ %s: %s%n", sample.source(), sample.position(), shorten(sample.raw()));
        }
      }
      return Main.OK;
    }

    private static String shorten(String raw) {
      String oneLine = raw.replace("\n", "\\n").replace("\r", "\\r");
      return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }
  }
}
