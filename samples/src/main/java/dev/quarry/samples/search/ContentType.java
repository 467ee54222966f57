package dev.quarry.samples.search;

import dev.quarry.Alias;
import dev.quarry.Description;

/** The kinds of documents the search index holds. */
public enum ContentType {
  @Alias({"news", "story"})
  @Description("news articles and blog posts")
  ARTICLE,
  @Description("video recordings")
  VIDEO,
  @Alias("podcasts")
  @Description("podcast episodes and other audio")
  PODCAST,
  @Alias({"study", "preprint"})
  @Description("research papers")
  PAPER
}
