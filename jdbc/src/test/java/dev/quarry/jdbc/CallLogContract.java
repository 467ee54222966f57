package dev.quarry.jdbc;

import dev.quarry.observe.AttemptResult;
import dev.quarry.observe.CallInfo;
import dev.quarry.observe.Scripted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.Cost;
import dev.quarry.Extraction;
import dev.quarry.Mode;
import dev.quarry.PriceTable;
import dev.quarry.Quarry;
import dev.quarry.Usage;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a call log does on any database; subclasses supply the database. */
abstract class CallLogContract {
  static final String OTHER_SECRET = "tok-7c1e9d2b5a8f3e6d";

  /** A fresh table name per test, so that runs on a long-lived server do not see each other. */
  final String table = "quarry_call_log_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  abstract DataSource dataSource();

  @AfterEach
  void dropTable() throws SQLException {
    try (Connection connection = dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + table);
    }
  }

  @Test
  void writesOneRowPerAttemptAndRetryAndSummarisesThem() throws SQLException {
    Scripted scripted = new Scripted()
        .respond(503, "{\"error\":{\"message\":\"overloaded\"}}")
        .answer("{\"name\":\"Ada\",\"age\":-1}", 100, 10)
        .answer("{\"name\":\"Ada\",\"age\":36}", 150, 12)
        .answer("{\"name\":\"Bob\",\"age\":-1}", 80, 8)
        .answer("{\"name\":\"Bob\",\"age\":-2}", 90, 9);
    try (CallLog log = CallLog.builder(dataSource()).table(table).build()) {
      Quarry quarry = scripted.quarry()
          .maxAttempts(2)
          .listener(log)
          .prices(PriceTable.builder().price("gpt-4o-mini", 1.0, 2.0).build())
          .build();

      quarry.extract(Scripted.PERSON, "Ada");
      assertThatThrownBy(() -> quarry.extract(Scripted.PERSON, "Bob"));
      log.flush();

      List<String> rows = query("SELECT method_name, attempt, send_number, outcome, http_status,"
          + " input_tokens, output_tokens, cost, provider, model, response_model"
          + " FROM " + table + " ORDER BY id");
      assertThat(rows).containsExactly(
          "person|1|1|retry|503|0|0|null|openai|gpt-4o-mini|null",
          "person|1|2|invalid|200|100|10|0.00012|openai|gpt-4o-mini|gpt-4o-mini-2024-07-18",
          "person|2|1|ok|200|150|12|0.000174|openai|gpt-4o-mini|gpt-4o-mini-2024-07-18",
          "person|1|1|invalid|200|80|8|0.000096|openai|gpt-4o-mini|gpt-4o-mini-2024-07-18",
          "person|2|1|invalid|200|90|9|0.000108|openai|gpt-4o-mini|gpt-4o-mini-2024-07-18");
      assertThat(query("SELECT error_text FROM " + table + " WHERE outcome = 'invalid' ORDER BY id"))
          .allSatisfy(error -> assertThat(error).contains("age must be >= 0"));
      assertThat(query("SELECT COUNT(DISTINCT call_id), COUNT(DISTINCT interface_name) FROM " + table))
          .containsExactly("2|1");
      assertThat(query("SELECT request_body, response_body FROM " + table)).allSatisfy(
          bodies -> assertThat(bodies).isEqualTo("null|null"));

      CallLog.Summary summary = log.summary();
      assertThat(summary.calls()).isEqualTo(2);
      assertThat(summary.requests()).isEqualTo(5);
      assertThat(summary.succeededCalls()).isEqualTo(1);
      assertThat(summary.inputTokens()).isEqualTo(420);
      assertThat(summary.outputTokens()).isEqualTo(39);
      assertThat(summary.cost()).hasValueSatisfying(
          cost -> assertThat(cost).isEqualByComparingTo("0.000498"));
      assertThat(log.written()).isEqualTo(5);
      assertThat(log.dropped()).isZero();
      assertThat(log.failed()).isZero();
    }
  }

  @Test
  void bodiesAreStoredOnlyWhenAskedAndWithoutSecrets() throws SQLException {
    Scripted scripted = new Scripted().respond(200, Scripted.completion(
        "{\"name\":\"" + OTHER_SECRET + " " + Scripted.KEY + "\",\"age\":36}", 1, 1));
    try (CallLog log = CallLog.builder(dataSource()).table(table).bodies(true)
        .redact(OTHER_SECRET).build()) {
      scripted.quarry().listener(log).build().extract(Scripted.PERSON, "Ada");
      log.flush();

      List<String> bodies = query("SELECT request_body, response_body FROM " + table);
      assertThat(bodies).hasSize(1);
      assertThat(bodies.get(0))
          .contains("gpt-4o-mini", "[redacted] [redacted]")
          .doesNotContain(OTHER_SECRET, Scripted.KEY);
    }
  }

  @Test
  void latencyPercentilesComeFromTheDatabase() {
    try (CallLog log = CallLog.builder(dataSource()).table(table).batchSize(7).build()) {
      CallInfo call = call();
      for (int ms = 1; ms <= 100; ms++) {
        log.attemptFinished(call, result(ms, Usage.of(10, 1)));
      }

      CallLog.Summary summary = log.summary();

      assertThat(summary.calls()).isEqualTo(1);
      assertThat(summary.requests()).isEqualTo(100);
      assertThat(summary.totalTokens()).isEqualTo(1100);
      assertThat(summary.cost()).isEmpty();
      assertThat(summary.p50Latency()).isEqualTo(Duration.ofNanos(50_500_000));
      assertThat(summary.p95Latency()).isEqualTo(Duration.ofNanos(95_050_000));
    }
  }

  @Test
  void eachRowNamesTheTargetItsAttemptWentTo() throws SQLException {
    // With a fallback Strategy the call's first target is not where every attempt went.
    try (CallLog log = CallLog.builder(dataSource()).table(table).build()) {
      CallInfo call = call();
      Extraction.Retry overloaded =
          new Extraction.Retry(529, "{}", null, Duration.ofMillis(3), Duration.ofMillis(1));
      Extraction.Attempt first = new Extraction.Attempt(1, List.of(), "{}", 503, "{}", null,
          List.of(), List.of(), Usage.ZERO, Duration.ofMillis(5), List.of(), Map.of(),
          "openai", "gpt-4o-mini");
      Extraction.Attempt second = new Extraction.Attempt(2, List.of(), "{}", 200, "{}", "{}",
          List.of(), List.of(), Usage.of(10, 1), Duration.ofMillis(7), List.of(overloaded),
          Map.of(), "anthropic", "claude-haiku-4-5");
      log.attemptFinished(call, new AttemptResult(first, AttemptResult.Outcome.ERROR,
          Instant.parse("2025-06-13T10:15:30Z"), null, null, Optional.<Cost>empty(), "HTTP 503"));
      log.attemptFinished(call, new AttemptResult(second, AttemptResult.Outcome.OK,
          Instant.parse("2025-06-13T10:15:31Z"), "claude-haiku-4-5-20251001", "end_turn",
          Optional.<Cost>empty(), null));
      log.flush();

      assertThat(query("SELECT attempt, send_number, outcome, provider, model FROM " + table
          + " ORDER BY id")).containsExactly(
              "1|1|error|openai|gpt-4o-mini",
              "2|1|retry|anthropic|claude-haiku-4-5",
              "2|2|ok|anthropic|claude-haiku-4-5");
    }
  }

  @Test
  void creatingTheTableTwiceIsFine() {
    CallLog.builder(dataSource()).table(table).build().close();
    try (CallLog again = CallLog.builder(dataSource()).table(table).build()) {
      assertThat(again.summary().calls()).isZero();
    }
  }

  static CallInfo call() {
    return new CallInfo(UUID.randomUUID().toString(), "com.example.Reader", "read", "openai",
        "gpt-4o-mini", Mode.TOOLS, "api.openai.com", 443, Instant.parse("2025-06-13T10:15:30Z"));
  }

  static AttemptResult result(int latencyMs, Usage usage) {
    Extraction.Attempt attempt = new Extraction.Attempt(1, List.of(), "{}", 200, "{}", "{}",
        List.of(), List.of(), usage, Duration.ofMillis(latencyMs), List.of(), Map.of(), null, null);
    return new AttemptResult(attempt, AttemptResult.Outcome.OK,
        Instant.parse("2025-06-13T10:15:30Z"), "gpt-4o-mini", "stop", Optional.<Cost>empty(), null);
  }

  /** Each row as its columns joined by '|', numbers without trailing zeros. */
  List<String> query(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          Object value = result.getObject(i);
          values.add(value instanceof BigDecimal
              ? ((BigDecimal) value).stripTrailingZeros().toPlainString()
              : String.valueOf(value));
        }
        rows.add(String.join("|", values));
      }
    }
    return rows;
  }
}
