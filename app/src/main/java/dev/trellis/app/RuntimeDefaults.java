package dev.trellis.app;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults that depend on the JVM the jar runs on: Trellis is compiled for Java 17, and switches
 * request handling to virtual threads when the runtime is 21 or newer (the Temporal worker does the
 * same for its executors, see {@code TemporalProperties.Worker}). Explicit settings always win.
 */
public class RuntimeDefaults implements EnvironmentPostProcessor {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
		Map<String, Object> defaults = new HashMap<>();
		if (Runtime.version().feature() >= 21 && !env.containsProperty("spring.threads.virtual.enabled")) {
			defaults.put("spring.threads.virtual.enabled", "true");
		}
		env.getPropertySources().addLast(new MapPropertySource("trellisRuntimeDefaults", defaults));
	}

}
