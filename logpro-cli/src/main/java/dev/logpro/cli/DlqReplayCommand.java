package dev.logpro.cli;

import dev.logpro.core.config.ConfigException;
import dev.logpro.core.dlq.DeadLetterStore;
import dev.logpro.core.dlq.ReplayLedger;
import dev.logpro.core.pipeline.DeadLetterReplay;
import dev.logpro.core.pipeline.Pipeline;
import dev.logpro.core.pipeline.RunSummary;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code logpro dlq replay}: re-ingest a pipeline's dead letters through it, once their cause is fixed. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Re-ingest a pipeline's dead letters through its decoder and sink once the"
    + " cause is fixed. Those that land leave the dead-letter queue; those that fail again stay, with the new error."
    + " Into an Iceberg table each lands exactly once, even if a replay is stopped and run again.")
final class DlqReplayCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "DLQ", description = "A file DLQ's directory, or"
      + " iceberg:<namespace>.<table>; default: the pipeline's reliability.dlq.")
  String target;

  @Option(names = "--config", required = true, paramLabel = "CONFIG", description = "The pipeline's YAML file: its"
      + " id picks the dead letters, its format decodes them, its sink takes the rows.")
  Path config;

  @Option(names = "--warehouse", paramLabel = "DIR", description = "The embedded catalog's warehouse holding an"
      + " iceberg: table (default: the catalog of the config's dead-letter queue or sink).")
  Path warehouse;

  @Option(names = "--debug", description = "Log at debug level and print stack traces of failures.")
  boolean debug;

  @Override
  public Integer call() {
    Pipeline pipeline = Errors.loadOrReport(config);
    if (pipeline == null) {
      return Main.USAGE;
    }
    Logging.level(debug ? "debug" : pipeline.config().observability().log_level().name());
    try (DeadLetterStore store = DeadLetterStores.open(target, pipeline, warehouse)) {
      DeadLetterReplay replay = new DeadLetterReplay(pipeline.config(), store);
      print(pipeline.id(), replay, replay.run(), System.out);
      return Main.OK;
    } catch (DeadLetterStores.UsageException e) {
      System.err.println("error: " + e.getMessage());
      return Main.USAGE;
    } catch (ConfigException e) {
      Errors.printConfig(e);
      return Main.USAGE;
    } catch (Exception e) {
      Errors.printFailure(e, debug);
      return Main.FAILED;
    }
  }

  private static void print(String pipeline, DeadLetterReplay replay, DeadLetterReplay.Result result,
      PrintStream out) {
    out.printf("replay of pipeline %s from %s%n", pipeline, replay.store());
    for (ReplayLedger.Outcome earlier : result.recovered()) {
      out.printf(Locale.ROOT, "  finished a replay that had stopped: %,d landed, %,d failed again, %,d released%n",
          earlier.landed(), earlier.failedAgain(), earlier.released());
    }
    RunSummary run = result.run();
    if (run == null) {
      out.println("  nothing to replay");
      return;
    }
    ReplayLedger.Outcome outcome = result.outcome();
    long replayed = outcome.landed() + outcome.failedAgain() + outcome.released();
    out.printf(Locale.ROOT, "  replayed    %,d dead letter%s in %.1f s%n", replayed, replayed == 1 ? "" : "s",
        run.elapsed().toMillis() / 1000.0);
    out.printf(Locale.ROOT, "  landed      %,d (%,d rows written), removed from the dead-letter queue%n",
        outcome.landed(), run.rowsWritten());
    out.printf(Locale.ROOT, "  failed again %,d, kept with the new error (logpro dlq inspect)%n", outcome.failedAgain());
    if (outcome.released() > 0) {
      out.printf(Locale.ROOT, "  not done    %,d, kept for the next replay%n", outcome.released());
    }
    out.printf(Locale.ROOT, "  committed   %d commit%s%s under %s%n", run.commits(), run.commits() == 1 ? "" : "s",
        run.lastCommitId() == null ? "" : ", snapshot " + run.lastCommitId(), replay.replayId());
  }
}
