package dev.quarry.jdbc;

import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** The batch store on an embedded H2 database. */
class JdbcBatchStoreH2Test extends JdbcBatchStoreContract {
  private final JdbcDataSource h2 = new JdbcDataSource();

  JdbcBatchStoreH2Test() {
    h2.setURL("jdbc:h2:mem:batch-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }

  @Override
  DataSource dataSource() {
    return h2;
  }
}
