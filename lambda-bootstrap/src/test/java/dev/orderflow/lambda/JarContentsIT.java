package dev.orderflow.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.aws.AwsModule;
import dev.orderflow.core.domain.Order;
import dev.orderflow.lambda.internal.priming.PrimingClasses;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Production code only in the function jar: every class of ours in {@code orderflow-lambda.jar} is either in one of
 * this module's production packages — the handlers, {@code wiring}, {@code telemetry}, {@code internal} — or one of
 * the classes of the other orderflow artifacts the jar is built from ({@code orderflow-core},
 * {@code orderflow-adapters-aws}; their main artifacts, not their test jars). No cold-start probe, no fixture, no test
 * helper: those live in the test sources. And every class the SnapStart priming loads by name is one of the JDK or of
 * the jar.
 */
class JarContentsIT {
  private static final Path JAR = Path.of(System.getProperty("orderflow.lambda.jar", "target/orderflow-lambda.jar"));
  private static final String OURS = "dev/orderflow/";
  /** This module's production packages (and their subpackages); {@code mail} is the outcome email's handler. */
  private static final Pattern LAMBDA_PRODUCTION = Pattern.compile(
      "dev/orderflow/lambda/(appsync|sqs|steps|changes|mail|wiring|telemetry|internal)/.*");
  /** Names no production class has, whatever its package: probes, fixtures, test helpers. */
  private static final Pattern NOT_PRODUCTION = Pattern.compile(
      ".*/(bench|testing|fixtures|contract|simulation)/.*|.*/Sample[^/]*|.*/[^/]*Probe[^/]*"
          + "|.*/[^/$]*(Test|IT)(\\$[^/]*)?\\.class");

  private static final Pattern JDK = Pattern.compile("(java|javax|jdk|sun|com\\.sun)\\..*");

  private static List<String> classes;

  @BeforeAll
  static void readJar() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      classes = Collections.list(jar.entries()).stream().map(ZipEntry::getName)
          .filter(name -> name.endsWith(".class")).toList();
    }
  }

  /**
   * The classes of ours among {@code entries} that are not production code: outside this module's production
   * packages and not among {@code otherModules} (the class files of the other orderflow artifacts), or named like a
   * probe, fixture or test wherever they are.
   */
  static Set<String> strays(Collection<String> entries, Set<String> otherModules) {
    return entries.stream()
        .filter(name -> name.startsWith(OURS) && name.endsWith(".class"))
        .filter(name -> NOT_PRODUCTION.matcher(name).matches()
            || !(LAMBDA_PRODUCTION.matcher(name).matches() || otherModules.contains(name)))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void everyClassOfOursIsProductionCode() throws IOException {
    Set<String> otherModules = otherModulesClasses();

    assertThat(strays(classes, otherModules)).isEmpty();
    // and the check looked at something: the handlers and the modules they are built from are there
    assertThat(classes).contains("dev/orderflow/lambda/appsync/GraphQLResolverHandler.class",
        "dev/orderflow/lambda/internal/priming/PrimingEvents.class", "dev/orderflow/core/domain/Order.class",
        "dev/orderflow/aws/AwsModule.class");
    assertThat(otherModules).contains("dev/orderflow/core/domain/Order.class", "dev/orderflow/aws/AwsModule.class")
        .doesNotContain("dev/orderflow/aws/LocalAws.class");
  }

  @Test
  void theCheckFindsProbesFixturesAndTestClassesWhereverTheyAre() throws IOException {
    List<String> planted = List.of(
        "dev/orderflow/lambda/appsync/GraphQLResolverHandler.class",
        "dev/orderflow/lambda/internal/priming/PrimingEvents.class",
        "dev/orderflow/lambda/wiring/LambdaWiring$1.class",
        "dev/orderflow/aws/AwsModule.class",
        "com/google/inject/Guice.class",
        "dev/orderflow/lambda/bench/ColdStartProbe.class",
        "dev/orderflow/lambda/bench/ProbeFunction$1.class",
        "dev/orderflow/lambda/appsync/SampleEvents.class",
        "dev/orderflow/lambda/support/Json.class",
        "dev/orderflow/lambda/steps/StepHandlersTest.class",
        "dev/orderflow/lambda/internal/ProbeFunction.class",
        "dev/orderflow/aws/LocalAws.class",
        "dev/orderflow/core/fixtures/Orders.class");

    assertThat(strays(planted, otherModulesClasses())).containsExactly(
        "dev/orderflow/aws/LocalAws.class",
        "dev/orderflow/core/fixtures/Orders.class",
        "dev/orderflow/lambda/appsync/SampleEvents.class",
        "dev/orderflow/lambda/bench/ColdStartProbe.class",
        "dev/orderflow/lambda/bench/ProbeFunction$1.class",
        "dev/orderflow/lambda/internal/ProbeFunction.class",
        "dev/orderflow/lambda/steps/StepHandlersTest.class",
        "dev/orderflow/lambda/support/Json.class");
  }

  /**
   * The names in the priming class list ({@code PrimingClasses}) that are not JDK classes and not classes of
   * {@code jarClasses}: a class renamed or removed by an SDK upgrade, or one that is not production code.
   */
  static List<String> notInJar(List<String> listed, Collection<String> jarClasses) {
    return listed.stream()
        .filter(name -> !JDK.matcher(name).matches())
        .filter(name -> !jarClasses.contains(name.replace('.', '/') + ".class"))
        .toList();
  }

  @Test
  void everyClassThePrimingLoadsIsAJdkClassOrAClassOfTheJar() throws IOException {
    List<String> listed;
    try (JarFile jar = new JarFile(JAR.toFile())) {
      ZipEntry list = jar.getEntry(PrimingClasses.LIST.substring(1));
      assertThat(list).as(PrimingClasses.LIST).isNotNull();
      listed = new String(jar.getInputStream(list).readAllBytes(), StandardCharsets.UTF_8).lines()
          .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    assertThat(listed).hasSizeGreaterThan(100).contains("software.amazon.awssdk.services.dynamodb.model.GetItemRequest");
    assertThat(notInJar(listed, classes)).isEmpty();
    assertThat(notInJar(List.of("java.net.Socket", "sun.nio.ch.NioSocketImpl",
        "software.amazon.awssdk.services.dynamodb.model.GetItemRequest",
        "software.amazon.awssdk.services.dynamodb.model.GetItemsRequest", "dev.orderflow.lambda.bench.ColdStartProbe"),
        classes)).containsExactly("software.amazon.awssdk.services.dynamodb.model.GetItemsRequest",
        "dev.orderflow.lambda.bench.ColdStartProbe");
  }

  /** The class files of the main artifacts of orderflow-core and orderflow-adapters-aws on this class path. */
  private static Set<String> otherModulesClasses() throws IOException {
    Set<String> names = new TreeSet<>();
    for (Class<?> member : List.of(Order.class, AwsModule.class)) {
      Path location;
      try {
        location = Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
      if (Files.isDirectory(location)) { // a reactor build: the module's target/classes
        try (Stream<Path> files = Files.walk(location)) {
          files.filter(file -> file.toString().endsWith(".class"))
              .forEach(file -> names.add(location.relativize(file).toString().replace('\\', '/')));
        }
      } else {
        try (JarFile jar = new JarFile(location.toFile())) {
          Collections.list(jar.entries()).stream().map(ZipEntry::getName)
              .filter(name -> name.endsWith(".class")).forEach(names::add);
        }
      }
    }
    return names;
  }
}
