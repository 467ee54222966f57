package dev.quarry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;

/** Shared by {@link Image} and {@link Document}: bytes or a URL, a media type, a name. */
final class Media {
  private Media() {}

  static byte[] read(Path path) {
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + path, e);
    }
  }

  static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  static String dataUrl(String mediaType, byte[] bytes) {
    return "data:" + mediaType + ";base64," + base64(bytes);
  }

  /** The media type the bytes announce in their first bytes, or {@code null}. */
  static String sniff(byte[] b) {
    if (starts(b, 0x89, 'P', 'N', 'G')) {
      return "image/png";
    }
    if (starts(b, 0xFF, 0xD8, 0xFF)) {
      return "image/jpeg";
    }
    if (starts(b, 'G', 'I', 'F', '8')) {
      return "image/gif";
    }
    if (b.length >= 12 && starts(b, 'R', 'I', 'F', 'F') && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
      return "image/webp";
    }
    if (starts(b, '%', 'P', 'D', 'F')) {
      return "application/pdf";
    }
    return null;
  }

  /** The media type a file name's extension suggests, or {@code null}. */
  static String fromName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    int query = lower.indexOf('?');
    if (query >= 0) {
      lower = lower.substring(0, query);
    }
    if (lower.endsWith(".png")) {
      return "image/png";
    }
    if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
      return "image/jpeg";
    }
    if (lower.endsWith(".gif")) {
      return "image/gif";
    }
    if (lower.endsWith(".webp")) {
      return "image/webp";
    }
    if (lower.endsWith(".pdf")) {
      return "application/pdf";
    }
    return null;
  }

  static String fileName(URI uri) {
    String path = uri.getPath();
    if (path == null || path.isEmpty() || path.endsWith("/")) {
      return null;
    }
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static boolean starts(byte[] bytes, int... prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((bytes[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
