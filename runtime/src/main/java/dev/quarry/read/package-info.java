/**
 * Support for the answer readers the processor generates: a generated reader goes from the
 * answer's text, through a strict JSON cursor of our own (the tokens Jackson's streaming parser
 * gives, without its per-parser buffers and symbol table), straight into the records, and checks
 * the schema's keywords as it reads. Generated code calls {@link dev.quarry.read.JsonIn};
 * nothing here is meant for hand-written code.
 */
package dev.quarry.read;
