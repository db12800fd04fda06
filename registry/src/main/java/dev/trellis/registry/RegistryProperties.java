package dev.trellis.registry;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Registry settings ({@code trellis.registry.*}).
 *
 * @param seed whether to publish the built-in tools and the demo set at start when they are absent
 * ({@code TRELLIS_REGISTRY_SEED=false} turns it off)
 */
@ConfigurationProperties("trellis.registry")
public record RegistryProperties(@DefaultValue("true") boolean seed) {
}
