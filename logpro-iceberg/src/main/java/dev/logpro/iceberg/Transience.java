package dev.logpro.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ServiceFailureException;
import org.apache.iceberg.exceptions.ServiceUnavailableException;

/**
 * Which catalog and storage failures may pass if the same call is made again: a commit conflict that outlasted
 * Iceberg's own retries, a locked or unreachable catalog database, a REST catalog's 5xx, an I/O error. Anything else
 * (a schema Iceberg refuses, a missing table) is permanent.
 */
final class Transience {
  private Transience() {}

  static boolean isTransient(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof CommitFailedException || t instanceof ServiceUnavailableException
          || t instanceof ServiceFailureException || t instanceof SQLException || t instanceof IOException
          || t instanceof UncheckedIOException || t.getClass().getName().endsWith("UncheckedSQLException")) {
        return true;
      }
    }
    return false;
  }

  /** The failure and its deepest cause, one line. */
  static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = String.valueOf(failure.getMessage());
    return root == failure ? message : message + " (" + root.getMessage() + ")";
  }
}
