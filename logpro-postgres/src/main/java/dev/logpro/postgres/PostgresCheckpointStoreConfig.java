package dev.logpro.postgres;

import dev.logpro.api.config.Default;
import dev.logpro.api.config.Doc;
import dev.logpro.api.config.Example;
import dev.logpro.api.config.Optional;
import dev.logpro.api.config.Secret;
import java.util.regex.Pattern;

/** Options of the {@code postgres} checkpoint store; the component names are the YAML keys. */
@Doc("Keeps positions in a PostgreSQL table keyed by (pipeline_id, split), upserted in one transaction per save;"
    + " the table is created when missing. Several machines can share it, each pipeline id under its own rows.")
public record PostgresCheckpointStoreConfig(
    @Doc("JDBC URL of the database.") @Example("jdbc:postgresql://db.internal:5432/logpro") String url,
    @Doc("User to connect as.") @Example("logpro") String user,
    @Doc("Password of the user; never printed. Use ${ENV_VAR} to keep it out of the file.")
        @Optional
        @Secret
        @Example("${LOGPRO_PG_PASSWORD}")
        String password,
    @Doc("Table of the positions, optionally schema-qualified; created when missing.")
        @Default("logpro_checkpoints")
        @Example("ingest.checkpoints")
        String table,
    @Doc("Seconds to wait for a connection, and for an answer to a statement, before the attempt fails and is"
            + " retried as reliability.retry says.")
        @Default("10")
        int timeout_s) {

  private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

  public PostgresCheckpointStoreConfig {
    table = table == null ? "logpro_checkpoints" : table;
    if (url == null || !url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("url: expected a jdbc:postgresql: URL, got '" + url + "'");
    }
    if (user == null || user.isBlank()) {
      throw new IllegalArgumentException("user: required");
    }
    if (!TABLE.matcher(table).matches()) {
      throw new IllegalArgumentException(
          "table: expected a name of letters, digits and '_', optionally schema.name, got '" + table + "'");
    }
    if (timeout_s <= 0) {
      throw new IllegalArgumentException("timeout_s: must be positive, got " + timeout_s);
    }
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return "PostgresCheckpointStoreConfig[url=" + url + ", user=" + user + ", password="
        + (password == null ? "none" : "****") + ", table=" + table + ", timeout_s=" + timeout_s + "]";
  }
}
