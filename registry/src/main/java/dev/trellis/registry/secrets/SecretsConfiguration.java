package dev.trellis.registry.secrets;

import java.net.URI;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.vault.authentication.SimpleSessionManager;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.RestTemplateBuilder;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.client.VaultHttpHeaders;
import org.springframework.vault.core.VaultTemplate;

/**
 * The one {@link SecretStore} of a process, chosen by {@code trellis.secrets.store}. Gateways write
 * secrets and workers resolve them, so every role has the store.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecretsProperties.class)
public class SecretsConfiguration {

	private static final Logger log = LoggerFactory.getLogger(SecretsConfiguration.class);

	@Bean
	@ConditionalOnProperty(name = "trellis.secrets.store", havingValue = "builtin", matchIfMissing = true)
	SecretStore builtinSecretStore(DataSource dataSource, SecretsProperties props, Environment env) {
		String key = firstSet(props.masterKey(), env.getProperty("TRELLIS_MASTER_KEY"));
		MasterKeys keys;
		if (key == null) {
			// Start anyway so that the rest of Trellis works; secret operations answer 503 with this hint.
			log.warn("The secret store has no master key: set TRELLIS_MASTER_KEY (base64 of 32 random bytes) "
					+ "to store and read secrets");
			keys = MasterKeys.none();
		}
		else {
			keys = MasterKeys.fromBase64(props.masterKeyId(), key, props.keys());
			log.info("Secret store: built-in (PostgreSQL), master key id '{}', {} more key(s) for decryption",
					keys.currentId(), props.keys().size());
		}
		return new JdbcSecretStore(JdbcClient.create(dataSource), keys);
	}

	@Bean
	@ConditionalOnProperty(name = "trellis.secrets.store", havingValue = "vault")
	VaultTemplate trellisVaultTemplate(SecretsProperties props, Environment env) {
		SecretsProperties.Vault vault = props.vault();
		String uri = firstSet(vault.uri() == null ? null : vault.uri().toString(), env.getProperty("VAULT_ADDR"));
		String token = firstSet(vault.token(), env.getProperty("VAULT_TOKEN"));
		if (uri == null || token == null) {
			throw new IllegalStateException("trellis.secrets.store=vault needs trellis.secrets.vault.uri (or VAULT_ADDR) "
					+ "and trellis.secrets.vault.token (or VAULT_TOKEN)");
		}
		RestTemplateBuilder builder = RestTemplateBuilder.builder().endpoint(VaultEndpoint.from(URI.create(uri)));
		if (vault.namespace() != null && !vault.namespace().isBlank()) {
			builder.defaultHeader(VaultHttpHeaders.VAULT_NAMESPACE, vault.namespace());
		}
		log.info("Secret store: Vault at {}, KV v2 mount '{}', path '{}'", uri, vault.mount(), vault.path());
		return new VaultTemplate(builder,
				new SimpleSessionManager(new TokenAuthentication(token)));
	}

	@Bean
	@ConditionalOnProperty(name = "trellis.secrets.store", havingValue = "vault")
	SecretStore vaultSecretStore(VaultTemplate trellisVaultTemplate, SecretsProperties props) {
		return new VaultSecretStore(trellisVaultTemplate, props.vault().mount(), props.vault().path());
	}

	private static String firstSet(String preferred, String fallback) {
		if (preferred != null && !preferred.isBlank()) {
			return preferred.trim();
		}
		return fallback == null || fallback.isBlank() ? null : fallback.trim();
	}

}
