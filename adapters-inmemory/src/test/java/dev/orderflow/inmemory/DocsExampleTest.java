package dev.orderflow.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The harness guide shows the code of {@link HarnessExampleTest}, so the guide cannot drift from it. */
class DocsExampleTest {

  @Test
  void theGuideShowsTheCompiledExample() throws IOException {
    String test = Files.readString(Path.of("src/test/java/dev/orderflow/inmemory/HarnessExampleTest.java"));
    String example = test.substring(test.indexOf("// start:example") + "// start:example".length() + 1,
        test.indexOf("    // end:example"));
    String dedented = example.lines().map(line -> line.length() >= 4 ? line.substring(4) : line.strip())
        .collect(Collectors.joining("\n"));

    String guide = Files.readString(Path.of("../docs/guides/testing-with-the-harness.md"));

    assertThat(guide).contains(dedented);
  }
}
