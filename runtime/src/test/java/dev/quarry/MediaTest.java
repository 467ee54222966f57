package dev.quarry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaTest {
  @Test
  void mediaTypeIsReadFromTheBytes() {
    assertThat(Image.fromBytes(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0}).mediaType())
        .isEqualTo("image/jpeg");
    assertThat(Image.fromBytes("GIF89a".getBytes(StandardCharsets.US_ASCII)).mediaType())
        .isEqualTo("image/gif");
    assertThat(Image.fromBytes("RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.US_ASCII)).mediaType())
        .isEqualTo("image/webp");
  }

  @Test
  void unknownBytesNeedAnExplicitType() {
    assertThatThrownBy(() -> Image.fromBytes(new byte[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Image.fromBytes(bytes, mediaType)");
    assertThat(Image.fromBytes(new byte[] {1, 2, 3}, "image/heic").mediaType()).isEqualTo("image/heic");
  }

  @Test
  void pathsAreReadAndSniffed(@TempDir Path dir) throws Exception {
    Path png = Files.write(dir.resolve("photo.bin"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1});
    Path pdf = Files.write(dir.resolve("invoice.pdf"), "%PDF-1.7 x".getBytes(StandardCharsets.US_ASCII));
    Path text = Files.writeString(dir.resolve("notes.pdf"), "not a pdf");

    assertThat(Image.fromPath(png).mediaType()).isEqualTo("image/png");
    assertThat(Image.fromPath(png).base64()).isEqualTo("iVBORwE=");
    assertThat(Document.fromPath(pdf).fileName()).isEqualTo("invoice.pdf");
    assertThatThrownBy(() -> Document.fromPath(text)).hasMessageContaining("not a PDF");
  }

  @Test
  void urlsKeepTheirAddress() {
    Image image = Image.fromUrl("https://example.com/receipts/1.png?size=large");
    assertThat(image.url()).hasToString("https://example.com/receipts/1.png?size=large");
    assertThat(image.mediaType()).isEqualTo("image/png");
    assertThat(image.bytes()).isNull();
    assertThatThrownBy(() -> Image.fromUrl("file:///etc/passwd")).hasMessageContaining("http or https");
  }
}
