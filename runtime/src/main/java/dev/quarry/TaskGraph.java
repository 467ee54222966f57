package dev.quarry;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A plan the model wrote, as a directed acyclic graph of tasks. A result record with a {@code
 * List} of {@link Task}s is checked after binding: a duplicate or missing id, a task that depends
 * on itself or on an id no task has, and a cycle are violations sent back to the model on a
 * re-ask ({@code /tasks: the plan has a cycle: t2 -> t4 -> t2 ...}). A plan that passed can be
 * run in {@link #order()}, or wave by wave with {@link #waves()}.
 *
 * <pre>{@code
 * public record Step(String id, String action, List<String> dependsOn) implements TaskGraph.Task {}
 * public record Plan(String goal, List<Step> tasks) {}
 *
 * Plan plan = planner.plan(goal);                   // re-asked until the steps form a DAG
 * for (Step step : TaskGraph.of(plan.tasks()).order()) { ... }
 * }</pre>
 *
 * @param <T> the task type
 */
public final class TaskGraph<T extends TaskGraph.Task> {
  /**
   * A task of a plan: its id, and the ids of the tasks that must finish before it starts. A
   * record implements it with components named {@code id} and {@code dependsOn}, which is what
   * the violations' JSON pointers name.
   */
  public interface Task {
    String id();

    /** Ids of the tasks this one waits for; {@code null} or empty for none. */
    List<String> dependsOn();
  }

  /** The most problems one check reports; a plan with more is re-asked with the first ones. */
  private static final int MAX_PROBLEMS = 20;

  private final List<T> tasks;
  private final Map<String, T> byId;
  private final List<T> order;
  private final List<List<T>> waves;

  private TaskGraph(List<T> tasks, Map<String, T> byId, List<List<T>> waves) {
    this.tasks = tasks;
    this.byId = byId;
    this.waves = waves;
    List<T> order = new ArrayList<>(tasks.size());
    waves.forEach(order::addAll);
    this.order = List.copyOf(order);
  }

  /**
   * The graph of {@code tasks}.
   *
   * @throws QuarryException when the tasks do not form a DAG; the message lists every problem
   */
  public static <T extends Task> TaskGraph<T> of(List<T> tasks) {
    requireNonNull(tasks, "tasks == null");
    List<T> copy = List.copyOf(tasks);
    List<Violation> problems = violations(copy, "");
    if (!problems.isEmpty()) {
      StringBuilder message = new StringBuilder("The tasks do not form a directed acyclic graph:");
      for (Violation problem : problems) {
        message.append("\n- ").append(problem);
      }
      throw new QuarryException(message.append("\nFix the ids and dependencies listed.").toString());
    }
    Map<String, T> byId = new LinkedHashMap<>();
    for (T task : copy) {
      byId.put(task.id(), task);
    }
    return new TaskGraph<>(copy, Collections.unmodifiableMap(byId), waves(copy, byId));
  }

  /**
   * The problems that keep {@code tasks} from being a DAG, each with the JSON pointer of the
   * offending value under {@code pointer} (the pointer of the list); empty when there are none.
   * This is the check the engine runs on every list of tasks in an answer.
   */
  public static List<Violation> violations(List<? extends Task> tasks, String pointer) {
    requireNonNull(tasks, "tasks == null");
    requireNonNull(pointer, "pointer == null");
    List<Violation> out = new ArrayList<>();
    Map<String, Integer> index = new LinkedHashMap<>();
    for (int i = 0; i < tasks.size() && out.size() < MAX_PROBLEMS; i++) {
      Task task = tasks.get(i);
      String id = task == null ? null : task.id();
      if (id == null || id.isBlank()) {
        out.add(new Violation(pointer + "/" + i + (task == null ? "" : "/id"), "plan",
            "task " + i + " has no id; give every task a unique id"));
      } else if (index.putIfAbsent(id, i) != null) {
        out.add(new Violation(pointer + "/" + i + "/id", "plan",
            "task id '" + id + "' is also the id of task " + index.get(id)
                + "; give every task its own id"));
      }
    }
    for (int i = 0; i < tasks.size() && out.size() < MAX_PROBLEMS; i++) {
      List<String> dependencies = dependencies(tasks.get(i));
      for (int j = 0; j < dependencies.size() && out.size() < MAX_PROBLEMS; j++) {
        String dependency = dependencies.get(j);
        String where = pointer + "/" + i + "/dependsOn/" + j;
        String id = tasks.get(i).id();
        if (dependency != null && dependency.equals(id)) {
          out.add(new Violation(where, "plan", "task '" + id + "' depends on itself;"
              + " remove '" + id + "' from its own dependsOn"));
        } else if (dependency == null || !index.containsKey(dependency)) {
          out.add(new Violation(where, "plan", "task '" + id + "' depends on '" + dependency
              + "', which is not the id of any task (ids: " + idList(index.keySet())
              + "); name an existing task or add the missing one"));
        }
      }
    }
    if (out.isEmpty()) {
      List<String> cycle = cycle(tasks, index);
      if (!cycle.isEmpty()) {
        out.add(new Violation(pointer, "plan", "the plan has a cycle: "
            + String.join(" -> ", cycle) + "; a task cannot wait, directly or through others,"
            + " for itself. Remove one of these dependencies so that the tasks can run in order"));
      }
    }
    return out;
  }

  /** Every task, as given. */
  public List<T> tasks() {
    return tasks;
  }

  /** The task with {@code id}, or {@code null}. */
  public T task(String id) {
    return byId.get(id);
  }

  /** The tasks {@code task} waits for, in the order its {@code dependsOn} names them. */
  public List<T> dependenciesOf(T task) {
    List<T> out = new ArrayList<>();
    for (String id : dependencies(task)) {
      out.add(byId.get(id));
    }
    return out;
  }

  /**
   * A topological order: every task after the tasks it depends on; among tasks free to run, the
   * one given first comes first.
   */
  public List<T> order() {
    return order;
  }

  /**
   * The tasks in waves: the first wave depends on nothing, each later wave only on earlier ones.
   * The tasks of one wave are independent of each other and may run at the same time.
   */
  public List<List<T>> waves() {
    return waves;
  }

  private static List<String> dependencies(Task task) {
    List<String> dependencies = task == null ? null : task.dependsOn();
    return dependencies == null ? List.of() : dependencies;
  }

  private static <T extends Task> List<List<T>> waves(List<T> tasks, Map<String, T> byId) {
    Map<String, Integer> waiting = new HashMap<>();
    Map<String, List<T>> dependents = new HashMap<>();
    for (T task : tasks) {
      Set<String> distinct = new LinkedHashSet<>(dependencies(task));
      waiting.put(task.id(), distinct.size());
      for (String dependency : distinct) {
        dependents.computeIfAbsent(dependency, d -> new ArrayList<>()).add(task);
      }
    }
    List<List<T>> waves = new ArrayList<>();
    List<T> wave = new ArrayList<>();
    for (T task : tasks) {
      if (waiting.get(task.id()) == 0) {
        wave.add(task);
      }
    }
    Map<T, Integer> position = new HashMap<>();
    for (int i = 0; i < tasks.size(); i++) {
      position.put(tasks.get(i), i);
    }
    while (!wave.isEmpty()) {
      waves.add(List.copyOf(wave));
      List<T> next = new ArrayList<>();
      for (T done : wave) {
        for (T dependent : dependents.getOrDefault(done.id(), List.of())) {
          if (waiting.merge(dependent.id(), -1, Integer::sum) == 0) {
            next.add(dependent);
          }
        }
      }
      next.sort((a, b) -> Integer.compare(position.get(a), position.get(b)));
      wave = next;
    }
    return List.copyOf(waves);
  }

  /**
   * One cycle, as ids with the first repeated at the end, or empty. Kahn's algorithm removes
   * every task not on or behind a cycle; from any task left, following dependencies that are
   * left must come back to a task already seen.
   */
  private static List<String> cycle(List<? extends Task> tasks, Map<String, Integer> index) {
    int n = tasks.size();
    int[] waiting = new int[n];
    List<List<Integer>> dependents = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      dependents.add(new ArrayList<>());
    }
    for (int i = 0; i < n; i++) {
      for (String dependency : new LinkedHashSet<>(dependencies(tasks.get(i)))) {
        waiting[i]++;
        dependents.get(index.get(dependency)).add(i);
      }
    }
    Deque<Integer> free = new ArrayDeque<>();
    for (int i = 0; i < n; i++) {
      if (waiting[i] == 0) {
        free.add(i);
      }
    }
    boolean[] removed = new boolean[n];
    while (!free.isEmpty()) {
      int done = free.remove();
      removed[done] = true;
      for (int dependent : dependents.get(done)) {
        if (--waiting[dependent] == 0) {
          free.add(dependent);
        }
      }
    }
    int start = -1;
    for (int i = 0; i < n && start < 0; i++) {
      if (!removed[i]) {
        start = i;
      }
    }
    if (start < 0) {
      return List.of();
    }
    // Walk dependencies among the tasks left until one repeats; the repeat closes the cycle.
    Map<Integer, Integer> seenAt = new HashMap<>();
    List<Integer> path = new ArrayList<>();
    int at = start;
    while (!seenAt.containsKey(at)) {
      seenAt.put(at, path.size());
      path.add(at);
      int next = -1;
      for (String dependency : dependencies(tasks.get(at))) {
        int d = index.get(dependency);
        if (!removed[d]) {
          next = d;
          break;
        }
      }
      at = next;
    }
    List<String> cycle = new ArrayList<>();
    for (int i = seenAt.get(at); i < path.size(); i++) {
      cycle.add(tasks.get(path.get(i)).id());
    }
    cycle.add(tasks.get(at).id());
    return cycle;
  }

  private static String idList(Set<String> ids) {
    List<String> list = new ArrayList<>(ids);
    if (list.size() > 12) {
      return String.join(", ", list.subList(0, 12)) + ", ... (" + list.size() + " in all)";
    }
    return String.join(", ", list);
  }

  @Override
  public String toString() {
    return "TaskGraph" + order.stream().map(Task::id).toList();
  }
}
