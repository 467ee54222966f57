package dev.quarry.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The call log on a real PostgreSQL server: the one {@code .ci/run} installs and starts, named by
 * {@code QUARRY_TEST_POSTGRES_URL} (with {@code _USER} and {@code _PASSWORD}). Skipped on a
 * developer's machine without it; a failure under {@code CI=true}, so CI cannot pass without
 * PostgreSQL.
 */
class CallLogPostgresTest extends CallLogContract {
  private static PGSimpleDataSource postgres;

  @BeforeAll
  static void server() {
    String url = System.getenv("QUARRY_TEST_POSTGRES_URL");
    if (url == null || url.isBlank()) {
      if ("true".equals(System.getenv("CI"))) {
        fail("CI=true but QUARRY_TEST_POSTGRES_URL is not set: .ci/run must start PostgreSQL");
      }
      assumeTrue(false, "QUARRY_TEST_POSTGRES_URL is not set; run .ci/run's PostgreSQL set-up");
    }
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
