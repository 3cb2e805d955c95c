package dev.logpro.postgres;

import dev.logpro.api.CheckpointStore;
import dev.logpro.api.Position;
import dev.logpro.api.RetriableException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Positions in a PostgreSQL table, one row per (pipeline, split). A save upserts, in one transaction, the splits whose
 * token changed since this store last saved or loaded them, so a pipeline over thousands of files writes a few rows
 * per save, and several processes can share the table under different pipeline ids (or different splits of one).
 *
 * <p>One connection, opened on first use and used from the engine's committing thread only. When a statement fails
 * for a reason that may pass ({@link SqlTransience}), the connection is dropped and the failure is reported as a
 * {@link RetriableException}: the transaction did not commit, so the engine's retry makes the same save again on a
 * new connection.
 */
final class PostgresCheckpointStore implements CheckpointStore {

  private final PostgresCheckpointStoreConfig config;
  /** Tokens as this store last saw them in the table, by pipeline and split. */
  private final Map<String, Map<String, String>> known = new HashMap<>();
  private Connection connection;
  private boolean tableReady;

  PostgresCheckpointStore(PostgresCheckpointStoreConfig config) {
    this.config = config;
  }

  @Override
  public Map<String, Position> load(String pipelineId) {
    try {
      Connection db = connection();
      Map<String, Position> positions = new LinkedHashMap<>();
      try (PreparedStatement select = db.prepareStatement(
          "SELECT split, token FROM " + config.table() + " WHERE pipeline_id = ? ORDER BY split")) {
        select.setString(1, pipelineId);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            positions.put(rows.getString(1), new Position(rows.getString(1), rows.getString(2)));
          }
        }
      }
      db.commit();
      Map<String, String> tokens = new HashMap<>();
      positions.forEach((split, position) -> tokens.put(split, position.token()));
      known.put(pipelineId, tokens);
      return positions;
    } catch (SQLException e) {
      throw failure("load positions of pipeline " + pipelineId, e);
    }
  }

  @Override
  public void save(String pipelineId, Map<String, Position> positions) {
    Map<String, String> saved = known.getOrDefault(pipelineId, Map.of());
    Map<String, String> changed = new LinkedHashMap<>();
    positions.forEach((split, position) -> {
      if (!position.token().equals(saved.get(split))) {
        changed.put(split, position.token());
      }
    });
    if (changed.isEmpty()) {
      return;
    }
    try {
      Connection db = connection();
      try (PreparedStatement upsert = db.prepareStatement("INSERT INTO " + config.table()
          + " (pipeline_id, split, token, saved_at) VALUES (?, ?, ?, now())"
          + " ON CONFLICT (pipeline_id, split) DO UPDATE SET token = EXCLUDED.token, saved_at = EXCLUDED.saved_at")) {
        for (Map.Entry<String, String> entry : changed.entrySet()) {
          upsert.setString(1, pipelineId);
          upsert.setString(2, entry.getKey());
          upsert.setString(3, entry.getValue());
          upsert.addBatch();
        }
        upsert.executeBatch();
      }
      db.commit();
    } catch (SQLException e) {
      throw failure("save positions of pipeline " + pipelineId, e);
    }
    known.computeIfAbsent(pipelineId, k -> new HashMap<>()).putAll(changed);
  }

  @Override
  public void close() {
    dropConnection();
  }

  /** The open connection, or a new one, with the table created if missing. */
  private Connection connection() throws SQLException {
    if (connection == null) {
      Properties props = new Properties();
      props.setProperty("user", config.user());
      if (config.password() != null) {
        props.setProperty("password", config.password());
      }
      props.setProperty("connectTimeout", Integer.toString(config.timeout_s()));
      props.setProperty("socketTimeout", Integer.toString(config.timeout_s()));
      props.setProperty("ApplicationName", "logpro");
      Connection opened = DriverManager.getConnection(config.url(), props);
      opened.setAutoCommit(false);
      connection = opened;
    }
    if (!tableReady) {
      createTable(connection);
      tableReady = true;
    }
    return connection;
  }

  private void createTable(Connection db) throws SQLException {
    try (Statement ddl = db.createStatement()) {
      ddl.execute("CREATE TABLE IF NOT EXISTS " + config.table() + " ("
          + "pipeline_id text NOT NULL, split text NOT NULL, token text NOT NULL,"
          + " saved_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (pipeline_id, split))");
      db.commit();
    } catch (SQLException e) {
      db.rollback();
      // Two stores creating the table at once: one wins, the other sees the name taken (unique_violation).
      if (!"23505".equals(e.getSQLState())) {
        throw e;
      }
    }
  }

  /** The failure as the engine should see it: retriable (with the connection dropped) or permanent. */
  private RuntimeException failure(String what, SQLException e) {
    String message = "Cannot " + what + " in PostgreSQL table " + config.table() + " (" + config.url() + "): "
        + firstLine(e);
    if (SqlTransience.isTransient(e)) {
      dropConnection();
      return new RetriableException(message, e);
    }
    rollbackQuietly();
    return new IllegalStateException(message, e);
  }

  /** The server's messages run over several lines (detail, hint, position); the first says what went wrong. */
  private static String firstLine(SQLException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(message);
  }

  private void rollbackQuietly() {
    try {
      if (connection != null) {
        connection.rollback();
      }
    } catch (SQLException e) {
      dropConnection();
    }
  }

  private void dropConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // the connection is being abandoned because it failed
      }
      connection = null;
    }
  }
}
