package dev.quarry.samples.plan;

import java.util.List;

/** A plan as a task graph: Quarry re-asks until the steps form a DAG. */
public record Plan(String goal, List<Step> tasks) {
  public Plan {
    tasks = List.copyOf(tasks);
  }
}
