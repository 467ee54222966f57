package dev.quarry.validate;

import dev.quarry.ConfigurationException;
import dev.quarry.Quote;
import dev.quarry.Quotes;
import dev.quarry.TaskGraph;
import dev.quarry.Violation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The checks that tie an answer to something outside it, after binding: every {@link Quote}
 * occurs in the text it quotes, and every list of {@link TaskGraph.Task}s is a DAG. Only result
 * types that can hold either are walked; for the others this costs a class-value lookup.
 */
public final class Grounding {
  private static final int MAX_DEPTH = 64;

  /** Whether values of a class can hold a quote or a task list, looking through its components. */
  private static final ClassValue<Boolean> RELEVANT =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          return relevant(type, new HashSet<>());
        }
      };

  private Grounding() {}

  /**
   * The violations of {@code value}: quotes that do not occur in their source, plans that are not
   * DAGs; pointers relative to the value.
   *
   * @param sources the method's text parameters, by name; {@code null} when the call passed none
   * @throws ConfigurationException when a {@code @Quote} names a source the call did not pass
   */
  public static List<Violation> check(Object value, Map<String, ? extends CharSequence> sources) {
    if (!mayHold(value)) {
      return List.of();
    }
    Walk walk = new Walk(sources, true);
    walk.visit(value, "", 0);
    return walk.violations;
  }

  /** The spans of the quotes in {@code value} that occur in their sources. */
  public static List<Quotes.Span> spans(Object value, Map<String, ? extends CharSequence> sources) {
    if (!mayHold(value)) {
      return List.of();
    }
    Walk walk = new Walk(sources, false);
    walk.visit(value, "", 0);
    return walk.spans;
  }

  private static boolean mayHold(Object value) {
    if (value instanceof Collection<?> collection) {
      for (Object element : collection) {
        if (element != null && (element instanceof TaskGraph.Task || RELEVANT.get(element.getClass()))) {
          return true;
        }
      }
      return false;
    }
    return value != null && RELEVANT.get(value.getClass());
  }

  private static boolean relevant(Class<?> type, Set<Class<?>> seen) {
    if (!seen.add(type) || type.getName().startsWith("java.")) {
      return false;
    }
    if (TaskGraph.Task.class.isAssignableFrom(type)) {
      return true;
    }
    if (type.isSealed()) {
      for (Class<?> permitted : type.getPermittedSubclasses()) {
        if (relevant(permitted, seen)) {
          return true;
        }
      }
      return false;
    }
    if (!type.isRecord()) {
      return false;
    }
    for (RecordComponent component : type.getRecordComponents()) {
      if (component.isAnnotationPresent(Quote.class) || relevant(component.getGenericType(), seen)) {
        return true;
      }
    }
    return false;
  }

  private static boolean relevant(Type type, Set<Class<?>> seen) {
    if (type instanceof Class<?> c) {
      return c.isArray() ? relevant(c.getComponentType(), seen) : relevant(c, seen);
    }
    if (type instanceof ParameterizedType p) {
      for (Type argument : p.getActualTypeArguments()) {
        if (relevant(argument, seen)) {
          return true;
        }
      }
    }
    return false;
  }

  private static final class Walk {
    private final Map<String, ? extends CharSequence> sources;
    private final boolean checking;
    private final Map<String, QuoteMatcher> matchers = new HashMap<>();
    final List<Violation> violations = new ArrayList<>();
    final List<Quotes.Span> spans = new ArrayList<>();

    Walk(Map<String, ? extends CharSequence> sources, boolean checking) {
      this.sources = sources == null ? Map.of() : sources;
      this.checking = checking;
    }

    void visit(Object value, String pointer, int depth) {
      if (value == null || depth > MAX_DEPTH) {
        return;
      }
      if (value instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof TaskGraph.Task) {
        if (checking && allTasks(list)) {
          @SuppressWarnings("unchecked")
          List<? extends TaskGraph.Task> tasks = (List<? extends TaskGraph.Task>) list;
          violations.addAll(TaskGraph.violations(tasks, pointer));
        }
      }
      if (value instanceof Collection<?> collection) {
        int index = 0;
        for (Object element : collection) {
          visit(element, pointer + "/" + index++, depth + 1);
        }
        return;
      }
      if (value instanceof Map<?, ?> map) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          visit(entry.getValue(), pointer + "/" + JavaChecks.escape(String.valueOf(entry.getKey())), depth + 1);
        }
        return;
      }
      if (value instanceof Optional<?> optional) {
        visit(optional.orElse(null), pointer, depth + 1);
        return;
      }
      if (!value.getClass().isRecord() || !RELEVANT.get(value.getClass())) {
        return;
      }
      for (RecordComponent component : value.getClass().getRecordComponents()) {
        Object part = read(component, value);
        String at = pointer + "/" + JavaChecks.escape(component.getName());
        Quote quote = component.getAnnotation(Quote.class);
        if (quote != null) {
          quoted(quote.value(), value.getClass().getSimpleName() + "." + component.getName(), part, at);
        } else {
          visit(part, at, depth + 1);
        }
      }
    }

    private static boolean allTasks(List<?> list) {
      for (Object element : list) {
        if (!(element instanceof TaskGraph.Task)) {
          return false;
        }
      }
      return true;
    }

    private void quoted(String source, String component, Object value, String pointer) {
      if (value instanceof Optional<?> optional) {
        value = optional.orElse(null);
      }
      if (value instanceof Collection<?> collection) {
        int index = 0;
        for (Object element : collection) {
          quoted(source, component, element, pointer + "/" + index++);
        }
        return;
      }
      if (!(value instanceof CharSequence text)) {
        return;
      }
      QuoteMatcher matcher = matcher(source, component);
      String quote = text.toString();
      int[] found = matcher.find(quote);
      if (found != null) {
        spans.add(new Quotes.Span(pointer, source, quote, found[0], found[1]));
        return;
      }
      if (!checking) {
        return;
      }
      if (QuoteMatcher.isEmpty(quote)) {
        violations.add(new Violation(pointer, "quote", "the quote is empty; copy the passage of "
            + source + " that supports the answer, word for word"));
        return;
      }
      String closest = matcher.closest(quote);
      violations.add(new Violation(pointer, "quote", "'" + shorten(quote)
          + "' does not appear in " + source + "; "
          + (closest == null
              ? "no passage of " + source + " resembles it"
              : "the closest passage is '" + closest + "'")
          + ". Quote " + source + " word for word, or choose a passage that is in it"));
    }

    private QuoteMatcher matcher(String source, String component) {
      QuoteMatcher matcher = matchers.get(source);
      if (matcher == null) {
        CharSequence text = sources.get(source);
        if (text == null) {
          throw new ConfigurationException("@Quote(\"" + source + "\") on " + component
              + " quotes the source '" + source + "', but the call passed no text by that name"
              + " (sources: " + sources.keySet() + "). Call a method with a String parameter"
              + " named " + source + ", or pass it in the sources of Quarry.extract(...).");
        }
        matcher = new QuoteMatcher(text);
        matchers.put(source, matcher);
      }
      return matcher;
    }

    private static String shorten(String quote) {
      String flat = quote.strip().replaceAll("\\s+", " ");
      return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
    }

    private static Object read(RecordComponent component, Object record) {
      try {
        component.getAccessor().setAccessible(true);
        return component.getAccessor().invoke(record);
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }
  }
}
