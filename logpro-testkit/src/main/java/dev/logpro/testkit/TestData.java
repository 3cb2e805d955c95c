package dev.logpro.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds files the tests read from the checkout: the public conformance suites in {@code testdata/} (JSONTestSuite,
 * csv-spectrum; see {@code testdata/README.md}), the examples and the docs.
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

  /** The checkout's {@code testdata/} folder, holding one folder per conformance suite. Fails clearly when missing. */
  public static Path conformanceSuites() {
    Path testdata = projectRoot().resolve("testdata");
    if (!Files.isDirectory(testdata)) {
      throw new IllegalStateException("Cannot find the conformance suites: " + testdata
          + " is missing (it is part of the repository; restore it with git checkout -- testdata)");
    }
    return testdata;
  }
}
