package dev.logpro.testkit;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a main class in a separate JVM with this JVM's class path and module flags, so a test can kill a real
 * process (SIGKILL, SIGTERM) and start it again.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /** Starts {@code mainClass} with {@code args}, standard output and error appended to {@code log}. */
  public static Process start(Path workDir, Path log, String mainClass, String... args) throws IOException {
    return start(workDir, log, List.of(), mainClass, args);
  }

  /** As {@link #start(Path, Path, String, String...)}, with extra JVM options before the main class. */
  public static Process start(Path workDir, Path log, List<String> jvmOptions, String mainClass, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (flag.startsWith("--add-opens") || flag.startsWith("--sun-misc") || flag.startsWith("--enable-native")) {
        command.add(flag);
      }
    }
    command.add("-Xmx512m");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(new File(log.toString())));
    return builder.start();
  }
}
