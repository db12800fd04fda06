package dev.trellis.registry.secrets;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The master keys of the built-in store and the AES-256-GCM sealing done with them: the current key
 * encrypts, every configured key decrypts. A sealed value is {@code nonce(12) || ciphertext || tag};
 * the secret's name is the associated data, so a ciphertext copied onto another row fails to open.
 */
final class MasterKeys {

	private static final String TRANSFORMATION = "AES/GCM/NoPadding";

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final SecureRandom random = new SecureRandom();

	private final String currentId;

	private final Map<String, SecretKey> keys;

	private MasterKeys(String currentId, Map<String, SecretKey> keys) {
		this.currentId = currentId;
		this.keys = Map.copyOf(keys);
	}

	/** No key configured: every operation fails with a message telling how to configure one. */
	static MasterKeys none() {
		return new MasterKeys(null, Map.of());
	}

	static MasterKeys of(String currentId, byte[] current, Map<String, byte[]> older) {
		String id = currentId == null || currentId.isBlank() ? deriveId(current) : currentId;
		Map<String, SecretKey> all = new LinkedHashMap<>();
		older.forEach((k, v) -> all.put(k, aesKey(k, v)));
		all.put(id, aesKey(id, current));
		return new MasterKeys(id, all);
	}

	/** Keys as configuration holds them: base64 (standard or URL-safe) of 32 bytes. */
	static MasterKeys fromBase64(String currentId, String current, Map<String, String> older) {
		Map<String, byte[]> olderBytes = new LinkedHashMap<>();
		older.forEach((k, v) -> olderBytes.put(k, decode(k, v)));
		return of(currentId, decode("master", current), olderBytes);
	}

	/** A non-secret id for a key (a prefix of its SHA-256), used when the operator names none. */
	static String deriveId(byte[] key) {
		try {
			return "k-" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 6);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is unavailable", e);
		}
	}

	boolean configured() {
		return currentId != null;
	}

	String currentId() {
		requireConfigured();
		return currentId;
	}

	byte[] seal(byte[] plain, byte[] associatedData) {
		requireConfigured();
		byte[] nonce = new byte[NONCE_BYTES];
		random.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance(TRANSFORMATION);
			cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(associatedData);
			byte[] sealed = new byte[NONCE_BYTES + cipher.getOutputSize(plain.length)];
			System.arraycopy(nonce, 0, sealed, 0, NONCE_BYTES);
			cipher.doFinal(plain, 0, plain.length, sealed, NONCE_BYTES);
			return sealed;
		}
		catch (GeneralSecurityException e) {
			throw new SecretStoreException(SecretStoreException.Reason.UNAVAILABLE, "Cannot encrypt the secret", e);
		}
	}

	byte[] open(String keyId, byte[] sealed, byte[] associatedData) {
		SecretKey key = keys.get(keyId);
		if (key == null) {
			throw new SecretStoreException(SecretStoreException.Reason.UNAVAILABLE, "The master key '" + keyId
					+ "' a secret is encrypted under is not configured (trellis.secrets.keys." + keyId + ")");
		}
		try {
			Cipher cipher = Cipher.getInstance(TRANSFORMATION);
			cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
			cipher.updateAAD(associatedData);
			return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
		}
		catch (AEADBadTagException e) {
			throw new SecretStoreException(SecretStoreException.Reason.UNAVAILABLE,
					"A stored secret does not decrypt under master key '" + keyId + "': wrong key or altered row");
		}
		catch (GeneralSecurityException e) {
			throw new SecretStoreException(SecretStoreException.Reason.UNAVAILABLE, "Cannot decrypt the secret", e);
		}
	}

	private void requireConfigured() {
		if (!configured()) {
			throw new SecretStoreException(SecretStoreException.Reason.UNAVAILABLE,
					"The secret store has no master key: set TRELLIS_MASTER_KEY to base64 of 32 random bytes");
		}
	}

	private static SecretKey aesKey(String id, byte[] raw) {
		if (raw.length != 32) {
			throw new IllegalArgumentException(
					"Master key '" + id + "' must be 32 bytes (AES-256), got " + raw.length);
		}
		return new SecretKeySpec(raw, "AES");
	}

	private static byte[] decode(String id, String base64) {
		if (base64 == null || base64.isBlank()) {
			throw new IllegalArgumentException("Master key '" + id + "' is empty");
		}
		String trimmed = base64.trim();
		try {
			return trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(trimmed)
					: Base64.getDecoder().decode(trimmed);
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("Master key '" + id + "' is not valid base64");
		}
	}

}
