package dev.trellis.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every shared PipelineDefinition fixture through the compiler. The fixtures live beside the
 * repository ({@code <repoParent>/shared/fixtures/pipelines}) because the canvas and the registry
 * use the same files; a missing directory fails the build rather than silently skipping.
 */
class PipelineFixturesTest {

	private final PipelineCompiler compiler = new PipelineCompiler();

	@TestFactory
	Stream<DynamicTest> everyFixtureIsJudgedAsItExpects() throws IOException {
		List<Path> files = fixtureFiles();
		assertThat(files).as("fixture files").isNotEmpty();
		return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> judge(file)));
	}

	@Test
	void fixturesCoverBothValidAndInvalidDefinitions() throws IOException {
		List<String> expectations = fixtureFiles().stream().map(file -> Json.read(file).path("expect").asText()).toList();
		assertThat(expectations).contains("valid", "invalid").containsOnly("valid", "invalid");
	}

	private void judge(Path file) {
		JsonNode fixture = Json.read(file);
		JsonNode definition = fixture.get("definition");
		if ("valid".equals(fixture.path("expect").asText())) {
			assertThat(this.compiler.validate(definition, Json.fixtureCatalog())).isEmpty();
			ExecutionPlan plan = this.compiler.compile(definition, Json.fixtureCatalog());
			assertThat(plan.nodes()).hasSize(definition.get("nodes").size());
			return;
		}
		String expected = fixture.get("errorPathContains").asText();
		List<ValidationError> errors = this.compiler.validate(definition, Json.fixtureCatalog());
		// The fixtures' contract: the path locates the problem, except for a cycle, which the message names.
		assertThat(errors).as("errors of %s", file.getFileName())
			.anyMatch(error -> error.path().contains(expected)
					|| ("cycle".equals(expected) && error.message().contains(expected)));
		assertThatThrownBy(() -> this.compiler.compile(definition))
			.isInstanceOfSatisfying(PipelineValidationException.class, ex -> assertThat(ex.errors()).isNotEmpty());
	}

	static List<Path> fixtureFiles() throws IOException {
		try (Stream<Path> files = Files.list(fixtureDirectory())) {
			return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
		}
	}

	/** Walks up from the working directory to the first ancestor holding shared/fixtures/pipelines. */
	static Path fixtureDirectory() {
		Path start = Path.of("").toAbsolutePath();
		for (Path dir = start; dir != null; dir = dir.getParent()) {
			Path candidate = dir.resolve("shared").resolve("fixtures").resolve("pipelines");
			if (Files.isDirectory(candidate)) {
				return candidate;
			}
		}
		throw new IllegalStateException("shared/fixtures/pipelines not found in " + start + " or any parent directory; "
				+ "the pipeline fixtures must sit beside the repository (<repoParent>/shared/fixtures/pipelines)");
	}

}
