package dev.logpro.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One contender run in its own JVM, so its peak resident set is its own. The child runs {@link Measured}, which calls
 * the contender's real {@code main} and reports {@code VmHWM} at exit; the parent also polls the child's
 * {@code /proc/<pid>/status} meanwhile, in case the child dies before its report.
 */
final class ChildRun {
  private static final long POLL_MS = 50;

  /** What one child process did. */
  record Result(int exitCode, long wallMs, long peakRssKb, long cpuMs, String stdout, String stderr) {
    boolean ok() {
      return exitCode == 0;
    }

    String tail(int lines) {
      List<String> all = Stream.concat(stdout.lines(), stderr.lines()).toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
  }

  private ChildRun() {}

  /** The JVM flags the {@code ./logpro} launcher uses, for every contender. */
  static List<String> jvmFlags() {
    List<String> flags = new ArrayList<>(List.of("--add-opens=java.base/java.nio=ALL-UNNAMED",
        "-Darrow.enable_unsafe_memory_access=true", "-Darrow.enable_null_check_for_get=false"));
    if (Runtime.version().feature() >= 21) {
      flags.add("--enable-native-access=ALL-UNNAMED");
    }
    if (Runtime.version().feature() >= 23) { // the switch exists from JDK 23; a JDK 21 or 22 refuses to start
      flags.add("--sun-misc-unsafe-memory-access=allow");
    }
    flags.add("-Xss4m");
    flags.add("-Xmx1g");
    flags.add("-Xmn128m");
    flags.add("-XX:+UseParallelGC");
    flags.add("-XX:MinHeapFreeRatio=10");
    flags.add("-XX:MaxHeapFreeRatio=30");
    flags.add("-XX:Tier4InvocationThreshold=20000");
    flags.add("-XX:Tier4CompileThreshold=40000");
    flags.add("-XX:Tier4MinInvocationThreshold=2000");
    return flags;
  }

  /** This JVM's class path, without the jars whose names contain any of {@code without}. */
  static String classPath(String... without) {
    return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> Stream.of(without).noneMatch(e::contains))
        .collect(Collectors.joining(File.pathSeparator));
  }

  static Result run(Path dir, String classPath, String mainClass, List<String> args) throws IOException,
      InterruptedException {
    return run(dir, classPath, List.of(), mainClass, args);
  }

  /**
   * The class-data-sharing flags {@code ./logpro} uses: map {@code archive} if it exists, else record it at exit
   * (JDK 19+ does both by itself).
   */
  static List<String> cdsFlags(Path archive) {
    List<String> flags = new ArrayList<>(List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
    if (Runtime.version().feature() >= 24) {
      flags.add("-Xlog:aot=off");
    }
    if (Runtime.version().feature() >= 19) {
      flags.add("-XX:+AutoCreateSharedArchive");
      flags.add("-XX:SharedArchiveFile=" + archive);
    } else if (Files.exists(archive)) {
      flags.add("-XX:SharedArchiveFile=" + archive);
    } else {
      flags.add("-XX:ArchiveClassesAtExit=" + archive);
    }
    return flags;
  }

  static Result run(Path dir, String classPath, List<String> extraFlags, String mainClass, List<String> args)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path report = dir.resolve("measured.properties");
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmFlags());
    cmd.addAll(extraFlags);
    cmd.add("-cp");
    cmd.add(classPath);
    cmd.add(Measured.class.getName());
    cmd.add(report.toString());
    cmd.add(mainClass);
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    long start = System.nanoTime();
    Process p = pb.start();
    long polled = -1;
    while (!p.waitFor(POLL_MS, java.util.concurrent.TimeUnit.MILLISECONDS)) {
      polled = Math.max(polled, ProcStatus.peakRssKb(p.pid()));
    }
    long wallMs = (System.nanoTime() - start) / 1_000_000;
    Properties measured = new Properties();
    if (Files.exists(report)) {
      try (var r = Files.newBufferedReader(report)) {
        measured.load(r);
      }
    }
    long hwm = Math.max(polled, Long.parseLong(measured.getProperty("vmhwm_kb", "-1")));
    long cpu = Long.parseLong(measured.getProperty("cpu_ms", "-1"));
    return new Result(p.exitValue(), wallMs, hwm, cpu, Files.readString(out), Files.readString(err));
  }
}
