package dev.quarry.samples.graph;

import dev.quarry.Description;

/** An entity of the graph. */
public record Node(
    @Description("a short unique id in kebab-case, e.g. marie-curie") String id,
    @Description("the entity's name as written in the text") String label,
    NodeType type) {}
