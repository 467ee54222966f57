package dev.quarry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.provider.Provider;
import dev.quarry.provider.Providers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The README's provider × mode table says what the code does. */
class ReadmeProviderTableTest {
  private static final List<Mode> COLUMNS =
      List.of(Mode.TOOLS, Mode.JSON_SCHEMA, Mode.JSON, Mode.MD_JSON, Mode.PARALLEL_TOOLS);

  private static List<String> readme() throws IOException {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("README.md"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("README.md above " + System.getProperty("user.dir")).isNotNull();
    return Files.readAllLines(dir.resolve("README.md"));
  }

  @Test
  void everyBuiltInProviderHasARowThatMatchesItsModes() throws IOException {
    List<String> lines = readme();
    for (Provider provider : Providers.builtIn()) {
      String marker = "/ `" + provider.name() + "`)";
      List<String> rows = lines.stream().filter(l -> l.startsWith("|") && l.contains(marker)).toList();
      assertThat(rows).as("README row for " + provider.name()).hasSize(1);
      List<String> cells = cells(rows.get(0));
      assertThat(cells).as(rows.get(0)).hasSize(COLUMNS.size() + 2);
      Set<Mode> documented = EnumSet.noneOf(Mode.class);
      for (int i = 0; i < COLUMNS.size(); i++) {
        if (!cells.get(i + 1).equals("—")) {
          documented.add(COLUMNS.get(i));
        }
      }
      assertThat(documented).as("modes of " + provider.name()).isEqualTo(provider.modes());
      assertThat(cells.get(COLUMNS.size() + 1)).as("default of " + provider.name()).isEqualTo("`" + provider.defaultMode() + "`");
    }
  }

  private static List<String> cells(String row) {
    List<String> cells = new ArrayList<>();
    for (String cell : row.substring(1, row.length() - 1).split("\\|")) {
      cells.add(cell.strip());
    }
    return cells;
  }
}
