package dev.logpro.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** DuckDB in the harness's own process, reading back what the contenders wrote. */
final class Readback implements AutoCloseable {
  private final Connection duck;

  Readback() throws SQLException {
    duck = DriverManager.getConnection("jdbc:duckdb:");
  }

  /** {@code count(*)} over Parquet files, as DuckDB reads them. */
  long count(List<Path> files) throws SQLException {
    try (Statement s = duck.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM read_parquet(" + list(files) + ")")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** {@code count(*)} over the Parquet files a glob names. */
  long count(String glob) throws SQLException {
    try (Statement s = duck.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM read_parquet(" + DuckDbConvert.sql(glob) + ")")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The column names and types DuckDB sees in Parquet files, as {@code name type, ...}. */
  String describe(List<Path> files) throws SQLException {
    List<String> cols = new ArrayList<>();
    try (Statement s = duck.createStatement();
        ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM read_parquet(" + list(files) + ")")) {
      while (rs.next()) {
        cols.add(rs.getString(1) + " " + rs.getString(2));
      }
    }
    return String.join(", ", cols);
  }

  String version() throws SQLException {
    try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery("SELECT version()")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static String list(List<Path> files) {
    return files.stream().map(f -> DuckDbConvert.sql(f.toString())).collect(Collectors.joining(", ", "[", "]"));
  }

  @Override
  public void close() throws SQLException {
    duck.close();
  }
}
