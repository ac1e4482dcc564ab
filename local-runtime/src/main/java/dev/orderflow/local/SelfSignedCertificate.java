package dev.orderflow.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The TLS connector's certificate, made at start with the JDK's own {@code keytool} (no library): a self-signed
 * EC P-256 certificate for {@code 127.0.0.1} and {@code localhost} (subject alternative names IP and DNS, basic
 * constraints critical), valid 30 days, in a PKCS12 keystore with a random password, and its PEM beside it for
 * clients to trust ({@code NODE_EXTRA_CA_CERTS}, a Java {@code SSLContext}, {@code curl --cacert}). Both live in a
 * temporary directory that {@link #close()} deletes.
 */
final class SelfSignedCertificate implements AutoCloseable {
  private static final String ALIAS = "orderflow-local";

  private final Path directory;
  private final Path keystore;
  private final Path pem;
  private final String password;

  private SelfSignedCertificate(Path directory, Path keystore, Path pem, String password) {
    this.directory = directory;
    this.keystore = keystore;
    this.pem = pem;
    this.password = password;
  }

  /**
   * Runs keytool twice (about a second): the key pair and certificate, then the PEM export.
   *
   * @throws IOException if keytool cannot be found or fails
   */
  static SelfSignedCertificate generate() throws IOException {
    Path directory = Files.createTempDirectory("orderflow-tls-");
    try {
      Path keystore = directory.resolve("keystore.p12");
      Path pem = directory.resolve("certificate.pem");
      byte[] random = new byte[18];
      new SecureRandom().nextBytes(random);
      String password = HexFormat.of().formatHex(random);
      String keytool = keytool();
      run(password, keytool, "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
          "-sigalg", "SHA256withECDSA", "-dname", "CN=orderflow local runtime", "-validity", "30",
          "-ext", "san=ip:127.0.0.1,dns:localhost", "-ext", "bc:c",
          "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass:env", "ORDERFLOW_STOREPASS",
          "-keypass:env", "ORDERFLOW_STOREPASS");
      run(password, keytool, "-exportcert", "-rfc", "-alias", ALIAS, "-storetype", "PKCS12",
          "-keystore", keystore.toString(), "-storepass:env", "ORDERFLOW_STOREPASS", "-file", pem.toString());
      return new SelfSignedCertificate(directory, keystore, pem, password);
    } catch (IOException | RuntimeException e) {
      delete(directory);
      throw e;
    }
  }

  Path keystore() {
    return keystore;
  }

  String password() {
    return password;
  }

  /** The certificate, PEM-encoded. */
  Path pem() {
    return pem;
  }

  /** Deletes the keystore, the PEM and their directory. */
  @Override
  public void close() {
    delete(directory);
  }

  /** This JVM's keytool: beside the running {@code java}, else in {@code java.home}. */
  private static String keytool() throws IOException {
    String executable = System.getProperty("os.name", "").startsWith("Windows") ? "keytool.exe" : "keytool";
    List<Path> candidates = new ArrayList<>();
    Optional<String> command = ProcessHandle.current().info().command();
    command.map(Path::of).map(Path::getParent).ifPresent(bin -> candidates.add(bin.resolve(executable)));
    candidates.add(Path.of(System.getProperty("java.home"), "bin", executable));
    for (Path candidate : candidates) {
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IOException("cannot make the TLS certificate: no keytool at " + candidates);
  }

  private static void run(String password, String... command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("ORDERFLOW_STOREPASS", password);
    Process process = builder.start();
    try {
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("keytool did not finish within a minute");
      }
      if (process.exitValue() != 0) {
        throw new IOException("keytool " + command[1] + " failed (" + process.exitValue() + "): "
            + new String(output, StandardCharsets.UTF_8).strip());
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while making the TLS certificate", e);
    }
  }

  private static void delete(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // a temporary directory left behind is no failure of the runtime
    }
  }
}
