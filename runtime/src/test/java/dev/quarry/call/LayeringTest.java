package dev.quarry.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The folders read as the pipeline, call → provider → transport → parse → validate, and every
 * import between them points down that list: the engine may use a provider, a provider never
 * the engine; nothing below the engine uses the {@code Quarry} facade.
 */
class LayeringTest {
  private static final List<String> LAYERS = List.of("call", "provider", "transport", "parse", "validate");
  private static final Pattern IMPORT =
      Pattern.compile("^import (?:static )?dev\\.quarry\\.([a-z]+)\\.|^import (?:static )?dev\\.quarry\\.(Quarry)\\b",
          Pattern.MULTILINE);

  @Test
  void importsPointDownThePipeline() throws IOException {
    Path root = Path.of("src/main/java/dev/quarry");
    List<String> wrong = new ArrayList<>();
    for (String layer : LAYERS) {
      try (Stream<Path> files = Files.walk(root.resolve(layer))) {
        for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
          Matcher imports = IMPORT.matcher(Files.readString(file));
          while (imports.find()) {
            String target = imports.group(1) != null ? imports.group(1) : imports.group(2);
            boolean up = target.equals("Quarry")
                || LAYERS.contains(target) && LAYERS.indexOf(target) < LAYERS.indexOf(layer);
            if (up) {
              wrong.add(root.relativize(file) + " imports " + target);
            }
          }
        }
      }
    }
    assertThat(wrong).as("imports pointing up the pipeline").isEmpty();
  }
}
