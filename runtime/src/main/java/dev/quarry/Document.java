package dev.quarry;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;

/**
 * A PDF document for the model to read: a parameter of this type in an {@link LlmExtract} method
 * is sent as a file content part after the prompt's text.
 *
 * <pre>{@code
 * @Prompt("Extract the invoice in this document.")
 * Invoice read(Document pdf);
 *
 * Invoice invoice = reader.read(Document.fromPath(Path.of("invoice.pdf")));
 * }</pre>
 */
public final class Document implements Message.Part {
  private static final String PDF = "application/pdf";

  private final URI url;
  private final byte[] bytes;
  private final String fileName;

  private Document(URI url, byte[] bytes, String fileName) {
    this.url = url;
    this.bytes = bytes;
    this.fileName = fileName;
  }

  /** A PDF the provider downloads itself (where the provider supports document URLs). */
  public static Document fromUrl(String url) {
    URI uri = URI.create(requireNonNull(url, "url == null"));
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException("Document.fromUrl needs an http or https URL, got " + url);
    }
    String name = Media.fileName(uri);
    return new Document(uri, null, name == null ? "document.pdf" : name);
  }

  /** A PDF from its bytes. */
  public static Document fromBytes(byte[] bytes, String fileName) {
    requireNonNull(bytes, "bytes == null");
    requireNonNull(fileName, "fileName == null");
    checkPdf(bytes, fileName);
    return new Document(null, bytes.clone(), fileName);
  }

  /** A PDF file, read now. */
  public static Document fromPath(Path path) {
    requireNonNull(path, "path == null");
    byte[] bytes = Media.read(path);
    String name = path.getFileName().toString();
    checkPdf(bytes, name);
    return new Document(null, bytes, name);
  }

  private static void checkPdf(byte[] bytes, String name) {
    if (!PDF.equals(Media.sniff(bytes))) {
      throw new IllegalArgumentException(
          "Document " + name + " is not a PDF (it does not start with %PDF); only PDF documents"
              + " are supported, send other text as a String parameter");
    }
  }

  /** The URL, or {@code null} when the document is held as bytes. */
  public URI url() {
    return url;
  }

  /** A copy of the bytes, or {@code null} when the document is a URL. */
  public byte[] bytes() {
    return bytes == null ? null : bytes.clone();
  }

  /** Always {@code application/pdf}. */
  public String mediaType() {
    return PDF;
  }

  public String fileName() {
    return fileName;
  }

  /** The bytes in base64, or {@code null} when the document is a URL. */
  public String base64() {
    return bytes == null ? null : Media.base64(bytes);
  }

  /** The bytes as a {@code data:} URL, or {@code null} when the document is a URL. */
  public String dataUrl() {
    return bytes == null ? null : Media.dataUrl(PDF, bytes);
  }

  @Override
  public String toString() {
    return url != null ? "Document[" + url + "]" : "Document[" + fileName + ", " + bytes.length + " bytes]";
  }
}
