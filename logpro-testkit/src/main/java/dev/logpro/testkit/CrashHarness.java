package dev.logpro.testkit;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a program in a child JVM ({@link ChildJvm}), kills it with SIGKILL at chosen moments several times, starting it
 * again after each kill, and lets it finish the last time: what a machine that keeps crashing does to a pipeline.
 * The test then checks what landed (for example with {@link EventTally}).
 *
 * <p>Each kill aims at a {@link Moment}: a phase name, a {@link Signal} that says when a run has reached it (a new
 * data file, a new Iceberg manifest), and a random extra delay up to a bound. The moment is armed only after the
 * run made a random amount of progress ({@link #armedAfter}: 1 to N commits, say), so kills fall in the middle of
 * runs that already committed something, and every run leaves work for the next whatever the machine's speed.
 * Moments are taken in turn, so every phase is hit.
 *
 * <p>Choices (the order of moments, the progress before each, the delays) come from a seed, printed at the start
 * and kept in the {@link Result}; {@code -Dlogpro.crash.seed=N} replays them. Timing still varies between machines,
 * so the same seed aims at the same moments rather than the same instructions.
 *
 * <pre>{@code
 * CrashHarness.Result result = CrashHarness.builder(dir, "dev.logpro.cli.Main", "run", "pipeline.yaml")
 *     .kills(6)
 *     .armedAfter(CrashHarness.newFiles(metadataDir, "glob:*.metadata.json"), 3)
 *     .moment("writing", CrashHarness.newFiles(dataDir, "glob:**.parquet"), 200)
 *     .moment("committing", CrashHarness.newFiles(metadataDir, "glob:*-m*.avro"), 10)
 *     .run();
 * assertThat(result.kills()).hasSizeGreaterThanOrEqualTo(5);
 * }</pre>
 */
public final class CrashHarness {

  /** Counts something a run does (files it creates); {@link #reset} starts the count again from zero. */
  public interface Signal {
    void reset() throws IOException;

    /** How many times it happened since {@link #reset}. */
    int count() throws IOException;
  }

  /**
   * Where to kill: once {@code signal} happens, after a random delay of 0 to {@code maxDelayMillis}.
   *
   * @param phase what the run is doing then, for the record ("writing", "committing")
   */
  public record Moment(String phase, Signal signal, long maxDelayMillis) {}

  /**
   * One kill: which run, the phase aimed at, how much progress the run made before the moment was armed, the delay
   * after the moment came, and when the kill came after the start.
   */
  public record Kill(int run, String phase, int armedAfter, long delayMillis, long millisAfterStart) {}

  /**
   * What happened.
   *
   * @param seed the seed of the choices
   * @param kills the kills made, in order
   * @param runs runs started, the last one included
   * @param exitCode the last run's exit code
   * @param log the children's output, all runs appended
   */
  public record Result(long seed, List<Kill> kills, int runs, int exitCode, Path log) {
    public long killsIn(String phase) {
      return kills.stream().filter(k -> k.phase().equals(phase)).count();
    }

    @Override
    public String toString() {
      return "seed " + seed + " (rerun with -Dlogpro.crash.seed=" + seed + "), " + runs + " runs, last exit "
          + exitCode + ", kills " + kills + ", log " + log;
    }
  }

  private final Path workDir;
  private final String mainClass;
  private final String[] args;
  private final List<Moment> moments = new ArrayList<>();
  private int kills = 5;
  private long seed = Long.getLong("logpro.crash.seed", new SecureRandom().nextLong());
  private Duration runTimeout = Duration.ofSeconds(120);
  private Signal progress;
  private int maxProgress;
  private Path log;
  /**
   * Short runs that are mostly start-up: the client compiler alone and the serial collector start sooner and leave
   * the (often shared, small) machine's cores to the child's own work.
   */
  private List<String> jvmOptions = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private CrashHarness(Path workDir, String mainClass, String... args) {
    this.workDir = workDir;
    this.mainClass = mainClass;
    this.args = args;
    this.log = workDir.resolve("crash-harness.log");
  }

  /** A harness running {@code mainClass} with {@code args} in {@code workDir}. */
  public static CrashHarness builder(Path workDir, String mainClass, String... args) {
    return new CrashHarness(workDir, mainClass, args);
  }

  /** How many kills to make (default 5); fewer happen only if a run finishes before its moment comes. */
  public CrashHarness kills(int count) {
    this.kills = count;
    return this;
  }

  /** Adds a moment to kill at; moments are used in turn. */
  public CrashHarness moment(String phase, Signal signal, long maxDelayMillis) {
    moments.add(new Moment(phase, signal, maxDelayMillis));
    return this;
  }

  /** Fixes the seed (by default {@code -Dlogpro.crash.seed}, or a random one). */
  public CrashHarness seed(long value) {
    this.seed = value;
    return this;
  }

  /**
   * Arms each run's moment once {@code progress} happened a random 1 to {@code maxTimes} times in that run (by
   * default at once when the run starts). What happens before the moment is armed does not count for it.
   */
  public CrashHarness armedAfter(Signal progress, int maxTimes) {
    this.progress = progress;
    this.maxProgress = maxTimes;
    return this;
  }

  /** How long one run may take before the harness gives up on it (default 120 s). */
  public CrashHarness runTimeout(Duration timeout) {
    this.runTimeout = timeout;
    return this;
  }

  /** JVM options of every child, replacing the default ones (client compiler only, serial collector). */
  public CrashHarness jvmOptions(String... options) {
    this.jvmOptions = List.of(options);
    return this;
  }

  /** Where the children's output goes (default {@code crash-harness.log} in the work directory). */
  public Path log() {
    return log;
  }

  /** Kills and restarts as configured, then runs to the end; returns once the last run exited. */
  public Result run() throws IOException, InterruptedException {
    if (moments.isEmpty()) {
      throw new IllegalStateException("Cannot crash a run without a moment to kill at: add one with moment()");
    }
    System.out.println("CrashHarness: seed " + seed + " (rerun with -Dlogpro.crash.seed=" + seed + ")");
    SplittableRandom random = new SplittableRandom(seed);
    int first = random.nextInt(moments.size());
    List<Kill> done = new ArrayList<>();
    int runs = 0;
    for (int k = 0; k < kills; k++) {
      Moment moment = moments.get((first + k) % moments.size());
      int arm = progress == null ? 0 : 1 + random.nextInt(maxProgress);
      long delay = moment.maxDelayMillis() == 0 ? 0 : random.nextLong(moment.maxDelayMillis() + 1);
      Files.writeString(log, "--- CrashHarness run " + (runs + 1) + " at " + Instant.now() + ": kill while "
          + moment.phase() + ", armed after progress " + arm + ", +" + delay + " ms\n", StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      if (progress != null) {
        progress.reset();
      }
      long start = System.nanoTime();
      Process process = ChildJvm.start(workDir, log, jvmOptions, mainClass, args);
      runs++;
      boolean fired = progress == null || waitFor(progress, arm, process, start);
      if (fired) {
        moment.signal().reset();
        fired = waitFor(moment.signal(), 1, process, start);
      }
      if (fired && delay > 0) {
        process.waitFor(delay, TimeUnit.MILLISECONDS);
      }
      if (!process.isAlive()) {
        // The run ended before its moment came (done, or failed): there is nothing left to kill.
        return new Result(seed, done, runs, process.exitValue(), log);
      }
      if (!fired) {
        process.destroyForcibly().waitFor();
        throw new IllegalStateException("Run " + runs + " did not reach '" + moment.phase() + "' within "
            + runTimeout.toSeconds() + " s; seed " + seed + ", log " + log);
      }
      process.destroyForcibly();
      process.waitFor();
      done.add(new Kill(runs, moment.phase(), arm, delay,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
    }
    Files.writeString(log, "--- CrashHarness run " + (runs + 1) + " at " + Instant.now() + ": to the end\n",
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    Process last = ChildJvm.start(workDir, log, jvmOptions, mainClass, args);
    runs++;
    if (!last.waitFor(runTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
      last.destroyForcibly().waitFor();
      throw new IllegalStateException("The last run did not finish within " + runTimeout.toSeconds() + " s; seed "
          + seed + ", log " + log);
    }
    return new Result(seed, done, runs, last.exitValue(), log);
  }

  /** Polls until {@code signal} happened {@code times} times (true) or the process exits or times out (false). */
  private boolean waitFor(Signal signal, int times, Process process, long start)
      throws IOException, InterruptedException {
    long deadline = start + runTimeout.toNanos();
    while (process.isAlive() && System.nanoTime() < deadline) {
      if (signal.count() >= times) {
        return true;
      }
      Thread.sleep(2);
    }
    return false;
  }

  /**
   * Counts the files under {@code dir} whose path (relative to {@code dir}) matches {@code pattern} ({@code glob:} or
   * {@code regex:}, as {@link java.nio.file.FileSystem#getPathMatcher}) that were not there at the last reset: data
   * files being written, Iceberg manifests (a commit under way) or metadata files (a commit done), Parquet files
   * published. A file that came and went between two looks (a temporary renamed) may go uncounted.
   */
  public static Signal newFiles(Path dir, String pattern) {
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher(pattern);
    return new Signal() {
      private final Set<Path> before = new HashSet<>();
      private final Set<Path> seen = new HashSet<>();

      @Override
      public void reset() throws IOException {
        before.clear();
        seen.clear();
        before.addAll(matching());
      }

      @Override
      public int count() throws IOException {
        for (Path file : matching()) {
          if (!before.contains(file)) {
            seen.add(file);
          }
        }
        return seen.size();
      }

      private List<Path> matching() throws IOException {
        if (!Files.isDirectory(dir)) {
          return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
          return files.map(dir::relativize).filter(matcher::matches).toList();
        } catch (java.io.UncheckedIOException e) {
          return List.of(); // a file vanished while listing (a temporary renamed): look again next time
        }
      }
    };
  }
}
