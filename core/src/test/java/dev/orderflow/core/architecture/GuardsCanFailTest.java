package dev.orderflow.core.architecture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** Each architecture rule fails on a class that breaks it: proof that the guards guard. */
class GuardsCanFailTest {

  @Test
  void theNoGuiceRuleCatchesACoreClassUsingGuice() {
    JavaClasses offender = new ClassFileImporter().importClasses(dev.orderflow.core.architecture.offenders.UsesGuice.class);

    assertThatThrownBy(() -> CoreArchitectureTest.NO_AWS_OR_GUICE.check(offender))
        .isInstanceOf(AssertionError.class).hasMessageContaining("com.google.inject");
  }

  @Test
  void theDomainRuleCatchesADomainClassUsingAPort() {
    JavaClasses offender = new ClassFileImporter().importClasses(
        dev.orderflow.core.domain.offenders.DomainUsingAPort.class);

    assertThatThrownBy(() -> CoreArchitectureTest.DOMAIN_DEPENDS_ON_NOTHING_OUTSIDE.check(offender))
        .isInstanceOf(AssertionError.class).hasMessageContaining("OrderRepository");
  }

  @Test
  void thePortRuleCatchesAPortClassUsingAUseCase() {
    JavaClasses offender = new ClassFileImporter().importClasses(
        dev.orderflow.core.port.offenders.PortUsingAUseCase.class);

    assertThatThrownBy(() -> CoreArchitectureTest.PORTS_DO_NOT_KNOW_USE_CASES.check(offender))
        .isInstanceOf(AssertionError.class).hasMessageContaining("GetOrder");
  }
}
