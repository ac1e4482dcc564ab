package dev.orderflow.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Inside the core, dependencies point inward: domain ← port ← application. The rules refuse to pass on
 * an empty import, so a misspelt package cannot make them check nothing.
 */
class CoreArchitectureTest {
  static final JavaClasses CORE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.orderflow.core");

  static final ArchRule NO_AWS_OR_GUICE = noClasses().should().dependOnClassesThat()
      .resideInAnyPackage("software.amazon..", "com.amazonaws..", "com.google.inject..")
      .because("the core is plain Java (ARCHITECTURE.md, dependency rule)");

  static final ArchRule DOMAIN_DEPENDS_ON_NOTHING_OUTSIDE = noClasses().that().resideInAPackage("..core.domain..")
      .should().dependOnClassesThat().resideInAnyPackage("..core.port..", "..core.application..", "..core.payment..");

  static final ArchRule PORTS_DO_NOT_KNOW_USE_CASES = noClasses().that().resideInAPackage("..core.port..")
      .should().dependOnClassesThat().resideInAnyPackage("..core.application..", "..core.payment..");

  @Test
  void importsTheWholeCore() {
    Assertions.assertThat(CORE.containPackage("dev.orderflow.core.domain")).isTrue();
    Assertions.assertThat(CORE.containPackage("dev.orderflow.core.port")).isTrue();
    Assertions.assertThat(CORE.containPackage("dev.orderflow.core.application")).isTrue();
  }

  @Test
  void coreHasNoAwsOrGuice() {
    NO_AWS_OR_GUICE.check(CORE);
  }

  @Test
  void domainIsInnermost() {
    DOMAIN_DEPENDS_ON_NOTHING_OUTSIDE.check(CORE);
  }

  @Test
  void portsDoNotDependOnUseCases() {
    PORTS_DO_NOT_KNOW_USE_CASES.check(CORE);
  }
}
