package dev.quarry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskGraphTest {
  record Step(String id, List<String> dependsOn) implements TaskGraph.Task {}

  static Step step(String id, String... dependsOn) {
    return new Step(id, Arrays.asList(dependsOn));
  }

  @Test
  void namesDuplicatesSelfDependenciesAndUnknownIds() {
    List<Violation> violations = TaskGraph.violations(List.of(
        step("t1"), step("t2", "t2"), step("t1", "t9"), new Step(" ", null)), "/tasks");

    assertThat(violations).extracting(Violation::toString).containsExactly(
        "/tasks/2/id: task id 't1' is also the id of task 0; give every task its own id",
        "/tasks/3/id: task 3 has no id; give every task a unique id",
        "/tasks/1/dependsOn/0: task 't2' depends on itself; remove 't2' from its own dependsOn",
        "/tasks/2/dependsOn/0: task 't1' depends on 't9', which is not the id of any task (ids: t1, t2);"
            + " name an existing task or add the missing one");
  }

  @Test
  void aCycleIsNamedFromItsFirstTask() {
    List<Violation> violations = TaskGraph.violations(List.of(
        step("a"), step("b", "a", "d"), step("c", "b"), step("d", "c"), step("e", "d")), "/plan");

    assertThat(violations).singleElement().satisfies(v -> {
      assertThat(v.pointer()).isEqualTo("/plan");
      assertThat(v.message()).startsWith("the plan has a cycle: b -> d -> c -> b;");
    });
    assertThatThrownBy(() -> TaskGraph.of(List.of(step("x", "y"), step("y", "x"))))
        .isInstanceOf(QuarryException.class)
        .hasMessageContaining("(root): the plan has a cycle: x -> y -> x")
        .hasMessageContaining("directed acyclic graph");
  }

  @Test
  void ordersAndGroupsIntoWavesKeepingTheGivenOrderAmongFreeTasks() {
    TaskGraph<Step> graph = TaskGraph.of(List.of(
        step("report", "sales", "costs"), step("costs", "fetch"), step("fetch"),
        step("sales", "fetch"), step("mail", "report", "report")));

    assertThat(graph.order()).extracting(Step::id).containsExactly("fetch", "costs", "sales", "report", "mail");
    assertThat(graph.waves()).extracting(wave -> wave.stream().map(Step::id).toList())
        .containsExactly(List.of("fetch"), List.of("costs", "sales"), List.of("report"), List.of("mail"));
    assertThat(graph.dependenciesOf(graph.task("report"))).extracting(Step::id).containsExactly("sales", "costs");
  }

  @Test
  void aLongChainAndALongCycleNeedNoDeepRecursion() {
    List<Step> chain = new ArrayList<>();
    chain.add(step("n0"));
    for (int i = 1; i < 50_000; i++) {
      chain.add(step("n" + i, "n" + (i - 1)));
    }
    assertThat(TaskGraph.of(chain).order()).hasSize(50_000);

    chain.set(0, step("n0", "n49999"));
    assertThat(TaskGraph.violations(chain, "")).singleElement()
        .satisfies(v -> assertThat(v.message()).startsWith("the plan has a cycle: n0 -> n49999 -> n49998"));
  }
}
