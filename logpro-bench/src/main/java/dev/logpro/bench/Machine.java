package dev.logpro.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What the numbers were measured on. */
record Machine(int cpus, String cpuModel, double ramGib, String os, String jdk) {

  static Machine current() {
    String model = "unknown CPU";
    double ram = 0;
    try {
      List<String> cpuinfo = Files.readAllLines(Path.of("/proc/cpuinfo"));
      model = cpuinfo.stream().filter(l -> l.startsWith("model name")).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(model);
      for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (l.startsWith("MemTotal:")) {
          ram = Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: say less.
    }
    String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch");
    String jdk = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
        + System.getProperty("java.vm.vendor") + ")";
    return new Machine(Runtime.getRuntime().availableProcessors(), model, ram, os, jdk);
  }

  String describe() {
    return String.format(Locale.ROOT, "%d CPUs (nproc), %s, %.1f GiB RAM, %s", cpus, cpuModel, ramGib, os);
  }
}
