package dev.trellis.app;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Redis is ({@code trellis.redis.*}).
 *
 * @param url {@code redis://host:port} or {@code rediss://} for TLS; used when no config file is given
 * @param password optional password
 * @param configFile a Redisson YAML file for Sentinel, Cluster or TLS settings; wins over {@code url}
 */
@ConfigurationProperties("trellis.redis")
public record RedisProperties(@DefaultValue("redis://127.0.0.1:56379") String url, String password, String configFile) {

	/** Environment variables arrive as empty strings when unset; treat those as absent. */
	boolean hasConfigFile() {
		return configFile != null && !configFile.isBlank();
	}

}
