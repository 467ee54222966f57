package dev.quarry.samples.graph;

import dev.quarry.Description;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Entities and relations found in a text. The compact constructor keeps the graph well formed:
 * node ids are unique and every edge joins two nodes that exist. A model that breaks either rule
 * is told exactly which edge or id is wrong.
 */
@Description("The entities of a text and the relations between them.")
public record KnowledgeGraph(List<Node> nodes, List<Edge> edges) {
  public KnowledgeGraph {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
    Set<String> ids = new HashSet<>();
    for (Node node : nodes) {
      if (!ids.add(node.id())) {
        throw new IllegalArgumentException(
            "node id '" + node.id() + "' is used by more than one node; give each node its own id");
      }
    }
    for (int i = 0; i < edges.size(); i++) {
      Edge edge = edges.get(i);
      for (String end : List.of(edge.source(), edge.target())) {
        if (!ids.contains(end)) {
          throw new IllegalArgumentException(
              "edge " + i + " (" + edge + ") names node id '" + end + "', but no node has that id"
                  + " (ids: " + String.join(", ", nodes.stream().map(Node::id).toList())
                  + "); use an existing id or add the node");
        }
      }
    }
  }
}
