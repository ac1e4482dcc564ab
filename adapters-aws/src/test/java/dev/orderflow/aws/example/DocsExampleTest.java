package dev.orderflow.aws.example;

import dev.orderflow.core.fixtures.DocExamples;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The embedding guide shows the code of {@link EmbeddingExampleIT}, so the guide cannot drift from it. */
class DocsExampleTest {

  @Test
  void theEmbeddingGuideShowsTheExampleThatRunsOnLocalServers() {
    DocExamples.assertGuideShows(Path.of("../docs/guides/embedding.md"),
        Path.of("src/test/java/dev/orderflow/aws/example/EmbeddingExampleIT.java"));
  }
}
