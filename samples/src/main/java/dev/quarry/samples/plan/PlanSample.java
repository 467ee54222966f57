package dev.quarry.samples.plan;

import dev.quarry.Extraction;
import dev.quarry.Quarry;
import dev.quarry.TaskGraph;
import dev.quarry.samples.Console;
import dev.quarry.samples.Sample;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Plans as task graphs: a cyclic plan is re-asked; the valid one runs wave by wave. */
public final class PlanSample implements Sample {
  public static final String GOAL = "Publish the quarterly sales report: fetch the sales and the"
      + " cost figures, chart each, write the summary, and mail it to the board.";

  @Override
  public String name() {
    return "plan";
  }

  @Override
  public String title() {
    return "Plans as task graphs: checked as a DAG, run concurrently";
  }

  @Override
  public void run(Quarry quarry, Console console, LocalDate today) {
    Planner planner = quarry.create(Planner.class);
    Extraction<Plan> result = planner.plan(GOAL);
    console.call("Planner.plan(GOAL)", result);
    TaskGraph<Step> graph = TaskGraph.of(result.value().tasks());
    List<String> waves = new ArrayList<>();
    for (List<Step> wave : graph.waves()) {
      waves.add("wave " + (waves.size() + 1) + ": "
          + String.join(", ", wave.stream().map(step -> step.id() + " " + step.action()).toList()));
    }
    console.lines("plan", waves);
    ExecutorService executor = Executors.newFixedThreadPool(4);
    try {
      // The steps' work here only says what it used; a real one would call tools or models.
      Map<String, String> done = PlanRunner.run(graph,
          (step, inputs) -> step.id() + (inputs.isEmpty() ? "" : "(" + String.join(",", inputs.keySet()) + ")"),
          executor);
      console.field("ran", String.join(" -> ", done.values()));
    } finally {
      executor.shutdown();
    }
    console.summary(result);
  }
}
