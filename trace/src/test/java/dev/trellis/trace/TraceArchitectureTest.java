package dev.trellis.trace;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The trace sits below the gateway and beside the workflows: it knows their contracts only. */
class TraceArchitectureTest {

	private final JavaClasses trace = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.trellis.trace");

	@Test
	void traceDependsOnWorkflowContractsNotOnTheEngineTheGatewayOrTheWeb() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.trellis.gateway..", "dev.trellis.workflows.engine..", "dev.trellis.activities..",
					"org.springframework.web..", "jakarta.servlet..")
			.check(trace);
	}

}
