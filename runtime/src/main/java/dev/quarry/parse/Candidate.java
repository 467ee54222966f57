package dev.quarry.parse;

/**
 * One reading of the output: a value the reader found, how far it is from "the whole output is
 * this JSON value" ({@code penalty}), and where it came from (for repairs and error messages).
 */
record Candidate(Node node, int penalty, String origin) {}
