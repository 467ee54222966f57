package dev.quarry.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * A value as the lenient reader found it, before any schema is applied. It keeps what the
 * schema step needs and a JSON tree would lose: where the value sits in the text, whether a
 * string was quoted or a bare word, whether the value was cut off, and the repairs made to read
 * it.
 */
final class Node {
  enum Kind { OBJECT, ARRAY, STRING, NUMBER, BOOLEAN, NULL }

  final Kind kind;
  final int start;
  int end;
  /** STRING: the value; NUMBER: the normalised literal. */
  String text;
  boolean bool;
  /** STRING written without quotes (unquoted text, or a literal such as True or None). */
  boolean bare;
  /** False when the text ended (or a fence closed) before the value did. */
  boolean complete = true;
  /** NULL standing for a value the output left out ({@code {"a": , "b": 1}}), not a written null. */
  boolean missing;
  /** STRING read from a literal spelling of another language (True, None, NULL, ...). */
  boolean literal;
  /**
   * A {@link #literal} written as a value inside an object or array, where it can only be the
   * literal; a whole answer of one word ({@code None}) may as well be the text.
   */
  boolean literalInContainer;
  /** STRING that lost its closing quote before a '+': the next string is joined to it. */
  boolean concatenated;
  /** OBJECT that went on with members written after its closing brace ({@code {..}, "b": 2}). */
  boolean joined;
  /** OBJECT: the field names, in order (empty, and shared, until the first is added). */
  List<String> keys = List.of();
  /** OBJECT and ARRAY: the values, in order (empty, and shared, until the first is added). */
  List<Node> children = List.of();
  List<String> repairs;
  /** What the aligner that last met this node found for it, per schema (see {@link Aligner}). */
  Aligner.Memo memo;

  Node(Kind kind, int start) {
    this.kind = kind;
    this.start = start;
    this.end = start;
  }

  /** Adds an item to an ARRAY. */
  void add(Node item) {
    if (children.isEmpty()) {
      children = new ArrayList<>(4);
    }
    children.add(item);
  }

  /** Adds a member to an OBJECT. */
  void add(String key, Node value) {
    if (keys.isEmpty()) {
      keys = new ArrayList<>(4);
    }
    keys.add(key);
    add(value);
  }

  /** Adds the items to an ARRAY. */
  void addAll(List<Node> items) {
    if (children.isEmpty()) {
      children = new ArrayList<>(items);
    } else {
      children.addAll(items);
    }
  }

  static Node string(String value, boolean bare, int start, int end) {
    Node n = new Node(Kind.STRING, start);
    n.text = value;
    n.bare = bare;
    n.end = end;
    return n;
  }

  void repair(String description) {
    if (repairs == null) {
      repairs = new ArrayList<>(2);
    }
    repairs.add(description);
  }

  boolean isContainer() {
    return kind == Kind.OBJECT || kind == Kind.ARRAY;
  }

  /** A short description for error messages: what was found. */
  String describe() {
    switch (kind) {
      case OBJECT:
        return "an object with " + children.size() + (children.size() == 1 ? " field" : " fields");
      case ARRAY:
        return "an array of " + children.size() + (children.size() == 1 ? " item" : " items");
      case STRING:
        return (bare ? "the text " : "the string ") + quote(text);
      case NUMBER:
        return "the number " + text;
      case BOOLEAN:
        return "the boolean " + bool;
      default:
        return "null";
    }
  }

  static String quote(String s) {
    String t = s.length() > 40 ? s.substring(0, 37) + "..." : s;
    return '"' + t.replace("\n", "\\n") + '"';
  }
}
