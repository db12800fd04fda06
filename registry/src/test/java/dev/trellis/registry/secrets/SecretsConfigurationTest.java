package dev.trellis.registry.secrets;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class SecretsConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(SecretsConfiguration.class)
		.withBean(DataSource.class, SimpleDriverDataSource::new);

	@Test
	void theBuiltInStoreIsTheDefaultAndReadsTheMasterKeyFromTheEnvironmentName(CapturedOutput output) {
		runner.withPropertyValues("TRELLIS_MASTER_KEY=" + MasterKeysTest.newBase64Key(), "trellis.secrets.master-key-id=m7")
			.run(context -> assertThat(context.getBean(SecretStore.class)).isInstanceOf(JdbcSecretStore.class));
		assertThat(output).contains("master key id 'm7'");
	}

	@Test
	void aMissingMasterKeyDoesNotStopTheStart(CapturedOutput output) {
		runner.run(context -> assertThat(context).hasSingleBean(SecretStore.class));
		assertThat(output).contains("set TRELLIS_MASTER_KEY");
	}

	@Test
	void aMalformedMasterKeyStopsTheStart() {
		runner.withPropertyValues("trellis.secrets.master-key=short").run(context -> assertThat(context).hasFailed());
	}

	@Test
	void anUnknownStoreStopsTheStart() {
		runner.withPropertyValues("trellis.secrets.store=filesystem")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("'builtin' or 'vault'"));
	}

}
