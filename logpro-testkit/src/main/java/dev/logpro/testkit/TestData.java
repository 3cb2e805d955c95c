package dev.logpro.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the public conformance suites in {@code ../shared/testdata} beside the checkout (JSONTestSuite,
 * csv-spectrum). CI lays {@code shared/} beside the clone, as on a developer's machine.
 */
public final class TestData {

  private TestData() {}

  /** The checkout's root: the nearest directory upwards holding both {@code pom.xml} and {@code logpro-api}. */
  public static Path projectRoot() {
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("logpro-api"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("Cannot find the logpro checkout above " + Paths.get("").toAbsolutePath());
  }

  /** {@code ../shared/testdata} (or {@code $LOGPRO_SHARED/testdata}). Fails clearly when it is missing. */
  public static Path sharedTestData() {
    String override = System.getenv("LOGPRO_SHARED");
    Path shared = override != null ? Paths.get(override) : projectRoot().getParent().resolve("shared");
    Path testdata = shared.resolve("testdata");
    if (!Files.isDirectory(testdata)) {
      throw new IllegalStateException(
          "Cannot find conformance data: " + testdata + " is missing (set LOGPRO_SHARED to the shared/ folder)");
    }
    return testdata;
  }
}
