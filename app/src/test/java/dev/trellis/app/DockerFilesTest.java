package dev.trellis.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.trellis.testsupport.ProjectPaths;
import dev.trellis.workflows.api.TrellisSearchAttributes;
import io.temporal.common.SearchAttributeKey;
import org.junit.jupiter.api.Test;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;
import org.redisson.config.SslVerificationMode;

/**
 * The {@code docker/} files, validated as far as a machine without a Docker engine allows: the
 * checks of {@code docker/validate.sh} (Compose schema, variables and their documentation, the
 * stack's rules, hadolint, shellcheck), plus what needs the application's own classes: the Redisson
 * examples parse with the Redisson Trellis ships, and the compose stack creates exactly the search
 * attributes the workflows write.
 */
class DockerFilesTest {

	private static final Path ROOT = ProjectPaths.repositoryRoot();

	private static final Path DOCKER = ROOT.resolve("docker");

	@Test
	void validateScriptPasses() throws Exception {
		// The first run installs the tools from PyPI into .trellis/tools (about a minute); later runs take seconds.
		File log = File.createTempFile("docker-validate", ".log");
		try {
			Process process = new ProcessBuilder("bash", "docker/validate.sh").directory(ROOT.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log)
				.start();
			boolean finished = process.waitFor(15, TimeUnit.MINUTES);
			if (!finished) {
				process.destroyForcibly();
			}
			String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
			assertThat(finished).as("docker/validate.sh did not finish within 15 minutes:%n%s", output).isTrue();
			assertThat(process.exitValue()).as("docker/validate.sh failed:%n%s", output).isZero();
		}
		finally {
			Files.deleteIfExists(log.toPath());
		}
	}

	@Test
	void redisSentinelExampleIsAValidRedissonConfig() throws IOException {
		Config config = readRedissonExample("redisson-sentinel.example.yaml");

		assertThat(config.isSentinelConfig()).isTrue();
		var sentinel = config.useSentinelServers();
		assertThat(sentinel.getMasterName()).isNotBlank();
		assertThat(sentinel.getSentinelAddresses()).hasSizeGreaterThanOrEqualTo(3)
			.allSatisfy(address -> assertThat(address).startsWith("rediss://"));
		assertThat(sentinel.getReadMode()).isEqualTo(ReadMode.MASTER);
		assertThat(config.getPassword()).isNotBlank().doesNotContain("${");
		assertThat(config.getSslVerificationMode()).isEqualTo(SslVerificationMode.STRICT);
	}

	@Test
	void redisClusterExampleIsAValidRedissonConfig() throws IOException {
		Config config = readRedissonExample("redisson-cluster.example.yaml");

		assertThat(config.isClusterConfig()).isTrue();
		var cluster = config.useClusterServers();
		assertThat(cluster.getNodeAddresses()).hasSizeGreaterThanOrEqualTo(3)
			.allSatisfy(address -> assertThat(address).startsWith("rediss://"));
		assertThat(cluster.getReadMode()).isEqualTo(ReadMode.MASTER);
		assertThat(config.getPassword()).isNotBlank().doesNotContain("${");
		assertThat(config.getSslVerificationMode()).isEqualTo(SslVerificationMode.STRICT);
	}

	@Test
	void composeStackCreatesTheSearchAttributesTheWorkflowsWrite() throws Exception {
		Map<String, String> declared = new TreeMap<>();
		for (Field field : TrellisSearchAttributes.class.getFields()) {
			if (Modifier.isStatic(field.getModifiers()) && field.get(null) instanceof SearchAttributeKey<?> key) {
				declared.put(key.getName(), cliType(key.getValueType().name()));
			}
		}
		String script = Files.readString(DOCKER.resolve("temporal/setup-search-attributes.sh"));
		Matcher loop = Pattern.compile("(?m)^for spec in (.+); do$").matcher(script);
		assertThat(loop.find()).as("the 'for spec in ...' line of setup-search-attributes.sh").isTrue();
		Map<String, String> created = new TreeMap<>();
		for (String spec : loop.group(1).trim().split("\\s+")) {
			String[] parts = spec.split(":", 2);
			created.put(parts[0], parts[1]);
		}

		assertThat(declared).isNotEmpty();
		assertThat(created).isEqualTo(declared);
	}

	/** Parses an example the way the application does, with its password placeholder resolvable. */
	private static Config readRedissonExample(String name) throws IOException {
		// Redisson resolves ${NAME} from the environment first, then from system properties.
		String previous = System.setProperty("TRELLIS_REDIS_PASSWORD", "example-password");
		try {
			return Config.fromYAML(DOCKER.resolve(name).toFile());
		}
		finally {
			if (previous == null) {
				System.clearProperty("TRELLIS_REDIS_PASSWORD");
			}
			else {
				System.setProperty("TRELLIS_REDIS_PASSWORD", previous);
			}
		}
	}

	/** INDEXED_VALUE_TYPE_KEYWORD_LIST -> KeywordList, the spelling of {@code temporal operator search-attribute create --type}. */
	private static String cliType(String indexedValueType) {
		StringBuilder out = new StringBuilder();
		for (String word : indexedValueType.replace("INDEXED_VALUE_TYPE_", "").split("_")) {
			out.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
		}
		return out.toString();
	}

}
