package dev.trellis.registry.secrets;

import java.time.Instant;

/**
 * What may be shown about a secret: never its value.
 *
 * @param name the name specs refer to as {@code secret://<name>}
 * @param createdAt when the name was first written
 * @param updatedAt when the value last changed
 * @param updatedBy who wrote the value last
 * @param keyId the master key the value is encrypted under ({@code vault} for the Vault store)
 */
public record SecretMetadata(String name, Instant createdAt, Instant updatedAt, String updatedBy, String keyId) {
}
