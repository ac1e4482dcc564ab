package dev.orderflow.lambda.internal.priming;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Not API: loads, before a SnapStart snapshot, the classes a function's first event would load after a restore — the
 * real operation's request and response model (whose static initialisers spin the SDK's field accessors), the default
 * credentials chain, the signer, the JDK's HTTP and socket classes — none of which the priming's in-memory SDK warm-up
 * reaches, since it makes no connection, uses other operations and static credentials.
 *
 * <p>The names are in {@value #LIST} (one a line, {@code #} comments), recorded by the cold-start harness from what
 * every function's first and second event loaded after priming ({@code docs/benchmarks.md}, "SnapStart priming").
 * Each class is loaded and initialised, except those whose initialiser would create state that must differ between
 * restored copies or a thread ({@link #LOAD_ONLY}), which are loaded only. A name that is not found (another JDK, a
 * newer SDK) is skipped: the list is an optimisation; {@code JarContentsIT} checks that its classes of the jar exist.
 */
public final class PrimingClasses {
  /** The list's resource name. */
  public static final String LIST = "/dev/orderflow/lambda/internal/priming/first-event-classes.txt";
  /** Classes loaded without running their static initialiser: random generators and their holders, threads, timers. */
  static final Pattern LOAD_ONLY = Pattern.compile(".*(Random|UUID\\$Holder|Seed|Thread|Timer|Cleaner).*");

  private PrimingClasses() {}

  /**
   * Loads the listed classes through {@code loader}.
   *
   * @return how many of them were found
   */
  public static int load(ClassLoader loader) {
    int found = 0;
    for (String name : names()) {
      try {
        Class.forName(name, !LOAD_ONLY.matcher(name).matches(), loader);
        found++;
      } catch (ClassNotFoundException | LinkageError e) {
        // not on this JDK or in this jar, or it cannot initialise here: the first event loads what it needs itself
      } catch (RuntimeException e) {
        // a static initialiser that failed outside its usual context: same as above
      }
    }
    return found;
  }

  /** The listed class names, in the list's order; none if the list is missing. */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    try (InputStream in = PrimingClasses.class.getResourceAsStream(LIST)) {
      if (in == null) {
        return names;
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String name = line.strip();
        if (!name.isEmpty() && !name.startsWith("#")) {
          names.add(name);
        }
      }
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
