package dev.logpro.api;

/**
 * A pipeline has committed to its destination before, but its committed positions cannot be found there (removed by
 * hand, or the table restored from a backup without them). Resuming would silently read every input again, so the run
 * refuses to start; a person decides, for example by running again from scratch. The command exits with 2.
 */
public class CannotResumeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CannotResumeException(String message) {
    super(message);
  }
}
