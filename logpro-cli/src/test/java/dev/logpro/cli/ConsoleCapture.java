package dev.logpro.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** What the command prints, captured for each test ({@code @RegisterExtension}) and restored after it. */
final class ConsoleCapture implements BeforeEachCallback, AfterEachCallback {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private PrintStream savedErr;
  private PrintStream savedOut;

  @Override
  public void beforeEach(ExtensionContext context) {
    savedErr = System.err;
    savedOut = System.out;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    System.setErr(savedErr);
    System.setOut(savedOut);
  }

  String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Forgets what was printed so far. */
  void reset() {
    err.reset();
    out.reset();
  }
}
