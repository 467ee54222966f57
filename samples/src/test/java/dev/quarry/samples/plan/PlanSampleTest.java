package dev.quarry.samples.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.Extraction;
import dev.quarry.TaskGraph;
import dev.quarry.samples.Setup;
import dev.quarry.transport.ReplayTransport;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The cyclic first plan is re-asked naming the cycle; the runner starts independent steps together. */
class PlanSampleTest {
  @ParameterizedTest
  @ValueSource(strings = {"openai", "anthropic", "gemini", "ollama"})
  void aCyclicPlanIsReaskedNamingTheCycle(String provider) {
    ReplayTransport recordings = Setup.recordings(provider, "plan");
    Planner planner = Setup.offlineQuarry(provider, recordings).create(Planner.class);

    Extraction<Plan> result = planner.plan(PlanSample.GOAL);

    assertThat(result.attempts().get(0).violations()).singleElement().satisfies(v -> {
      assertThat(v.pointer()).isEqualTo("/tasks");
      assertThat(v.message()).startsWith("the plan has a cycle: t5 -> t6 -> t5;");
    });
    assertThat(TaskGraph.of(result.value().tasks()).order()).extracting(Step::id)
        .containsExactly("t1", "t2", "t3", "t4", "t5", "t6");
    assertThat(recordings.remaining()).isZero();
  }

  @Test
  void independentStepsRunAtTheSameTimeAndDependentOnesAfterTheirInputs() throws Exception {
    TaskGraph<Step> graph = TaskGraph.of(List.of(
        new Step("a", "first", List.of()), new Step("b", "second", List.of()),
        new Step("c", "join", List.of("a", "b"))));
    // a and b each wait for the other to have started: run one after the other, they would not.
    CountDownLatch bothStarted = new CountDownLatch(2);
    ExecutorService executor = Executors.newFixedThreadPool(2);
    try {
      Map<String, String> results = PlanRunner.run(graph, (step, inputs) -> {
        if (step.dependsOn().isEmpty()) {
          bothStarted.countDown();
          try {
            return step.id() + (bothStarted.await(30, TimeUnit.SECONDS) ? " together" : " alone");
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return step.id() + " interrupted";
          }
        }
        return step.id() + " after " + inputs;
      }, executor);

      assertThat(results).containsExactly(
          Map.entry("a", "a together"), Map.entry("b", "b together"),
          Map.entry("c", "c after {a=a together, b=b together}"));
    } finally {
      executor.shutdownNow();
    }
  }
}
