package dev.quarry.samples.plan;

import dev.quarry.Extraction;
import dev.quarry.LlmExtract;
import dev.quarry.Prompt;

/** Turns a goal into steps with dependencies. */
@LlmExtract(system = "You plan work as steps with dependencies. Steps that do not depend on each"
    + " other can run at the same time.")
public interface Planner {
  @Prompt("Plan the steps to reach this goal: {{goal}}")
  Extraction<Plan> plan(String goal);
}
