package dev.trellis.temporal.codec;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Payload encryption ({@code trellis.temporal.encryption.*}, e.g.
 * {@code TRELLIS_TEMPORAL_ENCRYPTION_KEY}). Encryption is on when {@code key} is set.
 *
 * @param key base64 of 32 random bytes ({@code openssl rand -base64 32}); new payloads use it
 * @param keyId the id written into each payload; empty derives one from the key (logged at start)
 * @param keys older keys by id (base64), accepted for decryption only: keep a retired key here until
 * every history encrypted with it has closed
 */
@ConfigurationProperties("trellis.temporal.encryption")
public record EncryptionProperties(String key, String keyId, Map<String, String> keys) {

	public EncryptionProperties {
		keys = keys == null ? Map.of() : Map.copyOf(keys);
	}

	/** Builds the codec; fails fast on malformed keys so a bad setting never reaches Temporal. */
	public EncryptionCodec codec() {
		return EncryptionCodec.fromBase64(keyId, key, keys);
	}

}
