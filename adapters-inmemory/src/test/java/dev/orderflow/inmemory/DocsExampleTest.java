package dev.orderflow.inmemory;

import dev.orderflow.core.fixtures.DocExamples;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The harness guide shows the code of {@link HarnessExampleTest}, so the guide cannot drift from it. */
class DocsExampleTest {

  @Test
  void theHarnessGuideShowsTheCompiledExample() {
    DocExamples.assertGuideShows(Path.of("../docs/guides/testing-with-the-harness.md"),
        Path.of("src/test/java/dev/orderflow/inmemory/HarnessExampleTest.java"));
  }
}
