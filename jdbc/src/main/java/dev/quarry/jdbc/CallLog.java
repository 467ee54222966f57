package dev.quarry.jdbc;

import static java.util.Objects.requireNonNull;

import dev.quarry.Extraction;
import dev.quarry.Usage;
import dev.quarry.observe.AttemptResult;
import dev.quarry.observe.CallInfo;
import dev.quarry.observe.QuarryListener;
import java.io.PrintWriter;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A listener that writes one row per attempt, and one per failed send that was retried, to a
 * database table through plain JDBC: the practitioner's call log. Rows are queued and written in
 * batches by a background thread, so a call never waits on the database; when the queue is full
 * (the database is down or slow), rows are dropped and counted rather than holding calls up.
 *
 * <pre>{@code
 * CallLog log = CallLog.builder(dataSource).build();   // creates quarry_call_log if missing
 * Quarry quarry = Quarry.builder().listener(log).build();
 * ...
 * CallLog.Summary summary = log.summary();             // flushes, then asks the database
 * log.close();                                          // writes what is queued, stops the thread
 * }</pre>
 *
 * <p>The table (SQL that PostgreSQL and H2 both run; one {@code outcome} per row: {@code ok},
 * {@code invalid}, {@code error}, or {@code retry} for a send that failed and was sent again):
 *
 * <pre>
 * id BIGINT identity, call_id, attempt, send_number, started_at TIMESTAMP WITH TIME ZONE,
 * interface_name, method_name, provider, model, response_model, latency_ms, http_status,
 * input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, cost DECIMAL(20,10),
 * outcome, error_text, request_body, response_body
 * </pre>
 *
 * <p>{@code provider} and {@code model} are where each attempt went: with a {@code Strategy}
 * (fallback, round robin) the attempts of one call may name different targets.
 *
 * <p>Bodies are stored only when asked ({@link Builder#bodies}); the client's API key and any
 * {@link Builder#redact redacted} value are replaced by {@code [redacted]} first. Thread-safe.
 */
public final class CallLog implements QuarryListener, AutoCloseable {
  private static final Logger LOG = System.getLogger("dev.quarry.observe");
  private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
  private static final String REDACTED = "[redacted]";
  /** Queued by {@link #close()}: the writer ends when it reaches it. */
  private static final Row STOP =
      new Row(null, null, null, 0, 0, null, null, null, 0, Usage.ZERO, null, null, null, null, null);

  private final ConnectionSource connections;
  private final String table;
  private final boolean bodies;
  private final List<String> secrets;
  private final int batchSize;
  private final BlockingQueue<Row> queue;
  private final Thread writer;
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Object progress = new Object();
  private long enqueued; // guarded by progress
  private long done; // rows written or failed; guarded by progress
  private boolean closed; // guarded by progress
  private volatile boolean droppedReported;
  private volatile boolean failureReported;

  private CallLog(Builder builder) {
    this.connections = builder.connections;
    this.table = builder.table;
    this.bodies = builder.bodies;
    this.secrets = List.copyOf(builder.secrets);
    this.batchSize = builder.batchSize;
    this.queue = new ArrayBlockingQueue<>(builder.queueCapacity);
    createTable();
    this.writer = new Thread(this::write, "quarry-call-log");
    writer.setDaemon(true);
    writer.start();
  }

  /** A log writing through connections from {@code dataSource}. */
  public static Builder builder(DataSource dataSource) {
    requireNonNull(dataSource, "dataSource == null");
    return new Builder(dataSource::getConnection);
  }

  /** A log writing through {@link DriverManager} connections to {@code jdbcUrl}. */
  public static Builder builder(String jdbcUrl, String user, String password) {
    requireNonNull(jdbcUrl, "jdbcUrl == null");
    return new Builder(() -> DriverManager.getConnection(jdbcUrl, user, password));
  }

  private void createTable() {
    try (Connection connection = connections.get(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS " + table + " ("
          + "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
          + "call_id VARCHAR(64) NOT NULL, "
          + "attempt INTEGER NOT NULL, "
          + "send_number INTEGER NOT NULL, "
          + "started_at TIMESTAMP WITH TIME ZONE NOT NULL, "
          + "interface_name VARCHAR(1000) NOT NULL, "
          + "method_name VARCHAR(1000) NOT NULL, "
          + "provider VARCHAR(100) NOT NULL, "
          + "model VARCHAR(1000) NOT NULL, "
          + "response_model VARCHAR(1000), "
          + "latency_ms BIGINT NOT NULL, "
          + "http_status INTEGER NOT NULL, "
          + "input_tokens BIGINT NOT NULL, "
          + "output_tokens BIGINT NOT NULL, "
          + "cached_input_tokens BIGINT NOT NULL, "
          + "reasoning_tokens BIGINT NOT NULL, "
          + "cost DECIMAL(20,10), "
          + "outcome VARCHAR(16) NOT NULL, "
          + "error_text TEXT, "
          + "request_body TEXT, "
          + "response_body TEXT)");
    } catch (SQLException e) {
      throw new IllegalStateException("CallLog: cannot create the table " + table + ": " + e, e);
    }
  }

  @Override
  public void attemptFinished(CallInfo call, AttemptResult result) {
    Extraction.Attempt attempt = result.attempt();
    String request = bodies ? redact(attempt.requestBody()) : null;
    int sends = attempt.retries().size() + 1;
    // With a Strategy each attempt may go to another target: record where this one went.
    String provider = attempt.provider() != null ? attempt.provider() : call.provider();
    String model = attempt.model() != null ? attempt.model() : call.model();
    for (int i = 0; i < attempt.retries().size(); i++) {
      Extraction.Retry retry = attempt.retries().get(i);
      offer(new Row(call, provider, model, attempt.number(), i + 1, result.startedAt(), null,
          retry.latency(),
          retry.status(), Usage.ZERO, null, "retry",
          retry.error() != null ? retry.error() : "HTTP " + retry.status(),
          request, bodies ? redact(retry.responseBody()) : null));
    }
    offer(new Row(call, provider, model, attempt.number(), sends, result.startedAt(),
        result.responseModel(),
        attempt.latency(), attempt.status(), attempt.usage(), result.cost().map(c -> c.total()).orElse(null),
        result.outcome().name().toLowerCase(java.util.Locale.ROOT), redact(result.error()), request,
        bodies ? redact(attempt.responseBody()) : null));
  }

  private String redact(String text) {
    if (text == null) {
      return null;
    }
    String result = text;
    for (String secret : secrets) {
      result = result.replace(secret, REDACTED);
    }
    return result;
  }

  private void offer(Row row) {
    synchronized (progress) {
      if (closed || !queue.offer(row)) {
        dropped.incrementAndGet();
        if (!closed && !droppedReported) {
          droppedReported = true;
          LOG.log(Level.WARNING, "CallLog: the queue of " + table + " is full; rows are dropped"
              + " until the database catches up (see dropped()).");
        }
        return;
      }
      enqueued++;
    }
  }

  /**
   * Waits until every row queued before this call has been written (or has failed to be). Call
   * it before reading the table; never needed for the calls themselves.
   */
  public void flush() {
    long target;
    synchronized (progress) {
      target = enqueued;
      if (done >= target) {
        return;
      }
    }
    synchronized (progress) {
      while (done < target) {
        try {
          progress.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Writes what is queued and stops the writer thread. Later rows are dropped. */
  @Override
  public void close() {
    synchronized (progress) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      queue.put(STOP);
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Rows written so far. */
  public long written() {
    return written.get();
  }

  /** Rows dropped because the queue was full or the log closed. */
  public long dropped() {
    return dropped.get();
  }

  /** Rows lost to database errors (each error is logged; the first at WARNING). */
  public long failed() {
    return failed.get();
  }

  /** The writer thread: takes rows as they come, batches what has piled up, ends on close. */
  private void write() {
    List<Row> batch = new ArrayList<>(batchSize);
    while (true) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        return; // only the JVM's end interrupts this daemon thread
      }
      queue.drainTo(batch, batchSize - 1);
      boolean stop = batch.remove(STOP);
      if (!batch.isEmpty()) {
        insertAndCount(batch);
      }
      if (stop) {
        return;
      }
    }
  }

  private void insertAndCount(List<Row> batch) {
    insert(batch);
    synchronized (progress) {
      done += batch.size();
      progress.notifyAll();
    }
    batch.clear();
  }

  private void insert(List<Row> batch) {
    try (Connection connection = connections.get();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
            + " (call_id, attempt, send_number, started_at, interface_name, method_name, provider,"
            + " model, response_model, latency_ms, http_status, input_tokens, output_tokens,"
            + " cached_input_tokens, reasoning_tokens, cost, outcome, error_text, request_body,"
            + " response_body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Row row : batch) {
        CallInfo call = row.call;
        insert.setString(1, call.callId());
        insert.setInt(2, row.attempt);
        insert.setInt(3, row.send);
        insert.setTimestamp(4, Timestamp.from(row.startedAt));
        insert.setString(5, call.interfaceName());
        insert.setString(6, call.methodName());
        insert.setString(7, row.provider);
        insert.setString(8, row.model);
        insert.setString(9, row.responseModel);
        insert.setLong(10, row.latency.toMillis());
        insert.setInt(11, row.status);
        insert.setLong(12, row.usage.inputTokens());
        insert.setLong(13, row.usage.outputTokens());
        insert.setLong(14, row.usage.cachedInputTokens());
        insert.setLong(15, row.usage.reasoningTokens());
        if (row.cost == null) {
          insert.setNull(16, Types.DECIMAL);
        } else {
          insert.setBigDecimal(16, row.cost);
        }
        insert.setString(17, row.outcome);
        insert.setString(18, row.error);
        insert.setString(19, row.requestBody);
        insert.setString(20, row.responseBody);
        insert.addBatch();
      }
      insert.executeBatch();
      written.addAndGet(batch.size());
    } catch (SQLException | RuntimeException e) {
      failed.addAndGet(batch.size());
      Level level = failureReported ? Level.DEBUG : Level.WARNING;
      failureReported = true;
      LOG.log(level, "CallLog: could not write " + batch.size() + " rows to " + table
          + "; they are lost (see failed()).", e);
    }
  }

  /**
   * The totals of the whole table, after a {@link #flush()}: calls, requests, tokens, cost and
   * request latency percentiles.
   *
   * @throws IllegalStateException when the database cannot be read
   */
  public Summary summary() {
    flush();
    String sql = "SELECT COUNT(DISTINCT call_id), COUNT(*),"
        + " COUNT(DISTINCT CASE WHEN outcome = 'ok' THEN call_id END),"
        + " COALESCE(SUM(input_tokens), 0), COALESCE(SUM(output_tokens), 0), SUM(cost),"
        + " PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY latency_ms),"
        + " PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY latency_ms)"
        + " FROM " + table;
    try (Connection connection = connections.get();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      BigDecimal cost = result.getBigDecimal(6);
      return new Summary(result.getLong(1), result.getLong(2), result.getLong(3),
          result.getLong(4), result.getLong(5), Optional.ofNullable(cost).map(BigDecimal::stripTrailingZeros),
          millis(result.getDouble(7)), millis(result.getDouble(8)));
    } catch (SQLException e) {
      throw new IllegalStateException("CallLog: cannot read " + table + ": " + e, e);
    }
  }

  private static Duration millis(double millis) {
    return Duration.ofNanos(Math.round(millis * 1_000_000));
  }

  @Override
  public String toString() {
    return "CallLog[" + table + "]";
  }

  /**
   * The totals of a call log.
   *
   * @param calls distinct calls
   * @param requests rows: attempts and retried sends
   * @param succeededCalls calls whose answer was accepted
   * @param cost the sum of the priced rows; empty when none was priced
   * @param p50Latency the median latency of a request
   * @param p95Latency the 95th percentile latency of a request
   */
  public record Summary(long calls, long requests, long succeededCalls, long inputTokens,
      long outputTokens, Optional<BigDecimal> cost, Duration p50Latency, Duration p95Latency) {
    public long totalTokens() {
      return inputTokens + outputTokens;
    }

    /** The summary as a few lines of text, e.g. for the end of a batch job. */
    public void print(PrintWriter out) {
      out.printf(java.util.Locale.ROOT, "calls      %d (%d succeeded), %d requests%n", calls,
          succeededCalls, requests);
      out.printf(java.util.Locale.ROOT, "tokens     %,d (%,d in + %,d out)%n", totalTokens(),
          inputTokens, outputTokens);
      out.printf(java.util.Locale.ROOT, "cost       %s%n",
          cost.map(BigDecimal::toPlainString).orElse("(no prices)"));
      out.printf(java.util.Locale.ROOT, "latency    p50 %d ms, p95 %d ms%n", p50Latency.toMillis(),
          p95Latency.toMillis());
      out.flush();
    }
  }

  /** Configures a {@link CallLog}. */
  public static final class Builder {
    private final ConnectionSource connections;
    private String table = "quarry_call_log";
    private boolean bodies;
    private final List<String> secrets = new ArrayList<>();
    private int batchSize = 100;
    private int queueCapacity = 10_000;

    private Builder(ConnectionSource connections) {
      this.connections = connections;
    }

    /** The table, optionally schema-qualified; {@code quarry_call_log} unless set. */
    public Builder table(String table) {
      requireNonNull(table, "table == null");
      if (!TABLE.matcher(table).matches()) {
        throw new IllegalArgumentException("not a plain SQL table name: " + table);
      }
      this.table = table;
      return this;
    }

    /**
     * Whether to store request and response bodies (prompts and answers: personal data, maybe);
     * false unless set.
     */
    public Builder bodies(boolean bodies) {
      this.bodies = bodies;
      return this;
    }

    /**
     * Replaces {@code secret} by {@code [redacted]} in every body and error text before it is
     * stored; give it the API key to be sure, or anything else that must not be stored. Values
     * shorter than 8 characters are refused: replacing them would mangle the text.
     */
    public Builder redact(String secret) {
      requireNonNull(secret, "secret == null");
      if (secret.length() < 8) {
        throw new IllegalArgumentException("a secret to redact needs at least 8 characters");
      }
      secrets.add(secret);
      return this;
    }

    /** How many rows one INSERT batch holds at most; 100 unless set. */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize < 1: " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** How many rows may wait for the database before new ones are dropped; 10,000 unless set. */
    public Builder queueCapacity(int queueCapacity) {
      if (queueCapacity < 1) {
        throw new IllegalArgumentException("queueCapacity < 1: " + queueCapacity);
      }
      this.queueCapacity = queueCapacity;
      return this;
    }

    /**
     * Creates the table if it is missing and starts the writer thread.
     *
     * @throws IllegalStateException when the database cannot be reached or the table created
     */
    public CallLog build() {
      return new CallLog(this);
    }
  }

  @FunctionalInterface
  private interface ConnectionSource {
    Connection get() throws SQLException;
  }

  private record Row(CallInfo call, String provider, String model, int attempt, int send, Instant startedAt,
      String responseModel, Duration latency, int status, Usage usage,
      BigDecimal cost, String outcome, String error, String requestBody, String responseBody) {}
}
