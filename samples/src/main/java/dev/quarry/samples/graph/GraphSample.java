package dev.quarry.samples.graph;

import dev.quarry.Extraction;
import dev.quarry.Quarry;
import dev.quarry.samples.Console;
import dev.quarry.samples.Sample;
import java.time.LocalDate;

/** A knowledge graph: lists of records, an enum, and a cross-reference check. */
public final class GraphSample implements Sample {
  public static final String CURIE = """
      Marie Curie was born in Warsaw in 1867 and moved to Paris, where she studied at the \
      University of Paris. There she met Pierre Curie, whom she married in 1895. In 1903 she \
      shared the Nobel Prize in Physics with Pierre Curie and Henri Becquerel for their work on \
      radioactivity.""";

  @Override
  public String name() {
    return "graph";
  }

  @Override
  public String title() {
    return "Knowledge graph: lists, enums, a cross-reference check";
  }

  @Override
  public void run(Quarry quarry, Console console, LocalDate today) {
    GraphExtractor extractor = quarry.create(GraphExtractor.class);
    Extraction<KnowledgeGraph> result = extractor.extract(CURIE);
    console.call("GraphExtractor.extract(CURIE)", result);
    KnowledgeGraph graph = result.value();
    for (int i = 0; i < graph.nodes().size(); i++) {
      Node node = graph.nodes().get(i);
      String text = node.id() + "  \"" + node.label() + "\"  " + node.type();
      if (i == 0) {
        console.field("nodes", text);
      } else {
        console.more(text);
      }
    }
    for (int i = 0; i < graph.edges().size(); i++) {
      if (i == 0) {
        console.field("edges", graph.edges().get(i));
      } else {
        console.more(graph.edges().get(i));
      }
    }
    console.summary(result);
  }
}
