package dev.quarry;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * An image for the model to look at: a parameter of this type in an {@link LlmExtract} method is
 * sent as an image content part after the prompt's text. Holds either a URL the provider fetches
 * or the bytes themselves.
 *
 * <pre>{@code
 * @Prompt("Extract the receipt in this photo.")
 * Receipt read(Image photo);
 *
 * Receipt receipt = reader.read(Image.fromPath(Path.of("receipt.jpg")));
 * }</pre>
 */
public final class Image implements Message.Part {
  private final URI url;
  private final byte[] bytes;
  private final String mediaType;

  private Image(URI url, byte[] bytes, String mediaType) {
    this.url = url;
    this.bytes = bytes;
    this.mediaType = mediaType;
  }

  /** An image the provider downloads itself; the media type is guessed from the extension. */
  public static Image fromUrl(String url) {
    URI uri = URI.create(requireNonNull(url, "url == null"));
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException(
          "Image.fromUrl needs an http or https URL, got " + url
              + "; use Image.fromPath or Image.fromBytes for local data");
    }
    String type = Media.fromName(uri.getPath() == null ? "" : uri.getPath());
    return new Image(uri, null, type != null && type.startsWith("image/") ? type : "image/jpeg");
  }

  /** An image from its bytes; the media type is read from the bytes (PNG, JPEG, GIF, WebP). */
  public static Image fromBytes(byte[] bytes) {
    requireNonNull(bytes, "bytes == null");
    String type = Media.sniff(bytes);
    if (type == null || !type.startsWith("image/")) {
      throw new IllegalArgumentException(
          "Image.fromBytes: the bytes are not a PNG, JPEG, GIF or WebP image (first bytes "
              + Arrays.toString(Arrays.copyOf(bytes, Math.min(4, bytes.length)))
              + "); pass the media type with Image.fromBytes(bytes, mediaType)");
    }
    return new Image(null, bytes.clone(), type);
  }

  /** An image from its bytes with an explicit media type such as {@code image/png}. */
  public static Image fromBytes(byte[] bytes, String mediaType) {
    requireNonNull(bytes, "bytes == null");
    requireNonNull(mediaType, "mediaType == null");
    return new Image(null, bytes.clone(), mediaType);
  }

  /** An image file, read now; the media type comes from its bytes, else its extension. */
  public static Image fromPath(Path path) {
    requireNonNull(path, "path == null");
    byte[] bytes = Media.read(path);
    String type = Media.sniff(bytes);
    if (type == null) {
      type = Media.fromName(path.getFileName().toString());
    }
    if (type == null || !type.startsWith("image/")) {
      throw new IllegalArgumentException(
          "Image.fromPath(" + path + "): not a PNG, JPEG, GIF or WebP image;"
              + " use Image.fromBytes(bytes, mediaType) to say what it is");
    }
    return new Image(null, bytes, type);
  }

  /** The URL, or {@code null} when the image is held as bytes. */
  public URI url() {
    return url;
  }

  /** A copy of the bytes, or {@code null} when the image is a URL. */
  public byte[] bytes() {
    return bytes == null ? null : bytes.clone();
  }

  public String mediaType() {
    return mediaType;
  }

  /** The bytes in base64, or {@code null} when the image is a URL. */
  public String base64() {
    return bytes == null ? null : Media.base64(bytes);
  }

  /** The URL, or a {@code data:} URL holding the bytes. */
  public String urlOrDataUrl() {
    return url != null ? url.toString() : Media.dataUrl(mediaType, bytes);
  }

  @Override
  public String toString() {
    return url != null ? "Image[" + url + "]" : "Image[" + mediaType + ", " + bytes.length + " bytes]";
  }
}
