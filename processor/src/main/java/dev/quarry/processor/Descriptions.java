package dev.quarry.processor;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.util.Elements;

/** Reads the text the model sees: {@code @Description}, else the first paragraph of Javadoc. */
final class Descriptions {
  static final String DESCRIPTION = "dev.quarry.Description";

  private static final Pattern INLINE_TAG = Pattern.compile("\\{@\\w+\\s+([^}]*)}");

  private final Elements elements;

  Descriptions(Elements elements) {
    this.elements = elements;
  }

  /** The description of {@code element}, or {@code null}. */
  String of(Element element) {
    String annotated = annotated(element);
    return annotated != null ? annotated : firstParagraph(elements.getDocComment(element));
  }

  /** The {@code @Description} of an element, or {@code null}. */
  String annotated(Element element) {
    AnnotationMirror mirror = Annotations.find(element, DESCRIPTION);
    if (mirror == null) {
      return null;
    }
    String value = (String) Annotations.value(elements, mirror, "value").getValue();
    return value.isBlank() ? null : value.trim();
  }

  /** The {@code @param name} text of {@code owner}'s Javadoc, or {@code null}. */
  String param(Element owner, String name) {
    String doc = elements.getDocComment(owner);
    if (doc == null) {
      return null;
    }
    Matcher m =
        Pattern.compile("(?m)^\\s*@param\\s+" + Pattern.quote(name) + "\\s+((?:(?!^\\s*@).)*)",
                Pattern.DOTALL | Pattern.MULTILINE)
            .matcher(doc);
    return m.find() ? clean(m.group(1)) : null;
  }

  static String firstParagraph(String doc) {
    if (doc == null) {
      return null;
    }
    StringBuilder paragraph = new StringBuilder();
    for (String line : doc.split("\n", -1)) {
      String trimmed = line.trim();
      if (trimmed.startsWith("@") || (trimmed.isEmpty() && paragraph.length() > 0)) {
        break;
      }
      paragraph.append(trimmed).append(' ');
    }
    return clean(paragraph.toString());
  }

  private static String clean(String text) {
    String s = INLINE_TAG.matcher(text).replaceAll("$1");
    s = s.replaceAll("<[^>]+>", "").replaceAll("\\s+", " ").trim();
    return s.isEmpty() ? null : s;
  }

  /** Joins non-empty texts with a space. */
  /** Joins texts as sentences: a text that does not end a sentence gets a full stop first. */
  static String join(String... texts) {
    StringBuilder out = new StringBuilder();
    for (String text : texts) {
      if (text != null && !text.isBlank()) {
        if (out.length() > 0) {
          char last = out.charAt(out.length() - 1);
          if (".!?:;".indexOf(last) < 0) {
            out.append('.');
          }
          out.append(' ');
        }
        out.append(text.strip());
      }
    }
    return out.length() == 0 ? null : out.toString();
  }

}
