package dev.quarry.jdbc;

import static java.util.Objects.requireNonNull;

import dev.quarry.BatchStore;
import dev.quarry.QuarryException;
import dev.quarry.provider.BatchApi;
import dev.quarry.provider.Wire;
import dev.quarry.spi.Mapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import tools.jackson.databind.JsonNode;

/**
 * A {@link BatchStore} in a database, through JDBC: three tables ({@code <prefix>_job}, {@code
 * <prefix>_batch}, {@code <prefix>_result}; prefix {@code quarry_batch} unless set), created when
 * missing, written one statement at a time with auto-commit, so every save is durable when it
 * returns. Tested on H2 (embedded, the default: {@link #h2(Path)}) and PostgreSQL.
 *
 * <pre>{@code
 * BatchStore store = JdbcBatchStore.h2(Path.of("jobs/receipts"));      // needs com.h2database:h2
 * BatchStore store = JdbcBatchStore.create(dataSource);                 // e.g. PostgreSQL
 * BatchJob<String, Receipt> job = quarry.batchJob(reader::read, texts,
 *     BatchJob.Options.builder().id("receipts-2026-12").store(store).build());
 * }</pre>
 *
 * <p>Thread-safe: each operation takes its own connection.
 */
public final class JdbcBatchStore implements BatchStore {
  /** Gets a connection; a {@link DataSource} or {@link DriverManager}. */
  @FunctionalInterface
  private interface Connections {
    Connection get() throws SQLException;
  }

  private final Connections connections;
  private final String job;
  private final String batch;
  private final String result;

  private JdbcBatchStore(Connections connections, String prefix) {
    if (!prefix.matches("[A-Za-z_][A-Za-z0-9_]{0,40}")) {
      throw new IllegalArgumentException("a table prefix must be a plain SQL name (letters, digits,"
          + " _; at most 41), got \"" + prefix + "\"");
    }
    this.connections = connections;
    this.job = prefix + "_job";
    this.batch = prefix + "_batch";
    this.result = prefix + "_result";
    createTables();
  }

  /** A store in {@code dataSource}, tables prefixed {@code quarry_batch}. */
  public static JdbcBatchStore create(DataSource dataSource) {
    return create(dataSource, "quarry_batch");
  }

  /** A store in {@code dataSource} whose tables are {@code <prefix>_job}, {@code _batch}, {@code _result}. */
  public static JdbcBatchStore create(DataSource dataSource, String prefix) {
    requireNonNull(dataSource, "dataSource == null");
    return new JdbcBatchStore(dataSource::getConnection, requireNonNull(prefix, "prefix == null"));
  }

  /** A store at a JDBC URL, connecting through {@link DriverManager}. */
  public static JdbcBatchStore create(String jdbcUrl, String user, String password) {
    requireNonNull(jdbcUrl, "jdbcUrl == null");
    return new JdbcBatchStore(() -> DriverManager.getConnection(jdbcUrl, user, password),
        "quarry_batch");
  }

  /**
   * An embedded H2 database in the files {@code <path>.mv.db}: the default durable store for one
   * machine. Needs {@code com.h2database:h2} on the class path.
   */
  public static JdbcBatchStore h2(Path path) {
    requireNonNull(path, "path == null");
    return create("jdbc:h2:file:" + path.toAbsolutePath(), "sa", "");
  }

  private void createTables() {
    run("CREATE TABLE IF NOT EXISTS " + job + " (job_id VARCHAR(64) PRIMARY KEY,"
        + " provider VARCHAR(100) NOT NULL, model VARCHAR(200) NOT NULL, inputs INTEGER NOT NULL,"
        + " fingerprint VARCHAR(128) NOT NULL)");
    run("CREATE TABLE IF NOT EXISTS " + batch + " (job_id VARCHAR(64) NOT NULL,"
        + " number INTEGER NOT NULL, custom_ids TEXT NOT NULL, label VARCHAR(64) NOT NULL,"
        + " steps TEXT NOT NULL, batch_id VARCHAR(200), step_started BOOLEAN NOT NULL,"
        + " state VARCHAR(20), settled BOOLEAN NOT NULL, PRIMARY KEY (job_id, number))");
    run("CREATE TABLE IF NOT EXISTS " + result + " (job_id VARCHAR(64) NOT NULL,"
        + " custom_id VARCHAR(64) NOT NULL, kind VARCHAR(20) NOT NULL, status INTEGER NOT NULL,"
        + " body TEXT, error_type VARCHAR(200), message TEXT, PRIMARY KEY (job_id, custom_id))");
  }

  private void run(String sql) {
    try (Connection connection = connections.get(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw failed("create its tables", e);
    }
  }

  @Override
  public Optional<Stored> load(String jobId) {
    try (Connection connection = connections.get()) {
      Job stored;
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT provider, model, inputs, fingerprint FROM " + job + " WHERE job_id = ?")) {
        select.setString(1, jobId);
        try (ResultSet row = select.executeQuery()) {
          if (!row.next()) {
            return Optional.empty();
          }
          stored = new Job(jobId, row.getString(1), row.getString(2), row.getInt(3), row.getString(4));
        }
      }
      List<Batch> batches = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement("SELECT number, custom_ids, label,"
          + " steps, batch_id, step_started, state, settled FROM " + batch
          + " WHERE job_id = ? ORDER BY number")) {
        select.setString(1, jobId);
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            String ids = row.getString(2);
            batches.add(new Batch(row.getInt(1),
                ids.isEmpty() ? List.of() : Arrays.asList(ids.split(",")),
                new BatchApi.Submission(row.getString(3), steps(row.getString(4)), row.getString(5)),
                row.getBoolean(6), row.getString(7), row.getBoolean(8)));
          }
        }
      }
      List<Result> results = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement("SELECT custom_id, kind, status,"
          + " body, error_type, message FROM " + result + " WHERE job_id = ?")) {
        select.setString(1, jobId);
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            results.add(new Result(row.getString(1), Result.Kind.valueOf(row.getString(2)),
                row.getInt(3), row.getString(4), row.getString(5), row.getString(6)));
          }
        }
      }
      return Optional.of(new Stored(stored, batches, results));
    } catch (SQLException e) {
      throw failed("load job " + jobId, e);
    }
  }

  @Override
  public void saveJob(Job saved) {
    if (load(saved.id()).isPresent()) {
      return;
    }
    try (Connection connection = connections.get();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO " + job
            + " (job_id, provider, model, inputs, fingerprint) VALUES (?, ?, ?, ?, ?)")) {
      insert.setString(1, saved.id());
      insert.setString(2, saved.provider());
      insert.setString(3, saved.model());
      insert.setInt(4, saved.inputs());
      insert.setString(5, saved.fingerprint());
      insert.executeUpdate();
    } catch (SQLException e) {
      if (!duplicate(e)) {
        throw failed("save job " + saved.id(), e);
      }
    }
  }

  @Override
  public void saveBatch(String jobId, Batch saved) {
    try (Connection connection = connections.get()) {
      try (PreparedStatement update = connection.prepareStatement("UPDATE " + batch
          + " SET custom_ids = ?, label = ?, steps = ?, batch_id = ?, step_started = ?, state = ?,"
          + " settled = ? WHERE job_id = ? AND number = ?")) {
        bind(update, saved);
        update.setString(8, jobId);
        update.setInt(9, saved.number());
        if (update.executeUpdate() > 0) {
          return;
        }
      }
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + batch
          + " (custom_ids, label, steps, batch_id, step_started, state, settled, job_id, number)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        bind(insert, saved);
        insert.setString(8, jobId);
        insert.setInt(9, saved.number());
        insert.executeUpdate();
      }
    } catch (SQLException e) {
      throw failed("save batch " + saved.number() + " of job " + jobId, e);
    }
  }

  private static void bind(PreparedStatement statement, Batch saved) throws SQLException {
    statement.setString(1, String.join(",", saved.customIds()));
    statement.setString(2, saved.submission().label());
    statement.setString(3, Mapper.JSON.writeValueAsString(saved.submission().steps()));
    statement.setString(4, saved.submission().batchId());
    statement.setBoolean(5, saved.stepStarted());
    if (saved.state() == null) {
      statement.setNull(6, Types.VARCHAR);
    } else {
      statement.setString(6, saved.state());
    }
    statement.setBoolean(7, saved.settled());
  }

  @Override
  public void saveResult(String jobId, Result saved) {
    try (Connection connection = connections.get();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO " + result
            + " (job_id, custom_id, kind, status, body, error_type, message)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, jobId);
      insert.setString(2, saved.customId());
      insert.setString(3, saved.kind().name());
      insert.setInt(4, saved.status());
      insert.setString(5, saved.body());
      insert.setString(6, saved.errorType());
      insert.setString(7, saved.message());
      insert.executeUpdate();
    } catch (SQLException e) {
      if (!duplicate(e)) { // stored already: the first outcome is kept
        throw failed("save the result of " + saved.customId() + " of job " + jobId, e);
      }
    }
  }

  private static Map<String, String> steps(String json) {
    Map<String, String> steps = new LinkedHashMap<>();
    JsonNode node = Wire.parseOrNull(json);
    if (node != null) {
      for (Map.Entry<String, JsonNode> step : node.properties()) {
        steps.put(step.getKey(), step.getValue().asString());
      }
    }
    return steps;
  }

  private static boolean duplicate(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith("23");
  }

  private QuarryException failed(String what, SQLException e) {
    return new QuarryException("JdbcBatchStore could not " + what + " (tables " + job + ", "
        + batch + ", " + result + "): " + e.getMessage() + ". Check the database connection and"
        + " that the user may create and write these tables; the job resumes from what was"
        + " stored.", e);
  }

  @Override
  public String toString() {
    return "JdbcBatchStore[" + job + ", " + batch + ", " + result + "]";
  }
}
