package dev.trellis.registry.seed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.trellis.registry.Kind;
import dev.trellis.registry.RegistryService;
import dev.trellis.registry.SaveResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Publishes the built-in tools ({@code calculator}, {@code current_time}, {@code http_request},
 * {@code read_file}, {@code write_file}, {@code search_web}) and the demo set ({@code local-smollm2},
 * three prompts, the {@code researcher}, {@code writer} and {@code fact-checker} agents, the
 * {@code content-pipeline} and {@code hello-calculator} pipelines) as version 1, author
 * {@code trellis}, when the registry does not have them yet.
 *
 * <p>
 * It runs once all beans exist and before the web server and workers start, so the first request
 * already sees the seed. Each entry goes through {@link RegistryService#publishIfAbsent}: several
 * processes starting at once queue on the same name lock and publish each entry once, and a name a
 * user already published is left alone.
 *
 * <pre>{@code
 * List<SaveResult> published = seeder.seed(); // also callable from tests
 * }</pre>
 */
public class RegistrySeeder implements SmartInitializingSingleton {

	/** The author of everything Trellis publishes itself. */
	public static final String AUTHOR = "trellis";

	static final String LOCATION = "classpath*:registry/seed/*.json";

	private static final Logger log = LoggerFactory.getLogger(RegistrySeeder.class);

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	private final RegistryService registry;

	private final boolean enabled;

	public RegistrySeeder(RegistryService registry, boolean enabled) {
		this.registry = registry;
		this.enabled = enabled;
	}

	/** One seed file: what to publish under which kind and name. */
	record SeedEntry(String kind, String name, String description, JsonNode spec) {
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (enabled) {
			List<SaveResult> results = seed();
			long created = results.stream().filter(SaveResult::created).count();
			log.info("Registry seed: {} of {} entries published, the rest already present", created, results.size());
		}
	}

	/** Publishes every seed entry that is absent, in dependency order; returns one result per entry. */
	public List<SaveResult> seed() {
		List<SaveResult> results = new ArrayList<>();
		for (SeedEntry entry : entries()) {
			results.add(registry.publishIfAbsent(Kind.fromPath(entry.kind()), entry.name(), entry.spec(),
					entry.description(), AUTHOR));
		}
		return results;
	}

	/** The seed entries, models first and pipelines last, so every reference exists when needed. */
	static List<SeedEntry> entries() {
		List<SeedEntry> entries = new ArrayList<>();
		try {
			for (Resource resource : new PathMatchingResourcePatternResolver().getResources(LOCATION)) {
				try (InputStream in = resource.getInputStream()) {
					entries.add(MAPPER.readValue(in, SeedEntry.class));
				}
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot read the registry seed at " + LOCATION, e);
		}
		entries.sort(Comparator.comparing((SeedEntry e) -> Kind.fromPath(e.kind()), Kind.DEPENDENCY_ORDER)
			.thenComparing(SeedEntry::name));
		return entries;
	}

}
