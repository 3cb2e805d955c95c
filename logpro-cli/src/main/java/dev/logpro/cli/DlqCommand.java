package dev.logpro.cli;

import dev.logpro.core.dlq.DeadLetterReport;
import dev.logpro.core.dlq.DeadLetterStore;
import dev.logpro.core.pipeline.Pipeline;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code logpro dlq}: look at dead letters, and replay them once their cause is fixed. */
@Command(name = "dlq", mixinStandardHelpOptions = true,
    description = "Look at dead letters, and replay them once their cause is fixed.",
    subcommands = {DlqCommand.Inspect.class, DlqReplayCommand.class})
final class DlqCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  /** {@code logpro dlq inspect}: dead letters grouped by stage and error, with counts and samples. */
  @Command(name = "inspect", mixinStandardHelpOptions = true,
      description = "Group dead letters by stage and kind of error, with counts and samples.")
  static final class Inspect implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DLQ", description = "A file DLQ's directory (or one of"
        + " its files), or iceberg:<namespace>.<table>; default: the --config pipeline's reliability.dlq.")
    String target;

    @Option(names = "--config", paramLabel = "CONFIG", description = "A pipeline's YAML file: its dead-letter queue,"
        + " and the catalog for an iceberg: table.")
    Path config;

    @Option(names = "--warehouse", paramLabel = "DIR", description = "The embedded catalog's warehouse holding an"
        + " iceberg: table.")
    Path warehouse;

    @Option(names = "--pipeline", paramLabel = "ID", description = "Only the dead letters of this pipeline.")
    String pipelineId;

    @Option(names = "--samples", defaultValue = "3", description = "Samples per group (default ${DEFAULT-VALUE}).")
    int samples;

    @Override
    public Integer call() {
      Pipeline pipeline = null;
      if (config != null && (pipeline = Errors.loadOrReport(config)) == null) {
        return Main.USAGE;
      }
      try (DeadLetterStore store = DeadLetterStores.open(target, pipeline, warehouse)) {
        print(DeadLetterReport.of(store, pipelineId, samples));
        return Main.OK;
      } catch (DeadLetterStores.UsageException e) {
        System.err.println("error: " + e.getMessage());
        return Main.USAGE;
      } catch (Exception e) {
        Errors.printFailure(e, false);
        return Main.FAILED;
      }
    }

    private static void print(DeadLetterReport report) {
      System.out.printf(Locale.ROOT, "%,d dead letter%s in %s%s%n", report.total(), report.total() == 1 ? "" : "s",
          report.where(), report.unreadable() == 0 ? ""
              : String.format(Locale.ROOT, " (%,d unreadable lines)", report.unreadable()));
      for (Map.Entry<String, Long> pipeline : report.byPipeline().entrySet()) {
        System.out.printf(Locale.ROOT, "  pipeline %s: %,d%n", pipeline.getKey(), pipeline.getValue());
      }
      if (report.inReplay() > 0) {
        System.out.printf(Locale.ROOT, "  %,d held by a replay that has not finished (the next replay finishes it)%n",
            report.inReplay());
      }
      for (DeadLetterReport.Group group : report.groups()) {
        System.out.printf(Locale.ROOT, "%n%,8d  %-9s %s%n", group.count(), group.stage(), group.error());
        for (DeadLetterReport.Sample sample : group.samples()) {
          System.out.printf("          %s @ %s: %s%n", sample.source(), sample.position(), shorten(sample.raw()));
        }
      }
    }

    private static String shorten(String raw) {
      String oneLine = raw.replace("\n", "\\n").replace("\r", "\\r");
      return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }
  }
}
