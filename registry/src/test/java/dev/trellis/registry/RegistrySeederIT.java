package dev.trellis.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.trellis.registry.seed.RegistrySeeder;
import org.junit.jupiter.api.Test;

import static dev.trellis.registry.Specs.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class RegistrySeederIT {

	private static final List<String> BUILTIN_TOOLS = List.of("calculator", "current_time", "http_request", "read_file",
			"search_web", "write_file");

	@Test
	void firstStartPublishesTheBuiltinToolsAndTheDemoSetAsVersionOne() {
		try (TestRegistry r = TestRegistry.start(true)) {
			assertThat(r.registry().latest(Kind.TOOLS)).extracting(RegistryEntry::name).containsExactlyElementsOf(BUILTIN_TOOLS);
			assertThat(r.registry().latest(Kind.TOOLS)).allSatisfy(t -> {
				assertThat(t.version()).isEqualTo(1);
				assertThat(t.createdBy()).isEqualTo(RegistrySeeder.AUTHOR);
				assertThat(t.spec().get("implementation").asText()).isEqualTo("builtin:" + t.name());
			});
			assertThat(r.registry().latest(Kind.TOOLS)).extracting(t -> t.name(), t -> t.spec().get("permission").asText())
				.contains(tuple("http_request", "write"), tuple("write_file", "write"), tuple("calculator", "read"));

			RegistryEntry model = r.registry().version(Kind.MODELS, "local-smollm2", 1);
			assertThat(model.spec()).isEqualTo(CanonicalJson.canonicalize(json("{'provider':'local','model':"
					+ "'SmolLM2-135M-Instruct','temperature':0.2,'maxTokens':256,'contextWindow':8192,"
					+ "'pricing':{'inputPer1k':0,'outputPer1k':0}}")));
			assertThat(r.registry().latest(Kind.PROMPTS)).extracting(RegistryEntry::name)
				.containsExactly("fact-checker-system", "researcher-system", "writer-system");
			assertThat(r.registry().latest(Kind.AGENTS)).extracting(RegistryEntry::name)
				.containsExactly("fact-checker", "researcher", "writer");
			assertThat(r.registry().version(Kind.AGENTS, "researcher", 1).spec().get("tools").toString())
				.isEqualTo("[{\"name\":\"calculator\",\"version\":1},{\"name\":\"current_time\",\"version\":1}]");
			assertThat(r.registry().latest(Kind.PIPELINES)).extracting(RegistryEntry::name, RegistryEntry::createdBy)
				.containsExactly(tuple("content-pipeline", "trellis"), tuple("hello-calculator", "trellis"));

			RegistryEntry pipeline = r.registry().version(Kind.PIPELINES, "content-pipeline", 1);
			assertThat(pipeline.spec().at("/nodes/3/assignees").toString()).isEqualTo("[\"group:editors\",\"admin\"]");
			assertThat(pipeline.spec().at("/nodes/4/args/path").asText()).isEqualTo("articles/{{inputs.topic}}.md");
		}
	}

	@Test
	void seedingAgainChangesNothingAndNeverOverridesWhatUsersPublished() {
		try (TestRegistry r = TestRegistry.start(true)) {
			r.save(Kind.TOOLS, "calculator", Specs.tool("calculator"));
			List<SaveResult> again = r.seeder().seed();
			assertThat(again).noneMatch(SaveResult::created);
			assertThat(r.registry().versions(Kind.TOOLS, "calculator")).extracting(RegistryEntry::version)
				.containsExactly(2, 1);
		}
	}

	@Test
	void severalProcessesSeedingAtOnceEachPublishEverythingOnce() throws Exception {
		try (TestRegistry r = TestRegistry.start(false)) {
			ExecutorService pool = Executors.newFixedThreadPool(4);
			CountDownLatch start = new CountDownLatch(1);
			try {
				List<Future<List<SaveResult>>> runs = new ArrayList<>();
				for (int i = 0; i < 4; i++) {
					runs.add(pool.submit(() -> {
						start.await();
						return r.seeder().seed();
					}));
				}
				start.countDown();
				long created = 0;
				for (Future<List<SaveResult>> run : runs) {
					created += run.get().stream().filter(SaveResult::created).count();
				}
				int entries = r.seeder().seed().size();
				assertThat(created).isEqualTo(entries);
			}
			finally {
				pool.shutdownNow();
			}
			assertThat(r.jdbc().queryForObject("SELECT max(version) FROM registry_versions", Integer.class)).isEqualTo(1);
		}
	}

}
