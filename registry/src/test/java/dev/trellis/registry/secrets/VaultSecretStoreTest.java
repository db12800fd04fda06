package dev.trellis.registry.secrets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VaultSecretStoreTest {

	private static final String VALUE = "ghp_vaulted-token-0042";

	private FakeVaultKv vault;

	private ApplicationContextRunner runner;

	@BeforeEach
	void start() throws Exception {
		vault = new FakeVaultKv("root-token", "kv");
		runner = new ApplicationContextRunner().withUserConfiguration(SecretsConfiguration.class)
			.withPropertyValues("trellis.secrets.store=vault", "trellis.secrets.vault.uri=" + vault.uri(),
					"trellis.secrets.vault.token=root-token", "trellis.secrets.vault.mount=kv",
					"trellis.secrets.vault.path=trellis/prod");
	}

	@AfterEach
	void stop() {
		vault.close();
	}

	@Test
	void storeSelectedByConfigurationWritesResolvesListsAndDeletesThroughKvVersion2() {
		runner.run(context -> {
			SecretStore store = context.getBean(SecretStore.class);
			assertThat(store).isInstanceOf(VaultSecretStore.class);

			store.put("github-token", VALUE, "ana");
			store.put("openai-key", "sk-1", "ben");
			store.put("openai-key", "sk-2", "cleo");

			assertThat(store.resolve("github-token")).isEqualTo(VALUE);
			assertThat(store.resolveReference("secret://openai-key")).isEqualTo("sk-2");
			assertThat(store.list()).extracting(SecretMetadata::name).containsExactly("github-token", "openai-key");
			assertThat(store.list().get(1).updatedBy()).isEqualTo("cleo");
			assertThat(store.list().get(1).keyId()).isEqualTo("vault");
			assertThat(store.list().toString()).doesNotContain(VALUE).doesNotContain("sk-2");

			assertThat(store.delete("openai-key")).isTrue();
			assertThat(store.delete("openai-key")).isFalse();
			assertThatThrownBy(() -> store.resolve("openai-key")).isInstanceOfSatisfying(SecretStoreException.class,
					e -> assertThat(e.reason()).isEqualTo(SecretStoreException.Reason.NOT_FOUND));
			assertThat(store.rotateMasterKey()).isZero();
		});
		assertThat(vault.requests).contains("POST /v1/kv/data/trellis/prod/github-token",
				"GET /v1/kv/metadata/trellis/prod/?list=true", "DELETE /v1/kv/metadata/trellis/prod/openai-key");
		// Only the custom metadata is sent, so an operator's max_versions and the like stay as they are.
		assertThat(vault.bodies).contains("{\"custom_metadata\":{\"updatedBy\":\"ana\"}}");
	}

	@Test
	void anEmptyFolderListsNothing() {
		runner.run(context -> assertThat(context.getBean(SecretStore.class).list()).isEmpty());
	}

	@Test
	void aRefusedTokenIsUnavailableAndTheMessageHoldsNoValue() {
		runner.withPropertyValues("trellis.secrets.vault.token=wrong").run(context -> {
			SecretStore store = context.getBean(SecretStore.class);
			assertThatThrownBy(() -> store.put("github-token", VALUE, "ana"))
				.isInstanceOfSatisfying(SecretStoreException.class,
						e -> assertThat(e.reason()).isEqualTo(SecretStoreException.Reason.UNAVAILABLE))
				.hasMessageNotContaining(VALUE);
		});
	}

	@Test
	void vaultModeNeedsAnAddressAndAToken() {
		new ApplicationContextRunner().withUserConfiguration(SecretsConfiguration.class)
			.withPropertyValues("trellis.secrets.store=vault")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("trellis.secrets.vault.uri (or VAULT_ADDR)"));
	}

}
