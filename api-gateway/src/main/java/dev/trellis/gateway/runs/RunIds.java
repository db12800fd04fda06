package dev.trellis.gateway.runs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Run ids: 13 lowercase base32 characters (65 bits), short enough to read in the Temporal UI's
 * workflow id {@code run-<pipeline>-<runId>}. A run started with an idempotency key gets an id
 * derived from the caller and the key, so a retry maps to the same workflow id and Temporal itself
 * refuses a second run.
 */
final class RunIds {

	private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

	private static final SecureRandom RANDOM = new SecureRandom();

	private RunIds() {
	}

	static String random() {
		byte[] bytes = new byte[9];
		RANDOM.nextBytes(bytes);
		return encode(bytes);
	}

	static String forIdempotencyKey(String caller, String key) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256")
				.digest((caller + "\n" + key).getBytes(StandardCharsets.UTF_8));
			return encode(hash);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	static boolean isValid(String runId) {
		return runId != null && runId.matches("[a-z2-7]{13}");
	}

	private static String encode(byte[] bytes) {
		StringBuilder sb = new StringBuilder(13);
		long bits = 0;
		int have = 0;
		int i = 0;
		while (sb.length() < 13) {
			if (have < 5) {
				bits = (bits << 8) | (bytes[i++] & 0xff);
				have += 8;
			}
			sb.append(ALPHABET[(int) ((bits >> (have - 5)) & 31)]);
			have -= 5;
		}
		return sb.toString();
	}

}
