package dev.trellis.activities;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The runtime talks to workflows only through their contracts, never their implementations. */
class ArchitectureTest {

	private final JavaClasses runtime = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.trellis.activities");

	@Test
	void activitiesDoNotDependOnWorkflowImplementations() {
		noClasses().that().resideInAPackage("dev.trellis.activities..")
			.should().dependOnClassesThat().resideInAnyPackage("dev.trellis.workflows.engine..", "dev.trellis.workflows.agent..")
			.check(runtime);
	}

}
