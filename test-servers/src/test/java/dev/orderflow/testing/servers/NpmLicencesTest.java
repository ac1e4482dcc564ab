package dev.orderflow.testing.servers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.core.internal.JsonText;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every npm package the build installs (the test servers' and any other committed lockfile's) is under a
 * licence compatible with Apache-2.0. npm writes each package's licence into the lockfile, so a new package
 * with another licence fails this test until it is reviewed. A choice of licences ({@code MIT OR EUPL-1.1+}, an
 * SPDX {@code OR} expression) is allowed when one of them is: we take that one.
 */
class NpmLicencesTest {
  /** SPDX ids compatible with distributing orderflow under Apache-2.0 (the packages are test tools, never shipped). */
  static final Set<String> ALLOWED = Set.of(
      "Apache-2.0", "MIT", "MIT-0", "ISC", "BSD-2-Clause", "BSD-3-Clause", "0BSD", "BlueOak-1.0.0", "CC0-1.0",
      "Unlicense");

  @Test
  void everyLockedPackageHasAnAllowedLicence() throws IOException {
    List<Path> lockfiles = lockfiles(Path.of("..").toRealPath());
    assertThat(lockfiles).as("lockfiles").extracting(p -> p.getFileName().toString()).isNotEmpty();

    List<String> refused = new ArrayList<>();
    for (Path lockfile : lockfiles) {
      refused.addAll(refusedPackages(Files.readString(lockfile)));
    }

    assertThat(refused).as("packages whose licence is not allowed").isEmpty();
  }

  @Test
  void aPackageWithAnotherOrNoLicenceIsRefused() {
    String lockfile = "{\"packages\":{\"\":{\"name\":\"x\"},"
        + "\"node_modules/ok\":{\"license\":\"MIT\"},"
        + "\"node_modules/copyleft\":{\"license\":\"GPL-3.0\"},"
        + "\"node_modules/unknown\":{},"
        + "\"node_modules/choice\":{\"license\":\"MIT OR EUPL-1.1+\"},"
        + "\"node_modules/bracketed\":{\"license\":\"(EUPL-1.1+ OR Apache-2.0)\"},"
        + "\"node_modules/no-good-choice\":{\"license\":\"GPL-3.0 OR EUPL-1.1+\"},"
        + "\"node_modules/both\":{\"license\":\"MIT AND GPL-3.0\"}}}";

    assertThat(refusedPackages(lockfile)).containsExactlyInAnyOrder(
        "node_modules/copyleft (GPL-3.0)", "node_modules/unknown (no licence)",
        "node_modules/no-good-choice (GPL-3.0 OR EUPL-1.1+)", "node_modules/both (MIT AND GPL-3.0)");
  }

  /** The packages of one lockfile (its own root entry excluded) whose licence is not allowed. */
  static List<String> refusedPackages(String lockfile) {
    @SuppressWarnings("unchecked")
    Map<String, Object> packages = (Map<String, Object>) JsonText.readObject(lockfile).get("packages");
    List<String> refused = new ArrayList<>();
    packages.forEach((path, entry) -> {
      if (path.isEmpty()) {
        return;
      }
      Object licence = ((Map<?, ?>) entry).get("license");
      if (!(licence instanceof String id)) {
        refused.add(path + " (no licence)");
      } else if (!allowed(id)) {
        refused.add(path + " (" + id + ")");
      }
    });
    return refused;
  }

  /** An allowed id, or a choice ({@code A OR B}, optionally in parentheses) with an allowed id among its options. */
  static boolean allowed(String expression) {
    String choice = expression.strip();
    if (choice.startsWith("(") && choice.endsWith(")")) {
      choice = choice.substring(1, choice.length() - 1).strip();
    }
    if (choice.contains("(") || choice.contains(" AND ") || choice.contains(" WITH ")) {
      return false; // nested or conjunctive expressions: reviewed by hand
    }
    for (String option : choice.split(" OR ")) {
      if (ALLOWED.contains(option.strip())) {
        return true;
      }
    }
    return false;
  }

  /** Committed lockfiles under {@code root}, not descending into installed packages, build output or git. */
  private static List<Path> lockfiles(Path root) throws IOException {
    List<Path> found = new ArrayList<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
        String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
        return Set.of("node_modules", "target", ".git").contains(name)
            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
        if (file.getFileName().toString().equals("package-lock.json")) {
          found.add(file);
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return found;
  }
}
