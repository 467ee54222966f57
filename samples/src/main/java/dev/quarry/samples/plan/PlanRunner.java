package dev.quarry.samples.plan;

import dev.quarry.TaskGraph;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;

/**
 * Runs a plan: each step starts as soon as the steps it depends on have finished, so steps that
 * do not depend on each other run at the same time on {@code executor}.
 */
public final class PlanRunner {
  private PlanRunner() {}

  /**
   * Runs every step of {@code graph} with {@code work} (the step and the results of the steps it
   * depends on) and returns each step's result by id, in topological order.
   */
  public static <R> Map<String, R> run(TaskGraph<Step> graph,
      BiFunction<Step, Map<String, R>, R> work, Executor executor) {
    Map<String, CompletableFuture<R>> started = new HashMap<>();
    for (Step step : graph.order()) { // dependencies first, so their futures exist
      List<CompletableFuture<R>> before = step.dependsOn().stream().map(started::get).toList();
      CompletableFuture<R> done = CompletableFuture.allOf(before.toArray(CompletableFuture[]::new))
          .thenApplyAsync(ignored -> {
            Map<String, R> inputs = new LinkedHashMap<>();
            for (String id : step.dependsOn()) {
              inputs.put(id, started.get(id).join());
            }
            return work.apply(step, inputs);
          }, executor);
      started.put(step.id(), done);
    }
    Map<String, R> results = new LinkedHashMap<>();
    for (Step step : graph.order()) {
      results.put(step.id(), started.get(step.id()).join());
    }
    return results;
  }
}
