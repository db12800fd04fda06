package dev.trellis.registry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.trellis.registry.Specs.agent;
import static dev.trellis.registry.Specs.json;
import static dev.trellis.registry.Specs.model;
import static dev.trellis.registry.Specs.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BundleIT {

	private static final ObjectMapper MAPPER = new ObjectMapper();

	/** A registry with the seed plus versions that exercise every field of the format. */
	private static TestRegistry source;

	@BeforeAll
	static void fill() {
		source = TestRegistry.start(true);
		source.registry()
			.save(Kind.MODELS, "gpt", json("{'provider':'openai','model':'gpt-4o-mini','apiKey':'secret://openai-key',"
					+ "'pricing':{'inputPer1k':0.00015,'outputPer1k':0.0006}}"), "Ünïcode, \"quotes\"\nand lines", "ana");
		source.save(Kind.MODELS, "gpt", json("{'provider':'openai','model':'gpt-4o','temperature':1.0}"));
		source.registry().deprecate(Kind.MODELS, "gpt", 1, "admin");
		source.save(Kind.PROMPTS, "multi", json("{'template':'line one\\n  indented {{x}}\\n\\nyes','variables':['x']}"));
		source.save(Kind.MEMORIES, "chat", json("{'kind':'conversation','window':20,'ttl':'7d'}"));
		source.save(Kind.GUARDRAILS, "no-pii", json("{'kind':'pii_mask'}"));
		source.save(Kind.AGENTS, "a", agent(ref("gpt", 1), ref("multi", 1), ref("calculator", 1)));
		source.save(Kind.PIPELINES, "zz-outer", json("{'nodes':[{'id':'s','type':'subpipeline','pipeline':"
				+ ref("hello-calculator", 1) + "}],'edges':[]}"));
	}

	@AfterAll
	static void close() {
		source.close();
	}

	@Test
	void exportImportIntoAnEmptyRegistryAndExportAgainIsByteIdentical() {
		for (BundleFormat format : BundleFormat.values()) {
			byte[] exported = source.bundles().export(format);
			try (TestRegistry target = TestRegistry.start(false)) {
				ImportResult result = target.bundles().importBundle(exported, format, "importer");
				assertThat(result.unchanged()).isEmpty();
				assertThat(target.bundles().export(format)).as(format.name()).isEqualTo(exported);
				assertThat(target.bundles().export(otherThan(format)))
					.as("the same content in the other format")
					.isEqualTo(source.bundles().export(otherThan(format)));
				assertThat(target.registry().version(Kind.MODELS, "gpt", 1))
					.isEqualTo(source.registry().version(Kind.MODELS, "gpt", 1));
			}
		}
	}

	@Test
	void exportIsOrderedByKindDependencyThenNameThenVersion() throws Exception {
		JsonNode bundle = MAPPER.readTree(source.bundles().export(BundleFormat.JSON));
		List<String> order = new ArrayList<>();
		for (JsonNode entity : bundle.get("entities")) {
			for (JsonNode version : entity.get("versions")) {
				order.add(entity.get("kind").asText() + "/" + entity.get("name").asText() + "@" + version.get("version"));
			}
		}
		assertThat(order).startsWith("models/gpt@1", "models/gpt@2", "models/local-smollm2@1",
				"prompts/fact-checker-system@1");
		assertThat(order).endsWith("agents/writer@1", "pipelines/content-pipeline@1", "pipelines/hello-calculator@1",
				"pipelines/zz-outer@1");
		assertThat(order.indexOf("tools/calculator@1")).isLessThan(order.indexOf("memories/chat@1"));
		assertThat(order.indexOf("guardrails/no-pii@1")).isLessThan(order.indexOf("agents/a@1"));
		assertThat(bundle.get("format").asText()).isEqualTo("trellis-registry-bundle/v1");
		assertThat(bundle.at("/entities/0/versions/0/deprecated").asBoolean()).isTrue();
	}

	@Test
	void importingTheSameBundleTwiceChangesNothing() {
		byte[] exported = source.bundles().export(BundleFormat.YAML);
		try (TestRegistry target = TestRegistry.start(false)) {
			ImportResult first = target.bundles().importBundle(exported, BundleFormat.YAML, "importer");
			ImportResult second = target.bundles().importBundle(exported, BundleFormat.YAML, "importer");
			assertThat(second.created()).isEmpty();
			assertThat(second.deprecated()).isEmpty();
			assertThat(second.unchanged()).containsExactlyElementsOf(first.created());
			assertThat(target.bundles().export(BundleFormat.YAML)).isEqualTo(exported);
		}
	}

	@Test
	void aSeededRegistryImportsTheSameSeedAsUnchanged() {
		try (TestRegistry target = TestRegistry.start(true)) {
			byte[] seeded = target.bundles().export(BundleFormat.JSON);
			ImportResult result = target.bundles().importBundle(source.bundles().export(BundleFormat.JSON),
					BundleFormat.JSON, "importer");
			assertThat(result.unchanged()).hasSize(15);
			assertThat(result.created()).contains("models/gpt@1", "pipelines/zz-outer@1");
			assertThat(seeded).isNotEqualTo(target.bundles().export(BundleFormat.JSON));
		}
	}

	@Test
	void aBundleWithOneBadVersionImportsNothing() throws Exception {
		ObjectNode bundle = (ObjectNode) MAPPER.readTree(source.bundles().export(BundleFormat.JSON));
		ObjectNode last = (ObjectNode) bundle.at("/entities/0/versions/1/spec");
		last.put("temperature", 7);
		((ObjectNode) bundle.at("/entities/0/versions/1")).remove("digest");
		try (TestRegistry target = TestRegistry.start(false)) {
			assertThatThrownBy(() -> target.bundles()
				.importBundle(MAPPER.writeValueAsBytes(bundle), BundleFormat.JSON, "importer"))
				.isInstanceOfSatisfying(RegistryValidationException.class,
						e -> assertThat(e.problems()).containsExactly(new SpecProblem(
								"entities[0].versions[1].spec.temperature", "must be between 0 and 2")));
			assertThat(target.jdbc().queryForObject("SELECT count(*) FROM registry_versions", Integer.class)).isZero();
		}
	}

	@Test
	void aConflictAtAnExistingNumberFailsTheWholeImport() {
		try (TestRegistry target = TestRegistry.start(false)) {
			target.save(Kind.MODELS, "gpt", model("something-else", 0.3));
			assertThatThrownBy(() -> target.bundles()
				.importBundle(source.bundles().export(BundleFormat.JSON), BundleFormat.JSON, "importer"))
				.isInstanceOf(RegistryConflictException.class)
				.hasMessageContaining("models/gpt@1 already exists with digest");
			assertThat(target.jdbc().queryForObject("SELECT count(*) FROM registry_versions", Integer.class))
				.isEqualTo(1);
			assertThat(target.jdbc().queryForObject("SELECT count(*) FROM registry_entities", Integer.class))
				.isEqualTo(1);
		}
	}

	@Test
	void aDigestThatDoesNotMatchItsSpecIsRefused() throws Exception {
		ObjectNode bundle = (ObjectNode) MAPPER.readTree(source.bundles().export(BundleFormat.JSON));
		((ObjectNode) bundle.at("/entities/0/versions/0/spec")).put("model", "tampered");
		try (TestRegistry target = TestRegistry.start(false)) {
			assertThatThrownBy(() -> target.bundles()
				.importBundle(MAPPER.writeValueAsBytes(bundle), BundleFormat.JSON, "importer"))
				.isInstanceOfSatisfying(RegistryValidationException.class,
						e -> assertThat(e.problems()).singleElement()
							.extracting(SpecProblem::path)
							.isEqualTo("entities[0].versions[0].digest"));
		}
	}

	@Test
	void aHandWrittenBundleNeedsOnlyNumbersAndSpecs() {
		String yaml = """
				format: trellis-registry-bundle/v1
				entities:
				  - kind: pipelines
				    name: uses-model-later
				    versions:
				      - version: 1
				        spec:
				          nodes:
				            - id: a
				              type: agent
				              agent: {name: bundled-agent, version: latest}
				              prompt: hi
				          edges: []
				  - kind: agents
				    name: bundled-agent
				    versions:
				      - version: 1
				        spec:
				          model: {name: bundled-model, version: 1}
				          systemPrompt: {name: bundled-prompt, version: 1}
				  - kind: models
				    name: bundled-model
				    versions:
				      - version: 1
				        spec: {provider: ollama, model: llama3}
				  - kind: prompts
				    name: bundled-prompt
				    versions:
				      - version: 1
				        description: written by hand
				        spec: {template: "Be brief."}
				""";
		try (TestRegistry target = TestRegistry.start(false)) {
			ImportResult result = target.bundles()
				.importBundle(yaml.getBytes(StandardCharsets.UTF_8), BundleFormat.YAML, "importer");
			assertThat(result.created()).containsExactly("models/bundled-model@1", "prompts/bundled-prompt@1",
					"agents/bundled-agent@1", "pipelines/uses-model-later@1");
			RegistryEntry agent = target.registry().version(Kind.AGENTS, "bundled-agent", 1);
			assertThat(agent.createdBy()).isEqualTo("importer");
			assertThat(agent.spec().get("maxSteps").asInt()).isEqualTo(8);
			assertThat(target.registry().version(Kind.PIPELINES, "uses-model-later", 1).spec().at("/nodes/0/agent/version")
				.asInt()).isEqualTo(1);
			assertThat(target.resolver().resolve("uses-model-later", 1).entities()).containsOnlyKeys(
					"agents/bundled-agent@1", "models/bundled-model@1", "prompts/bundled-prompt@1");
		}
	}

	private static BundleFormat otherThan(BundleFormat format) {
		return format == BundleFormat.JSON ? BundleFormat.YAML : BundleFormat.JSON;
	}

}
