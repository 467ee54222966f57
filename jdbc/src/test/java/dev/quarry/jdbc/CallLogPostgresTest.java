package dev.quarry.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The call log on a real PostgreSQL server: the one {@code .ci/run} installs and starts, named by
 * {@code QUARRY_TEST_POSTGRES_URL} (with {@code _USER} and {@code _PASSWORD}). Without it the
 * class is disabled, and reported as skipped with the reason, on a developer's machine; under
 * {@code CI=true} it fails, so CI cannot pass without PostgreSQL.
 */
@EnabledIf(value = "postgresConfigured", disabledReason = CallLogPostgresTest.SKIPPED)
class CallLogPostgresTest extends CallLogContract {
  static final String SKIPPED = "QUARRY_TEST_POSTGRES_URL is not set: the PostgreSQL call-log"
      + " tests need a server (.ci/run starts one; or export"
      + " QUARRY_TEST_POSTGRES_URL=jdbc:postgresql://host:port/db with _USER and _PASSWORD)";
  private static final AtomicBoolean SAID = new AtomicBoolean();
  private static PGSimpleDataSource postgres;

  /** Whether a server is named; under {@code CI=true} a missing one is a failure, not a skip. */
  static boolean postgresConfigured() {
    String url = System.getenv("QUARRY_TEST_POSTGRES_URL");
    if (url != null && !url.isBlank()) {
      return true;
    }
    if ("true".equals(System.getenv("CI"))) {
      fail("CI=true but QUARRY_TEST_POSTGRES_URL is not set: .ci/run must start PostgreSQL");
    }
    if (SAID.compareAndSet(false, true)) {
      // surefire counts disabled tests as skipped but prints no reason: say it on the console
      System.out.println("[SKIPPED] " + CallLogPostgresTest.class.getName() + ": " + SKIPPED);
    }
    return false;
  }

  @BeforeAll
  static void server() {
    String url = System.getenv("QUARRY_TEST_POSTGRES_URL");
    postgres = new PGSimpleDataSource();
    postgres.setURL(url);
    postgres.setUser(System.getenv("QUARRY_TEST_POSTGRES_USER"));
    postgres.setPassword(System.getenv("QUARRY_TEST_POSTGRES_PASSWORD"));
  }

  @Override
  DataSource dataSource() {
    return postgres;
  }

  @Test
  void theTableIsAPostgresTable() throws SQLException {
    try (CallLog log = CallLog.builder(postgres).table(table).build();
        Connection connection = postgres.getConnection()) {
      assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
      assertThat(query("SELECT data_type FROM information_schema.columns WHERE table_name = '"
          + table + "' AND column_name IN ('started_at', 'response_body', 'cost') ORDER BY column_name"))
          .containsExactly("numeric", "text", "timestamp with time zone");
    }
  }
}
