package dev.trellis.temporal.codec;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;

/**
 * Encrypts every Temporal payload (workflow inputs and results, activity arguments, signals,
 * queries, failure details) with AES-256-GCM, so prompts, model outputs and tool arguments are
 * ciphertext in Temporal's history and visibility stores.
 *
 * <p>The encoded payload follows the layout of Temporal's encryption samples: metadata
 * {@code encoding=binary/encrypted} and {@code encryption-key-id=<id>}, data
 * {@code nonce(12) || ciphertext || tag(16)} over the serialized original payload. New payloads are
 * encrypted with the current key; any known key decrypts, which is how keys rotate: configure a new
 * current key and keep the old one among the decryption keys until no open history needs it.
 * Payloads that were never encrypted pass through {@link #decode} unchanged.
 *
 * <pre>{@code
 * EncryptionCodec codec = EncryptionCodec.of("2026-11", newKey, Map.of("2026-05", oldKey));
 * DataConverter converter = new CodecDataConverter(DefaultDataConverter.newDefaultInstance(), List.of(codec));
 * }</pre>
 */
public final class EncryptionCodec implements PayloadCodec {

	/** The {@code encoding} metadata value of an encrypted payload. */
	public static final String ENCODING = "binary/encrypted";

	/** Metadata key naming the key a payload was encrypted with. */
	public static final String KEY_ID = "encryption-key-id";

	static final String ENCODING_KEY = "encoding";

	private static final String TRANSFORMATION = "AES/GCM/NoPadding";

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final SecureRandom random = new SecureRandom();

	private static final ByteString ENCODING_BYTES = ByteString.copyFromUtf8(ENCODING);

	private final String currentKeyId;

	private final ByteString currentKeyIdBytes;

	private final Map<String, SecretKey> keys;

	private EncryptionCodec(String currentKeyId, Map<String, SecretKey> keys) {
		this.currentKeyId = currentKeyId;
		this.currentKeyIdBytes = ByteString.copyFromUtf8(currentKeyId);
		this.keys = Map.copyOf(keys);
	}

	/**
	 * A codec that encrypts with {@code currentKey} under {@code currentKeyId} and also decrypts
	 * payloads written under any of {@code olderKeys}.
	 * @param currentKeyId the id stored in each new payload; {@code null} derives one from the key
	 * @param currentKey 32 raw key bytes
	 * @param olderKeys further 32-byte keys by id, accepted for decryption only
	 */
	public static EncryptionCodec of(String currentKeyId, byte[] currentKey, Map<String, byte[]> olderKeys) {
		String id = currentKeyId == null || currentKeyId.isBlank() ? deriveKeyId(currentKey) : currentKeyId;
		Map<String, SecretKey> all = new LinkedHashMap<>();
		olderKeys.forEach((k, v) -> all.put(k, aesKey(k, v)));
		all.put(id, aesKey(id, currentKey));
		return new EncryptionCodec(id, all);
	}

	/** Like {@link #of} with base64 (standard or URL-safe) encoded keys, as configuration holds them. */
	public static EncryptionCodec fromBase64(String currentKeyId, String currentKey, Map<String, String> olderKeys) {
		Map<String, byte[]> older = new LinkedHashMap<>();
		olderKeys.forEach((k, v) -> older.put(k, decodeKey(k, v)));
		return of(currentKeyId, decodeKey("current", currentKey), older);
	}

	/**
	 * A stable, non-secret id for a key: a prefix of its SHA-256 digest. Used when the operator names
	 * no id, so rotation only needs the old key listed under the id the logs show.
	 */
	public static String deriveKeyId(byte[] key) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
			return "k-" + HexFormat.of().formatHex(digest, 0, 6);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is unavailable", e);
		}
	}

	/** The id new payloads are encrypted under. */
	public String currentKeyId() {
		return currentKeyId;
	}

	@Override
	public List<Payload> encode(List<Payload> payloads) {
		List<Payload> out = new ArrayList<>(payloads.size());
		for (Payload payload : payloads) {
			out.add(Payload.newBuilder()
				.putMetadata(ENCODING_KEY, ENCODING_BYTES)
				.putMetadata(KEY_ID, currentKeyIdBytes)
				.setData(ByteString.copyFrom(encrypt(keys.get(currentKeyId), payload.toByteArray())))
				.build());
		}
		return out;
	}

	@Override
	public List<Payload> decode(List<Payload> payloads) {
		List<Payload> out = new ArrayList<>(payloads.size());
		for (Payload payload : payloads) {
			out.add(isEncrypted(payload) ? decrypt(payload) : payload);
		}
		return out;
	}

	/** Whether a payload carries this codec's encoding. */
	public static boolean isEncrypted(Payload payload) {
		return ENCODING_BYTES.equals(payload.getMetadataOrDefault(ENCODING_KEY, ByteString.EMPTY));
	}

	private Payload decrypt(Payload payload) {
		String keyId = payload.getMetadataOrDefault(KEY_ID, ByteString.EMPTY).toString(StandardCharsets.UTF_8);
		SecretKey key = keys.get(keyId);
		if (key == null) {
			throw new PayloadCodecException("No decryption key with id '" + keyId + "' is configured");
		}
		byte[] sealed = payload.getData().toByteArray();
		if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
			throw new PayloadCodecException("Encrypted payload is truncated");
		}
		try {
			Cipher cipher = Cipher.getInstance(TRANSFORMATION);
			cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
			byte[] plain = cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
			return Payload.parseFrom(plain);
		}
		catch (GeneralSecurityException e) {
			// Deliberately without the cause's message: a failed tag check says nothing useful and
			// the payload must not end up in logs.
			throw new PayloadCodecException("Cannot decrypt payload with key id '" + keyId
					+ "': wrong key or tampered data");
		}
		catch (InvalidProtocolBufferException e) {
			throw new PayloadCodecException("Decrypted payload is not a Temporal payload");
		}
	}

	private static byte[] encrypt(SecretKey key, byte[] plain) {
		byte[] nonce = new byte[NONCE_BYTES];
		random.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance(TRANSFORMATION);
			cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
			byte[] sealed = new byte[NONCE_BYTES + cipher.getOutputSize(plain.length)];
			System.arraycopy(nonce, 0, sealed, 0, NONCE_BYTES);
			cipher.doFinal(plain, 0, plain.length, sealed, NONCE_BYTES);
			return sealed;
		}
		catch (GeneralSecurityException e) {
			throw new PayloadCodecException("Cannot encrypt payload", e);
		}
	}

	private static SecretKey aesKey(String id, byte[] raw) {
		if (raw == null || raw.length != 32) {
			throw new IllegalArgumentException("Payload encryption key '" + id + "' must be 32 bytes (AES-256), got "
					+ (raw == null ? 0 : raw.length));
		}
		return new SecretKeySpec(raw, "AES");
	}

	private static byte[] decodeKey(String id, String base64) {
		if (base64 == null || base64.isBlank()) {
			throw new IllegalArgumentException("Payload encryption key '" + id + "' is empty");
		}
		String trimmed = base64.trim();
		try {
			return trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(trimmed)
					: Base64.getDecoder().decode(trimmed);
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("Payload encryption key '" + id + "' is not valid base64");
		}
	}

}
