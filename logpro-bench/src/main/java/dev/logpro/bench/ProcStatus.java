package dev.logpro.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a process's peak resident set and CPU time from Linux {@code /proc}. */
final class ProcStatus {
  /** Clock ticks per second of {@code /proc/<pid>/stat}; 100 on every Linux this runs on (getconf CLK_TCK). */
  private static final long TICKS_PER_SECOND = 100;

  private ProcStatus() {}

  static long selfPeakRssKb() throws IOException {
    return peakRssKb(Path.of("/proc/self/status"));
  }

  /** {@code VmHWM} of {@code /proc/<pid>/status} in KiB, or -1 when the process is gone. */
  static long peakRssKb(long pid) {
    try {
      return peakRssKb(Path.of("/proc/" + pid + "/status"));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static long peakRssKb(Path status) throws IOException {
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.substring(6).replace("kB", "").trim());
      }
    }
    throw new IOException("no VmHWM in " + status);
  }

  /** User plus system CPU time of this process, all threads, in milliseconds. */
  static long selfCpuMs() throws IOException {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    // Fields after the command name (which may hold spaces) start after the last ')'; utime and stime are 14 and 15.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
    return ticks * 1000 / TICKS_PER_SECOND;
  }
}
