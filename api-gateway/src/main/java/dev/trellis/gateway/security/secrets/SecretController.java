package dev.trellis.gateway.security.secrets;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.trellis.gateway.security.AuditLog;
import dev.trellis.gateway.security.Caller;
import dev.trellis.gateway.web.ApiException;
import dev.trellis.registry.secrets.SecretMetadata;
import dev.trellis.registry.secrets.SecretStore;
import dev.trellis.registry.secrets.SecretStoreException;
import dev.trellis.temporal.ConditionalOnRole;
import dev.trellis.temporal.TrellisRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Secrets over REST: values go in and never come out. Listing shows names and metadata; specs refer
 * to a secret as {@code secret://<name>} and only the activity that needs it resolves it.
 */
@RestController
@RequestMapping("/api/secrets")
@ConditionalOnRole(TrellisRole.GATEWAY)
class SecretController {

	private static final Logger log = LoggerFactory.getLogger(SecretController.class);

	private final SecretStore secrets;

	private final AuditLog audit;

	SecretController(SecretStore secrets, AuditLog audit) {
		this.secrets = secrets;
		this.audit = audit;
	}

	/** The body of a write. Its {@code toString} hides the value, since frameworks log arguments. */
	record SecretValue(String value) {

		@Override
		public String toString() {
			return "SecretValue[value=<redacted>]";
		}

	}

	@PutMapping(path = "/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Void> put(@PathVariable String name, @RequestBody SecretValue body, Authentication auth) {
		String by = Caller.of(auth).username();
		call(() -> {
			secrets.put(name, body.value(), by);
			return null;
		});
		audit.record(by, "secret.written", name, Map.of());
		return ResponseEntity.noContent().build();
	}

	@GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	List<SecretMetadata> list() {
		return call(secrets::list);
	}

	@DeleteMapping("/{name}")
	ResponseEntity<Void> delete(@PathVariable String name, Authentication auth) {
		if (!call(() -> secrets.delete(name))) {
			throw ApiException.notFound("No secret named '" + name + "'");
		}
		audit.record(Caller.of(auth).username(), "secret.deleted", name, Map.of());
		return ResponseEntity.noContent().build();
	}

	/** After configuring a new master key (old one kept for decryption): re-encrypt every value. */
	@PostMapping(path = "/rotate-master-key", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Integer> rotateMasterKey(Authentication auth) {
		int count = call(secrets::rotateMasterKey);
		audit.record(Caller.of(auth).username(), "secret.master-key-rotated", null, Map.of("reencrypted", count));
		return Map.of("reencrypted", count);
	}

	/** Store failures become problem details; their messages name secrets, never values. */
	private static <T> T call(Supplier<T> operation) {
		try {
			return operation.get();
		}
		catch (SecretStoreException e) {
			switch (e.reason()) {
				case NOT_FOUND -> throw ApiException.notFound(e.getMessage());
				case INVALID -> throw ApiException.badRequest(e.getMessage());
				default -> {
					log.warn("Secret store unavailable: {}", e.getMessage(), e.getCause());
					throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Secret store unavailable", e.getMessage(),
							List.of());
				}
			}
		}
	}

}
