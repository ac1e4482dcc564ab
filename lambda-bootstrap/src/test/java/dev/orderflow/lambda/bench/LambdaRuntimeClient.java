package dev.orderflow.lambda.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.joda.time.DateTime;
import software.amazon.awssdk.utilslite.SdkInternalThreadLocal;

/**
 * The Lambda Java runtime's own libraries — its runtime interface client, serialisation library and the
 * handler interfaces — as they sit on a java21 function's class path, outside the function's code.
 */
final class LambdaRuntimeClient {
  static final String MAIN_CLASS = AWSLambda.class.getName();
  /** Where the runtime client loads its JNI Runtime API client from, instead of unpacking it to {@code /tmp}. */
  static final String NATIVE_LIBRARY_PROPERTY =
      "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";
  /** Linux reports process CPU time in clock ticks of 1/100 s (USER_HZ). */
  private static final long MILLIS_PER_TICK = 10;

  private LambdaRuntimeClient() {}

  /** The runtime interface client's jar (which also holds Lambda's CRaC implementation, {@code …lambda.crac}). */
  static Path runtimeInterfaceClient() {
    try {
      return Path.of(AWSLambda.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The runtime's class path: the jars these libraries were loaded from in this JVM. */
  static String classPath() {
    Set<String> jars = new LinkedHashSet<>();
    for (Class<?> type : new Class<?>[] {AWSLambda.class, PojoSerializer.class, RequestHandler.class,
        SdkInternalThreadLocal.class, DateTime.class}) {
      try {
        jars.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    return jars.stream().collect(Collectors.joining(File.pathSeparator));
  }

  /**
   * Unpacks the runtime client's JNI library for this machine (glibc Linux, x86-64 or arm64) into {@code directory},
   * for {@link #NATIVE_LIBRARY_PROPERTY}, so that runs leave nothing behind in {@code /tmp}.
   */
  static Path unpackNativeLibrary(Path directory) {
    String arch = System.getProperty("os.arch").equals("aarch64") ? "aarch_64" : "x86_64";
    String name = "libaws-lambda-jni.linux-" + arch + ".so";
    try (InputStream in = AWSLambda.class.getResourceAsStream("/jni/" + name)) {
      if (in == null) {
        throw new IllegalStateException("the runtime interface client has no " + name);
      }
      Path library = directory.resolve(name);
      Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
      return library;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** User plus system CPU time of a running process so far, from {@code /proc/<pid>/stat}. */
  static long cpuMillis(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // fields after the command name in parentheses: state is field 3; utime and stime are fields 14 and 15
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * MILLIS_PER_TICK;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
