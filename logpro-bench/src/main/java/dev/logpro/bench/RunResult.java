package dev.logpro.bench;

/**
 * One contender's run on one scenario ({@code format} is its {@link Scenario#key}): the times (wall clock of its process as the harness saw it, and the time it
 * reported for the conversion itself), its peak RSS and CPU time, what it wrote, and how the output checked out.
 */
record RunResult(String format, String contender, int repeat, boolean ok, long wallMs, long workMs, long peakRssKb,
    long cpuMs, long outputBytes, int outputFiles, int partitions, String check, String error) {

  static RunResult failed(String format, String contender, int repeat, ChildRun.Result r, String error) {
    return new RunResult(format, contender, repeat, false, r == null ? -1 : r.wallMs(), -1,
        r == null ? -1 : r.peakRssKb(), r == null ? -1 : r.cpuMs(), -1, 0, 0, "", error);
  }
}
