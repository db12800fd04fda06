package dev.trellis.registry;

import dev.trellis.workflows.api.EntityVersion;
import dev.trellis.workflows.api.PipelineRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.trellis.registry.Specs.json;
import static dev.trellis.registry.Specs.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunSnapshotResolverIT {

	private static TestRegistry r;

	@BeforeAll
	static void start() {
		r = TestRegistry.start(true);
	}

	@AfterAll
	static void stop() {
		r.close();
	}

	@Test
	void theClosureHoldsEveryPinnedEntityAndNothingElse() {
		ResolvedPipeline p = r.resolver().resolve("content-pipeline", 1);
		assertThat(p.pipeline()).isEqualTo(new PipelineRef("content-pipeline", 1));
		assertThat(p.definition()).isEqualTo(r.registry().version(Kind.PIPELINES, "content-pipeline", 1).spec());
		assertThat(p.entities()).containsOnlyKeys("agents/researcher@1", "agents/writer@1", "agents/fact-checker@1",
				"models/local-smollm2@1", "prompts/researcher-system@1", "prompts/writer-system@1",
				"prompts/fact-checker-system@1", "tools/calculator@1", "tools/current_time@1", "tools/write_file@1");
		p.entities().forEach((key, entity) -> {
			assertThat(entity.key()).isEqualTo(key);
			RegistryEntry stored = r.registry().version(Kind.fromPath(entity.kind()), entity.name(), entity.version());
			assertThat(entity).isEqualTo(stored.toEntityVersion());
		});
	}

	@Test
	void subpipelinesAreResolvedRecursivelyAndPinsSurviveNewVersions() {
		r.save(Kind.PIPELINES, "outer", json("{'nodes':[{'id':'child','type':'subpipeline','pipeline':"
				+ ref("hello-calculator", "latest") + "},{'id':'agent','type':'agent','agent':" + ref("researcher", 1)
				+ ",'prompt':'hi'}],'edges':[{'from':'child','to':'agent'}]}"));
		r.save(Kind.TOOLS, "calculator", Specs.tool("calculator"));
		ResolvedPipeline p = r.resolver().resolve("outer", null);
		assertThat(p.pipeline()).isEqualTo(new PipelineRef("outer", 1));
		assertThat(p.entities()).containsKeys("pipelines/hello-calculator@1", "tools/calculator@1",
				"agents/researcher@1", "models/local-smollm2@1", "tools/current_time@1")
			.doesNotContainKeys("pipelines/outer@1", "tools/calculator@2");
		EntityVersion child = p.entities().get("pipelines/hello-calculator@1");
		assertThat(child.spec().at("/nodes/0/tool/name").asText()).isEqualTo("calculator");
	}

	@Test
	void nullMeansTheLatestVersion() {
		r.save(Kind.PIPELINES, "versions", json("{'nodes':[{'id':'a','type':'tool','tool':" + ref("calculator", 1)
				+ ",'args':{'expression':'1'}}],'edges':[]}"));
		r.save(Kind.PIPELINES, "versions", json("{'nodes':[{'id':'b','type':'tool','tool':" + ref("calculator", 1)
				+ ",'args':{'expression':'2'}}],'edges':[]}"));
		assertThat(r.resolver().resolve("versions", null).pipeline().version()).isEqualTo(2);
		assertThat(r.resolver().resolve("versions", 1).definition().at("/nodes/0/id").asText()).isEqualTo("a");
	}

	@Test
	void unknownPipelinesAndVersionsAreNotFound() {
		assertThatThrownBy(() -> r.resolver().resolve("nope", null)).isInstanceOf(RegistryNotFoundException.class)
			.hasMessage("No pipeline named 'nope'");
		assertThatThrownBy(() -> r.resolver().resolve("content-pipeline", 9))
			.isInstanceOf(RegistryNotFoundException.class)
			.hasMessage("No pipeline 'content-pipeline' version 9 (latest is 1)");
	}

}
