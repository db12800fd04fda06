package dev.trellis.registry.secrets;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MasterKeysTest {

	static byte[] newKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return key;
	}

	static String newBase64Key() {
		return Base64.getEncoder().encodeToString(newKey());
	}

	private static byte[] utf8(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void sealedValuesOpenUnderTheSameNameOnly() {
		MasterKeys keys = MasterKeys.of("m1", newKey(), Map.of());

		byte[] sealed = keys.seal(utf8("sk-live-123"), utf8("openai-key"));

		assertThat(new String(keys.open("m1", sealed, utf8("openai-key")), StandardCharsets.UTF_8))
			.isEqualTo("sk-live-123");
		assertThatThrownBy(() -> keys.open("m1", sealed, utf8("other-key"))).isInstanceOf(SecretStoreException.class)
			.hasMessageContaining("altered row")
			.hasMessageNotContaining("sk-live");
	}

	@Test
	void anOlderKeyStillOpensWhatItSealed() {
		byte[] old = newKey();
		byte[] sealed = MasterKeys.of("old", old, Map.of()).seal(utf8("v"), utf8("n"));

		MasterKeys rotated = MasterKeys.of("new", newKey(), Map.of("old", old));

		assertThat(rotated.currentId()).isEqualTo("new");
		assertThat(rotated.open("old", sealed, utf8("n"))).isEqualTo(utf8("v"));
	}

	@Test
	void anUnknownKeyIdNamesTheSettingToAdd() {
		MasterKeys keys = MasterKeys.of("m1", newKey(), Map.of());

		assertThatThrownBy(() -> keys.open("m0", new byte[40], utf8("n"))).isInstanceOf(SecretStoreException.class)
			.hasMessageContaining("trellis.secrets.keys.m0");
	}

	@Test
	void withoutAKeyEveryWriteExplainsHowToConfigureOne() {
		MasterKeys none = MasterKeys.none();

		assertThat(none.configured()).isFalse();
		assertThatThrownBy(() -> none.seal(utf8("v"), utf8("n")))
			.isInstanceOfSatisfying(SecretStoreException.class,
					e -> assertThat(e.reason()).isEqualTo(SecretStoreException.Reason.UNAVAILABLE))
			.hasMessageContaining("TRELLIS_MASTER_KEY");
	}

	@Test
	void keysAreThirtyTwoBytesOfBase64AndGetADerivedIdByDefault() {
		String key = newBase64Key();

		assertThat(MasterKeys.fromBase64(null, key, Map.of()).currentId())
			.isEqualTo(MasterKeys.deriveId(Base64.getDecoder().decode(key)));
		assertThatThrownBy(() -> MasterKeys.fromBase64(null, Base64.getEncoder().encodeToString(new byte[24]), Map.of()))
			.hasMessageContaining("32 bytes");
		assertThatThrownBy(() -> MasterKeys.fromBase64(null, "%%%", Map.of())).hasMessageContaining("base64");
	}

}
