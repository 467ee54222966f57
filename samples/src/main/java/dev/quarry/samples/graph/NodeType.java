package dev.quarry.samples.graph;

import dev.quarry.Alias;
import dev.quarry.Description;

/** What a node of the graph stands for. */
public enum NodeType {
  @Description("a named human being")
  PERSON,
  @Alias({"company", "org", "institution"})
  @Description("a company, university, agency or other organisation")
  ORGANIZATION,
  @Alias({"location", "city", "country"})
  @Description("a city, country, region or site")
  PLACE,
  @Description("a product, drug, software or other made thing")
  PRODUCT,
  @Description("anything else worth a node: an event, an award, a field of study")
  CONCEPT
}
