package dev.quarry.samples.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KnowledgeGraphTest {
  private static final Node CURIE = new Node("marie-curie", "Marie Curie", NodeType.PERSON);
  private static final Node WARSAW = new Node("warsaw", "Warsaw", NodeType.PLACE);

  @Test
  void acceptsEdgesBetweenExistingNodes() {
    KnowledgeGraph graph = new KnowledgeGraph(
        List.of(CURIE, WARSAW), List.of(new Edge("marie-curie", "warsaw", "born_in")));

    assertThat(graph.edges()).hasSize(1);
  }

  @Test
  void rejectsAnEdgeToAMissingNodeNamingTheEdgeAndTheId() {
    assertThatThrownBy(() -> new KnowledgeGraph(List.of(CURIE, WARSAW), List.of(
        new Edge("marie-curie", "warsaw", "born_in"),
        new Edge("marie-curie", "paris", "lived_in"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("edge 1 (marie-curie -[lived_in]-> paris) names node id 'paris', but no node"
            + " has that id (ids: marie-curie, warsaw); use an existing id or add the node");
  }

  @Test
  void rejectsAnEdgeFromAMissingNode() {
    assertThatThrownBy(() -> new KnowledgeGraph(
        List.of(WARSAW), List.of(new Edge("marie-curie", "warsaw", "born_in"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("names node id 'marie-curie'");
  }

  @Test
  void rejectsDuplicateNodeIds() {
    assertThatThrownBy(() -> new KnowledgeGraph(
        List.of(CURIE, new Node("marie-curie", "Maria Skłodowska", NodeType.PERSON)), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("node id 'marie-curie' is used by more than one node; give each node its own id");
  }
}
