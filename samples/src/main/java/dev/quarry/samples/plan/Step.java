package dev.quarry.samples.plan;

import dev.quarry.Description;
import dev.quarry.TaskGraph;
import java.util.List;

/** One step of a plan; the ids in {@code dependsOn} must finish first. */
@Description("A step of the plan.")
public record Step(
    @Description("a short unique id, e.g. t1") String id,
    @Description("what to do, in a few words") String action,
    @Description("ids of the steps that must finish before this one starts; empty when none")
        List<String> dependsOn) implements TaskGraph.Task {
  public Step {
    dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
  }
}
