package dev.quarry.samples.review;

import dev.quarry.Description;

/** A short summary of a text. */
public record Summary(@Description("the summary, two sentences") String text) {}
