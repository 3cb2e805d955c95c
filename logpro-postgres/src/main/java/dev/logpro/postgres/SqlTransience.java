package dev.logpro.postgres;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Which PostgreSQL failures may pass if the same statement is tried again on a new connection: the server cannot be
 * reached or dropped the connection (SQLState class 08), is shutting down or starting up (57P01, 57P02, 57P03), has
 * no connection slot free (53300), or chose this transaction to abort (40001 serialization failure, 40P01
 * deadlock). A wrong password, a missing privilege or a bad table name are permanent.
 */
final class SqlTransience {
  private static final Set<String> TRANSIENT_STATES = Set.of("57P01", "57P02", "57P03", "53300", "40001", "40P01");

  private SqlTransience() {}

  static boolean isTransient(SQLException failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLTransientException || t instanceof SQLRecoverableException || t instanceof IOException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || TRANSIENT_STATES.contains(sql.getSQLState()))) {
        return true;
      }
    }
    return false;
  }
}
