package dev.trellis.gateway;

import java.net.URISyntaxException;
import java.nio.file.Path;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.trellis.approvals.ApprovalActivitiesImpl;
import dev.trellis.gateway.web.ApiException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The gateway talks to runs only through the workflow interfaces (stubs, updates, queries); the
 * interpreter and the agent runtime are the worker's business. Test code may register the real
 * workflow on a test worker, so only main classes are checked.
 */
class GatewayLayeringTest {

	private static JavaClasses gateway;

	/** The module's own main classes only: fast, and test code stays free to use the real workflow. */
	@BeforeAll
	static void importMainClasses() throws URISyntaxException {
		Path mainClasses = Path.of(ApiException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		// The rules look at dependency names only; resolving every referenced library class would take a minute.
		ArchConfiguration config = ArchConfiguration.get();
		boolean resolve = config.resolveMissingDependenciesFromClassPath();
		config.setResolveMissingDependenciesFromClassPath(false);
		try {
			gateway = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
				.importPath(mainClasses);
		}
		finally {
			config.setResolveMissingDependenciesFromClassPath(resolve);
		}
	}

	@Test
	void gatewayReachesWorkflowsOnlyThroughTheirApi() {
		noClasses().that()
			.resideInAPackage("dev.trellis.gateway..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.trellis.workflows.engine..", "dev.trellis.workflows.agent..")
			.because("the gateway reaches workflows through dev.trellis.workflows.api only")
			.check(gateway);
	}

	@Test
	void gatewayNeverWritesTheInbox() {
		noClasses().that()
			.resideInAPackage("dev.trellis.gateway..")
			.should()
			.dependOnClassesThat()
			.belongToAnyOf(ApprovalActivitiesImpl.class)
			.because("the run is the inbox's single writer; the gateway reads it through ApprovalInbox")
			.check(gateway);
	}

}
