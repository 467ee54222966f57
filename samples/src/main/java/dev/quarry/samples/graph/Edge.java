package dev.quarry.samples.graph;

import dev.quarry.Description;

/** A directed relation between two nodes, named by their ids. */
public record Edge(
    @Description("the id of the node the relation starts from") String source,
    @Description("the id of the node the relation points to") String target,
    @Description("the relation in snake_case, read from source to target, e.g. works_at")
        String relation) {

  @Override
  public String toString() {
    return source + " -[" + relation + "]-> " + target;
  }
}
