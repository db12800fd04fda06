package dev.trellis.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * API tokens: {@code trl_} and 32 random bytes in URL-safe base64. Only their SHA-256 is stored;
 * a token is shown once, when issued. A plain hash suffices (no salt or slow hash) because a token
 * carries 256 bits of randomness, unlike a password.
 */
final class ApiTokens {

	static final String PREFIX = "trl_";

	private static final SecureRandom random = new SecureRandom();

	private ApiTokens() {
	}

	static String generate() {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static byte[] hash(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is unavailable", e);
		}
	}

	/** A compact JWS has three base64url parts; an API token never contains a dot. */
	static boolean looksLikeJwt(String token) {
		return token.chars().filter(c -> c == '.').count() == 2;
	}

}
