package dev.quarry.jdbc;

import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIf;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The batch store on a real PostgreSQL server, named by {@code QUARRY_TEST_POSTGRES_URL} as for
 * {@link CallLogPostgresTest} (skipped without it, failed without it under {@code CI=true}).
 */
@EnabledIf(value = "dev.quarry.jdbc.CallLogPostgresTest#postgresConfigured",
    disabledReason = CallLogPostgresTest.SKIPPED)
class JdbcBatchStorePostgresTest extends JdbcBatchStoreContract {
  private static PGSimpleDataSource postgres;

  @BeforeAll
  static void server() {
    postgres = new PGSimpleDataSource();
    postgres.setURL(System.getenv("QUARRY_TEST_POSTGRES_URL"));
    postgres.setUser(System.getenv("QUARRY_TEST_POSTGRES_USER"));
    postgres.setPassword(System.getenv("QUARRY_TEST_POSTGRES_PASSWORD"));
  }

  @Override
  DataSource dataSource() {
    return postgres;
  }
}
