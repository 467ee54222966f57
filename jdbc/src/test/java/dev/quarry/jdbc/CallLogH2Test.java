package dev.quarry.jdbc;

import dev.quarry.observe.CallInfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.Usage;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The call log on an embedded H2 database, and the parts that need no particular database. */
class CallLogH2Test extends CallLogContract {
  private final JdbcDataSource h2 = new JdbcDataSource();

  CallLogH2Test() {
    h2.setURL("jdbc:h2:mem:calllog-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }

  @Override
  DataSource dataSource() {
    return h2;
  }

  @Test
  void aFullQueueDropsRowsInsteadOfHoldingTheCallUp() throws Exception {
    CountDownLatch databaseStuck = new CountDownLatch(1);
    CountDownLatch writerWaiting = new CountDownLatch(1);
    boolean[] created = {false};
    DataSource slow = new DelegatingDataSource(h2) {
      @Override
      public Connection getConnection() throws SQLException {
        if (created[0]) { // the table is created on the building thread; then the writer blocks
          writerWaiting.countDown();
          try {
            databaseStuck.await();
          } catch (InterruptedException e) {
            throw new SQLException(e);
          }
        }
        created[0] = true;
        return super.getConnection();
      }
    };
    try (CallLog log = CallLog.builder(slow).table(table).queueCapacity(2).build()) {
      CallInfo call = call();
      log.attemptFinished(call, result(1, Usage.of(1, 1)));
      writerWaiting.await(); // the writer holds row 1 and waits for the database
      for (int i = 2; i <= 10; i++) {
        log.attemptFinished(call, result(i, Usage.of(1, 1))); // returns at once: queued or dropped
      }

      assertThat(log.dropped()).isEqualTo(7);
      databaseStuck.countDown();
      log.flush();
      assertThat(log.written()).isEqualTo(3);
      assertThat(query("SELECT latency_ms FROM " + table + " ORDER BY id"))
          .containsExactly("1", "2", "3");
    }
  }

  @Test
  void databaseErrorsLoseTheBatchAndAreCounted() throws Exception {
    try (CallLog log = CallLog.builder(h2).table(table).build()) {
      try (Connection connection = h2.getConnection()) {
        connection.createStatement().execute("DROP TABLE " + table);
      }
      log.attemptFinished(call(), result(1, Usage.of(1, 1)));
      log.flush();

      assertThat(log.failed()).isEqualTo(1);
      assertThat(log.written()).isZero();
    }
  }

  @Test
  void anUnreachableDatabaseFailsTheBuild() {
    assertThatThrownBy(() -> CallLog.builder("jdbc:h2:mem:x;IFEXISTS=TRUE", "sa", "").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot create the table quarry_call_log");
  }

  @Test
  void rowsAfterCloseAreDropped() {
    CallLog log = CallLog.builder(h2).table(table).build();
    log.close();
    log.attemptFinished(call(), result(1, Usage.of(1, 1)));

    assertThat(log.dropped()).isEqualTo(1);
    log.close(); // twice is fine
  }

  @Test
  void tableNamesAreChecked() {
    assertThatThrownBy(() -> CallLog.builder(h2).table("calls; DROP TABLE x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CallLog.builder(h2).redact("short"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theSummaryPrintsAsText() {
    try (CallLog log = CallLog.builder(h2).table(table).build()) {
      log.attemptFinished(call(), result(40, Usage.of(1200, 300)));
      java.io.StringWriter text = new java.io.StringWriter();
      log.summary().print(new PrintWriter(text));

      assertThat(text.toString()).isEqualTo(String.join(System.lineSeparator(),
          "calls      1 (1 succeeded), 1 requests",
          "tokens     1,500 (1,200 in + 300 out)",
          "cost       (no prices)",
          "latency    p50 40 ms, p95 40 ms", ""));
    }
  }
}
