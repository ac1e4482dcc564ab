package dev.orderflow.testing.servers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the directory whose {@code node_modules} holds dynalite, fauxqs, aws-ses-v2-local, aws-local-stepfunctions and
 * asl-validator (installed by this module's Maven build with {@code npm ci}).
 *
 * <p>Order: system property {@value #PROPERTY}; else the first {@code test-servers/node_modules} (or
 * {@code node_modules} of a directory named {@code test-servers}) found walking up from the working
 * directory.
 */
public final class NodeModules {
  /** System property naming the directory that contains {@code node_modules}. */
  public static final String PROPERTY = "orderflow.node.dir";

  private NodeModules() {
  }

  /** The directory containing {@code node_modules}; node processes are started with it as working directory. */
  public static Path directory() {
    String prop = System.getProperty(PROPERTY);
    if (prop != null && !prop.isBlank()) {
      Path dir = Paths.get(prop).toAbsolutePath().normalize();
      if (!Files.isDirectory(dir.resolve("node_modules"))) {
        throw new IllegalStateException("System property " + PROPERTY + "=" + prop + " but " + dir.resolve("node_modules")
            + " does not exist. Build the test-servers module first (mvn -pl test-servers install, which runs npm ci).");
      }
      return dir;
    }
    Path start = Paths.get("").toAbsolutePath().normalize();
    for (Path p = start; p != null; p = p.getParent()) {
      if (p.getFileName() != null && p.getFileName().toString().equals("test-servers")
          && Files.isDirectory(p.resolve("node_modules"))) {
        return p;
      }
      Path candidate = p.resolve("test-servers");
      if (Files.isDirectory(candidate.resolve("node_modules"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("Cannot find test-servers/node_modules above " + start + ". Set the system property "
        + PROPERTY + " to the test-servers directory (e.g. <" + PROPERTY + ">${project.basedir}/../test-servers</"
        + PROPERTY + "> in surefire's systemPropertyVariables) and build test-servers first (it runs npm ci).");
  }
}
