package dev.logpro.bench;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs another program's {@code main} unchanged in this JVM and, as the JVM exits (normally or through
 * {@code System.exit}), writes the process's peak resident set ({@code VmHWM} of {@code /proc/self/status}) and its CPU
 * time to a file, so the harness learns each contender's own peak.
 *
 * <p>usage: {@code Measured <report file> <main class> <args...>}
 */
public final class Measured {
  private Measured() {}

  public static void main(String[] args) throws Throwable {
    Path report = Path.of(args[0]);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> writeReport(report), "bench-report"));
    String[] rest = new String[args.length - 2];
    System.arraycopy(args, 2, rest, 0, rest.length);
    try {
      Class.forName(args[1]).getMethod("main", String[].class).invoke(null, (Object) rest);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void writeReport(Path report) {
    try {
      long hwmKb = ProcStatus.selfPeakRssKb();
      long cpuMs = ProcStatus.selfCpuMs();
      Files.writeString(report, "vmhwm_kb=" + hwmKb + "\ncpu_ms=" + cpuMs + "\n");
    } catch (IOException | RuntimeException e) {
      System.err.println("bench: cannot write " + report + ": " + e);
    }
  }
}
