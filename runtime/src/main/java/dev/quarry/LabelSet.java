package dev.quarry;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The labels a classification may choose from, known only at run time (from configuration, a
 * database, a feature flag): immutable, in the order given, each label non-blank and distinct.
 * A method takes one as a parameter and a {@link OneOf} field of its result names that parameter;
 * the schema sent with each call lists exactly these labels, and an answer with any other label
 * is re-asked, naming the allowed ones.
 *
 * <pre>{@code
 * record Ticket(@OneOf("queues") String queue, String summary) {}
 *
 * @Prompt("Route this support ticket.\n\n{{text}}")
 * Ticket route(String text, LabelSet queues);
 *
 * Ticket ticket = router.route(text, LabelSet.of(config.getStringList("queues")));
 * }</pre>
 *
 * <p>Build a set once and reuse it: its JSON form is written when it is built, and calls with
 * an equal set share the prepared schema validation.
 */
public final class LabelSet {
  /** Far more than a classification prompt can use; OpenAI's strict mode takes up to 1000. */
  public static final int MAX_LABELS = 1000;

  private final List<String> labels;
  private final Set<String> lookup;
  private final String json;

  private LabelSet(List<String> labels) {
    this.labels = labels;
    this.lookup = Set.copyOf(labels);
    StringBuilder text = new StringBuilder();
    for (String label : labels) {
      if (text.length() > 0) {
        text.append(',');
      }
      quote(label, text);
    }
    this.json = text.toString();
  }

  /**
   * The labels {@code labels}, in this order.
   *
   * @throws InvalidInputException when there are none or more than {@link #MAX_LABELS}, or a
   *     label is blank or repeated
   */
  public static LabelSet of(String... labels) {
    requireNonNull(labels, "labels == null");
    return of(Arrays.asList(labels));
  }

  /**
   * The labels {@code labels}, in iteration order.
   *
   * @throws InvalidInputException when there are none or more than {@link #MAX_LABELS}, or a
   *     label is blank or repeated
   */
  public static LabelSet of(Collection<String> labels) {
    requireNonNull(labels, "labels == null");
    if (labels.isEmpty()) {
      throw new InvalidInputException(
          "A LabelSet needs at least one label, but none were given. Pass the labels the answer"
              + " may choose from, e.g. LabelSet.of(\"billing\", \"bug\").");
    }
    if (labels.size() > MAX_LABELS) {
      throw new InvalidInputException(
          "A LabelSet takes at most " + MAX_LABELS + " labels, but " + labels.size()
              + " were given. Split the classification into steps, or narrow the labels first.");
    }
    Set<String> seen = new LinkedHashSet<>();
    int index = 0;
    for (String label : labels) {
      if (label == null) {
        throw new InvalidInputException(
            "LabelSet label " + index + " is null. Remove it, or check where the labels come from.");
      }
      if (label.isBlank()) {
        throw new InvalidInputException(
            "LabelSet label " + index + " is blank (\"" + label + "\"); a model cannot choose an"
                + " empty label. Remove it, or check where the labels come from.");
      }
      if (!seen.add(label)) {
        throw new InvalidInputException(
            "LabelSet label \"" + label + "\" is given twice (again at " + index + "); each"
                + " label must be distinct. Remove the repetition.");
      }
      index++;
    }
    return new LabelSet(List.copyOf(seen));
  }

  /** The labels, in order. */
  public List<String> labels() {
    return labels;
  }

  /** Whether {@code label} is one of the labels, exactly (case and spacing included). */
  public boolean contains(String label) {
    return label != null && lookup.contains(label);
  }

  public int size() {
    return labels.size();
  }

  /**
   * The labels as the elements of a JSON array, without the brackets, e.g. {@code
   * "billing","bug"}: what is spliced into the schema's {@code enum}.
   */
  public String jsonElements() {
    return json;
  }

  /** The labels joined by {@code ", "}: what a prompt placeholder {@code {{queues}}} shows. */
  @Override
  public String toString() {
    return String.join(", ", labels);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LabelSet set && set.labels.equals(labels);
  }

  @Override
  public int hashCode() {
    return labels.hashCode();
  }

  private static void quote(String value, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
