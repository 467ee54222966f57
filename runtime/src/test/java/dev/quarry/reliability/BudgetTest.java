package dev.quarry.reliability;

import static dev.quarry.reliability.Fixtures.PERSON;
import static dev.quarry.reliability.Fixtures.ada;
import static dev.quarry.reliability.Fixtures.openAi;
import static dev.quarry.reliability.Fixtures.toolCompletion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.BudgetExceededException;
import dev.quarry.Cost;
import dev.quarry.Extraction;
import dev.quarry.PriceTable;
import dev.quarry.Quarry;
import dev.quarry.RetriesExhaustedException;
import dev.quarry.Usage;
import dev.quarry.reliability.Fixtures.FakeTime;
import dev.quarry.reliability.Fixtures.Person;
import dev.quarry.testing.LocalServer;
import java.math.BigDecimal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BudgetTest {
  private static final String INVALID = toolCompletion("{\"name\":\"Ada\",\"age\":-1}", 100, 20);
  private static final PriceTable PRICES = PriceTable.builder().price("gpt-4o-mini", 0.15, 0.60).build();

  private final LocalServer server = LocalServer.start();
  private final FakeTime time = new FakeTime();

  @AfterEach
  void close() {
    server.close();
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void aReaskThatWouldPassTheCallBudgetIsNotSent(Via via) {
    for (int i = 0; i < 3; i++) {
      server.enqueue(200, via.body(INVALID));
    }
    Quarry quarry = openAi(server, time).maxAttempts(5).maxTokensPerCall(300).prices(PRICES).build();

    assertThatThrownBy(() -> via.extract(quarry, PERSON, "Ada, 36"))
        .isInstanceOfSatisfying(BudgetExceededException.class, e -> {
          assertThat(e.scope()).isEqualTo(BudgetExceededException.Scope.CALL);
          assertThat(e.budget()).isEqualTo(300);
          // 120 spent + 120 for the next <= 300: re-asked once; 240 + 120 > 300: stopped
          assertThat(e.attempts()).hasSize(2);
          assertThat(e.usage()).isEqualTo(Usage.of(200, 40));
          assertThat(e.cost()).contains(new Cost(new BigDecimal("0.00003"), new BigDecimal("0.000024")));
          assertThat(e.getMessage()).contains("maxTokensPerCall").contains("240 tokens");
        });
    assertThat(server.requestCount()).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void aValidAnswerIsReturnedEvenWhenItsAttemptWentOverTheBudget(Via via) {
    server.enqueue(200, via.body(ada()));
    Quarry quarry = openAi(server, time).maxTokensPerCall(50).build();

    Extraction<Person> result = via.extract(quarry, PERSON, "Ada, 36");

    assertThat(result.usage().totalTokens()).isEqualTo(120);
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void theClientBudgetStopsCallsOnceSpent(Via via) {
    server.enqueue(200, via.body(ada()));
    server.enqueue(200, via.body(ada()));
    Quarry quarry = openAi(server, time).maxTokensTotal(200).build();

    via.extract(quarry, PERSON, "Ada, 36");
    via.extract(quarry, PERSON, "Ada, 36"); // 120 < 200 spent before: sent, total now 240

    assertThatThrownBy(() -> via.extract(quarry, PERSON, "Ada, 36"))
        .isInstanceOfSatisfying(BudgetExceededException.class, e -> {
          assertThat(e.scope()).isEqualTo(BudgetExceededException.Scope.CLIENT);
          assertThat(e.attempts()).isEmpty();
          assertThat(e.getMessage()).contains("240 tokens of its budget of 200");
        });
    assertThat(server.requestCount()).isEqualTo(2);
    assertThat(quarry.totalUsage()).isEqualTo(Usage.of(200, 40));
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void failedCallsCountTowardsTheClientTotalAndCarryTheirCost(Via via) {
    server.enqueue(200, via.body(INVALID));
    server.enqueue(200, via.body(INVALID));
    Quarry quarry = openAi(server, time).maxAttempts(2).prices(PRICES).build();

    assertThatThrownBy(() -> via.extract(quarry, PERSON, "Ada, 36"))
        .isInstanceOfSatisfying(RetriesExhaustedException.class, e ->
            assertThat(e.cost().map(Cost::total)).contains(new BigDecimal("0.000054")));
    assertThat(quarry.totalUsage().totalTokens()).isEqualTo(240);
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void extractionsCarryTheirCostWhenTheModelIsPriced(Via via) {
    server.enqueue(200, via.body(ada()));
    server.enqueue(200, via.body(ada()));

    Extraction<Person> priced = via.extract(openAi(server, time).prices(PRICES).build(), PERSON, "Ada");
    Extraction<Person> unpriced =
        via.extract(openAi(server, time).model("gpt-5").prices(PRICES).build(), PERSON, "Ada");

    // 100 input tokens at 0.15 and 20 output tokens at 0.60 per million
    assertThat(priced.cost()).contains(new Cost(new BigDecimal("0.000015"), new BigDecimal("0.000012")));
    assertThat(priced.cost().get().total()).isEqualByComparingTo("0.000027");
    assertThat(unpriced.cost()).isEmpty();
  }

  @Test
  void cachedInputTokensUseTheCachedPrice() {
    PriceTable prices = PriceTable.builder()
        .price("m", new BigDecimal("2"), new BigDecimal("0.5"), new BigDecimal("8"))
        .build();

    Cost cost = prices.cost("m", new Usage(1_000_000, 500_000, 400_000, 100_000)).orElseThrow();

    // 600k at 2 + 400k at 0.5; 500k output (reasoning included) at 8
    assertThat(cost.input()).isEqualByComparingTo("1.4");
    assertThat(cost.output()).isEqualByComparingTo("4");
    assertThat(cost.total()).isEqualByComparingTo("5.4");
  }
}
