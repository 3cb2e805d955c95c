package dev.logpro.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code logpro} command in a child JVM, on the distribution the build made ({@code logpro-cli/target/logpro.jar}
 * and {@code target/lib}), with the JVM flags of the {@code ./logpro} launcher. Never in the test JVM: its Parquet,
 * Arrow and Jackson are not Spark's.
 *
 * <p>Standard output and error go, merged, to a file under {@code target/logpro-runs/} that stays for debugging.
 */
final class LogproProcess {
  static final long TIMEOUT_SECONDS = 120;
  private static final AtomicInteger RUNS = new AtomicInteger();
  private static final Pattern ROWS_READ = Pattern.compile("(?m)^\\s*read\\s+([\\d,]+) rows");

  private final Process process;
  private final Path log;
  private final List<String> command;

  private LogproProcess(Process process, Path log, List<String> command) {
    this.process = process;
    this.log = log;
    this.command = command;
  }

  /** What a finished run did: its exit code and everything it printed. */
  record Result(int exitCode, String output, Path log) {
    List<String> lines() {
      return output.lines().toList();
    }

    /** The lines that start with {@code error:}. */
    List<String> errors() {
      return output.lines().filter(l -> l.startsWith("error:")).toList();
    }

    /** Rows read, from the run summary ({@code read  601 rows, ...}); 0 when it read nothing. */
    long rowsRead() {
      Matcher m = ROWS_READ.matcher(output);
      return m.find() ? Long.parseLong(m.group(1).replace(",", "")) : 0;
    }

    @Override
    public String toString() {
      return "logpro exited " + exitCode + " (log " + log + "):\n" + output;
    }
  }

  /**
   * Runs {@code logpro <args>} in {@code workDir} to the end (at most {@link #TIMEOUT_SECONDS}).
   *
   * @param label names the log file ({@code target/logpro-runs/<label>-<n>.log})
   */
  static Result run(Path workDir, String label, String... args) {
    return start(workDir, label, args).await();
  }

  /** Starts {@code logpro <args>} in {@code workDir}; {@link #await()} waits for its end. */
  static LogproProcess start(Path workDir, String label, String... args) {
    Path home = home();
    Path jar = home.resolve("logpro-cli/target/logpro.jar");
    Path lib = home.resolve("logpro-cli/target/lib");
    if (!Files.isRegularFile(jar) || !Files.isDirectory(lib)) {
      throw new IllegalStateException("No logpro distribution at " + jar + " and " + lib
          + ": build logpro-cli first (mvn -Pinterop -pl logpro-interop -am verify does)");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The flags of ./logpro: Arrow needs java.nio; its per-access checks off as in production.
    command.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
    command.add("-Darrow.enable_unsafe_memory_access=true");
    command.add("-Darrow.enable_null_check_for_get=false");
    if (Runtime.version().feature() >= 21) {
      command.add("--enable-native-access=ALL-UNNAMED");
    }
    if (Runtime.version().feature() >= 23) { // the switch exists from JDK 23; a JDK 21 or 22 refuses to start
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.addAll(List.of("-Xss4m", "-Xmx1g", "-Xmn128m", "-XX:+UseParallelGC"));
    // Not the launcher's: small inputs finish before C2 pays off, and Spark needs the other core (0.8 s a run).
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(jar + java.io.File.pathSeparator + lib + "/*");
    command.add("dev.logpro.cli.Main");
    command.addAll(List.of(args));
    try {
      Path logs = logs();
      Path log = logs.resolve(String.format("%s-%03d.log", label.replaceAll("[^A-Za-z0-9_.-]+", "_"),
          RUNS.incrementAndGet()));
      Files.writeString(log, "$ (cd " + workDir + " && logpro " + String.join(" ", args) + ")\n");
      Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      return new LogproProcess(process, log, command);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Kills the process if it still runs (a test that failed before its end). */
  void kill() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Freezes the process where it is (SIGSTOP), as a slow or descheduled process would be. */
  void pause() {
    signal("STOP");
  }

  /** Lets a {@link #pause() paused} process go on (SIGCONT). */
  void resume() {
    signal("CONT");
  }

  private void signal(String name) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits for the end of the run; kills it (and fails) after {@link #TIMEOUT_SECONDS}. */
  Result await() {
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("logpro did not finish within " + TIMEOUT_SECONDS + " s and was killed: "
            + String.join(" ", command) + "\n" + output());
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return new Result(process.exitValue(), output(), log);
  }

  private String output() {
    try {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      return text.substring(text.indexOf('\n') + 1); // without the command line written first
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The directory of the runs' logs, emptied of an earlier test JVM's at the first run of this one. */
  private static synchronized Path logs() throws IOException {
    Path logs = Path.of(System.getProperty("logpro.interop.logs", "target/logpro-runs"));
    if (RUNS.get() == 0 && Files.isDirectory(logs)) {
      try (var old = Files.walk(logs)) {
        for (Path file : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
          if (!file.equals(logs)) {
            Files.delete(file);
          }
        }
      }
    }
    return Files.createDirectories(logs);
  }

  /** The checkout's root, which holds {@code logpro-cli/target}. */
  static Path home() {
    return Path.of(System.getProperty("logpro.home", "..")).toAbsolutePath().normalize();
  }
}
