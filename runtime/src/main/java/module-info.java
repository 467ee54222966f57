/**
 * Quarry's runtime: the pipeline that generated clients call (prompt, provider request, lenient
 * parse, validation, re-ask), its annotations, exceptions and service interfaces.
 *
 * <p>Exported: the API ({@code dev.quarry}), what generated code calls ({@code dev.quarry.spi}
 * and the generated readers' support, {@code dev.quarry.read}),
 * the providers' SPI and factory ({@code dev.quarry.provider}), transports ({@code
 * dev.quarry.transport}), listeners ({@code dev.quarry.observe}), and the parser and its {@code
 * ParseException} ({@code dev.quarry.parse}). Internal: the call engine ({@code dev.quarry.call}),
 * validation and binding ({@code dev.quarry.validate}) and the built-in providers'
 * implementations ({@code dev.quarry.provider.*}: get them from {@code
 * dev.quarry.provider.Providers}).
 *
 * <p>On the module path, Quarry instantiates the client that the annotation processor generated
 * next to each interface, and Jackson binds the records it returns: a module with Quarry
 * interfaces {@code opens} their package to {@code dev.quarry} and {@code tools.jackson.databind}.
 */
module dev.quarry {
  requires transitive tools.jackson.core;
  requires transitive tools.jackson.databind;
  requires com.networknt.schema;
  requires java.net.http;
  requires static jakarta.validation;

  exports dev.quarry;
  exports dev.quarry.observe;
  exports dev.quarry.parse;
  exports dev.quarry.provider;
  exports dev.quarry.read;
  exports dev.quarry.spi;
  exports dev.quarry.transport;

  uses dev.quarry.BatchStore; // BatchStore.standard(): quarry-jdbc's embedded H2 store
}
