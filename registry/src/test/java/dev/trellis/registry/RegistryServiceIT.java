package dev.trellis.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;

import static dev.trellis.registry.Specs.agent;
import static dev.trellis.registry.Specs.json;
import static dev.trellis.registry.Specs.model;
import static dev.trellis.registry.Specs.prompt;
import static dev.trellis.registry.Specs.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class RegistryServiceIT {

	private static TestRegistry r;

	@BeforeAll
	static void start() {
		r = TestRegistry.start(false);
	}

	@AfterAll
	static void stop() {
		r.close();
	}

	@Test
	void versionsAreNumberedFromOnePerName() {
		assertThat(r.save(Kind.MODELS, "numbered-a", model("x", 0.1)).entry().version()).isEqualTo(1);
		assertThat(r.save(Kind.MODELS, "numbered-a", model("x", 0.2)).entry().version()).isEqualTo(2);
		assertThat(r.save(Kind.MODELS, "numbered-b", model("x", 0.1)).entry().version()).isEqualTo(1);
		assertThat(r.save(Kind.PROMPTS, "numbered-a", prompt("hi")).entry().version()).isEqualTo(1);
		assertThat(r.registry().versions(Kind.MODELS, "numbered-a")).extracting(RegistryEntry::version)
			.containsExactly(2, 1);
		assertThat(r.registry().latest(Kind.MODELS)).extracting(RegistryEntry::name, RegistryEntry::version)
			.contains(tuple("numbered-a", 2),
					tuple("numbered-b", 1));
	}

	@Test
	void savingTheLatestSpecAgainReturnsThatVersion() {
		SaveResult first = r.save(Kind.MODELS, "same", json("{'provider':'openai','model':'m','temperature':1}"));
		SaveResult again = r.registry()
			.save(Kind.MODELS, "same", json("{ 'temperature' : 1.0, 'model':'m', 'provider':'openai' }"), "other words",
					"bob");
		assertThat(first.created()).isTrue();
		assertThat(again.created()).isFalse();
		assertThat(again.entry()).isEqualTo(first.entry());

		assertThat(r.save(Kind.MODELS, "same", model("m", 0.5)).entry().version()).isEqualTo(2);
		SaveResult backToFirst = r.save(Kind.MODELS, "same", json("{'provider':'openai','model':'m','temperature':1}"));
		assertThat(backToFirst.created()).as("only the latest version counts as identical").isTrue();
		assertThat(backToFirst.entry().version()).isEqualTo(3);
	}

	@Test
	void digestIsSha256OfTheCanonicalSpec() throws Exception {
		RegistryEntry e = r.save(Kind.MODELS, "digested", json("{'temperature':0.20,'provider':'local','model':'s'}"))
			.entry();
		String canonical = "{\"model\":\"s\",\"provider\":\"local\",\"temperature\":0.2}";
		byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
		assertThat(e.digest()).isEqualTo("sha256:" + HexFormat.of().formatHex(hash));
		assertThat(r.jdbc()
			.queryForObject("SELECT spec FROM registry_versions WHERE kind = 'models' AND name = 'digested'",
					String.class))
			.isEqualTo(canonical);
	}

	@Test
	void theDatabaseRefusesToChangeOrRemoveAVersion() {
		RegistryEntry e = r.save(Kind.MODELS, "frozen", model("m", 0.3)).entry();
		String where = " WHERE kind = 'models' AND name = 'frozen'";
		assertThatThrownBy(() -> r.jdbc().update("UPDATE registry_versions SET description = 'changed'" + where))
			.isInstanceOf(DataAccessException.class)
			.hasMessageContaining("immutable");
		// Even a change that keeps the digest consistent is refused.
		String spec = "{\"model\":\"m\",\"provider\":\"openai\",\"temperature\":0.9}";
		assertThatThrownBy(() -> r.jdbc()
			.update("UPDATE registry_versions SET spec = ?, digest = ?" + where, spec, CanonicalJson.digestOfText(spec)))
			.isInstanceOf(DataAccessException.class)
			.hasMessageContaining("immutable");
		assertThatThrownBy(() -> r.jdbc().update("DELETE FROM registry_versions" + where))
			.hasMessageContaining("immutable");
		assertThatThrownBy(() -> r.jdbc().execute("TRUNCATE registry_versions CASCADE"))
			.hasMessageContaining("immutable");
		assertThat(r.registry().version(Kind.MODELS, "frozen", 1)).isEqualTo(e);
	}

	@Test
	void theDatabaseRefusesADigestThatDoesNotMatchTheSpec() {
		r.jdbc().update("INSERT INTO registry_entities (kind, name) VALUES ('models', 'forged')");
		assertThatThrownBy(() -> r.jdbc()
			.update("INSERT INTO registry_versions (kind, name, version, digest, spec, created_by) "
					+ "VALUES ('models', 'forged', 1, ?, '{}', 'x')", CanonicalJson.digestOfText("{\"a\":1}")))
			.isInstanceOf(DataAccessException.class)
			.hasMessageContaining("registry_versions_digest");
	}

	@Test
	void referencesToLatestArePinnedAtSaveAndSurviveNewVersions() {
		r.save(Kind.MODELS, "pin-model", model("m", 0.1));
		r.save(Kind.PROMPTS, "pin-prompt", prompt("p"));
		RegistryEntry agent = r
			.save(Kind.AGENTS, "pin-agent", agent(ref("pin-model", "latest"), ref("pin-prompt", 1), ""))
			.entry();
		assertThat(agent.spec().at("/model/version").asInt()).isEqualTo(1);
		assertThat(agent.spec().at("/maxSteps").asInt()).as("default filled in").isEqualTo(8);

		r.save(Kind.MODELS, "pin-model", model("m", 0.9));
		RegistryEntry later = r.registry().version(Kind.AGENTS, "pin-agent", 1);
		assertThat(later.spec().at("/model/version").asInt()).isEqualTo(1);
		assertThat(later.digest()).isEqualTo(agent.digest());

		SaveResult resaved = r.save(Kind.AGENTS, "pin-agent", agent(ref("pin-model", "latest"), ref("pin-prompt", 1), ""));
		assertThat(resaved.created()).as("latest now means version 2, a different spec").isTrue();
		assertThat(resaved.entry().spec().at("/model/version").asInt()).isEqualTo(2);
	}

	@Test
	void missingReferencesAreRefusedNamingTheReference() {
		r.save(Kind.MODELS, "ref-model", model("m", 0.1));
		r.save(Kind.PROMPTS, "ref-prompt", prompt("p"));
		r.save(Kind.TOOLS, "ref-tool", Specs.tool("calculator"));
		JsonNode spec = agent(ref("nope", "latest"), ref("ref-prompt", 1), ref("ref-tool", 1) + "," + ref("ref-tool2", 9));
		assertThatThrownBy(() -> r.save(Kind.AGENTS, "ref-agent", spec)).isInstanceOfSatisfying(
				RegistryValidationException.class,
				e -> assertThat(e.problems()).extracting(SpecProblem::path, SpecProblem::message)
					.containsExactly(tuple("spec.model", "no model named 'nope'"),
							tuple("spec.tools[1]", "no tool named 'ref-tool2'")));
		JsonNode wrongVersion = agent(ref("ref-model", 7), ref("ref-prompt", 1), "");
		assertThatThrownBy(() -> r.save(Kind.AGENTS, "ref-agent", wrongVersion)).isInstanceOfSatisfying(
				RegistryValidationException.class,
				e -> assertThat(e.problems()).containsExactly(
						new SpecProblem("spec.model", "model 'ref-model' has no version 7 (latest is 1)")));
		assertThat(r.jdbc().queryForObject("SELECT count(*) FROM registry_entities WHERE name = 'ref-agent'",
				Integer.class))
			.isZero();
	}

	@Test
	void fiftyConcurrentSavesOfOneNameGetFiftyConsecutiveVersions() throws Exception {
		int saves = 50;
		ExecutorService pool = Executors.newFixedThreadPool(saves);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<SaveResult>> futures = new ArrayList<>();
			for (int i = 0; i < saves; i++) {
				JsonNode spec = json("{'provider':'openai','model':'m','maxTokens':" + (i + 1) + "}");
				Callable<SaveResult> save = () -> {
					start.await();
					return r.save(Kind.MODELS, "contended", spec);
				};
				futures.add(pool.submit(save));
			}
			start.countDown();
			List<Integer> versions = new ArrayList<>();
			for (Future<SaveResult> f : futures) {
				SaveResult result = f.get();
				assertThat(result.created()).isTrue();
				versions.add(result.entry().version());
			}
			assertThat(versions).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, saves).boxed().toList());
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(r.registry().versions(Kind.MODELS, "contended")).hasSize(saves);
		assertThat(r.registry().latestVersion(Kind.MODELS, "contended").version()).isEqualTo(saves);
		// Every spec is stored under exactly one number.
		assertThat(r.registry().versions(Kind.MODELS, "contended")).extracting(e -> e.spec().get("maxTokens").asInt())
			.doesNotHaveDuplicates()
			.hasSize(saves);
	}

	@Test
	void concurrentIdenticalSavesCreateOneVersion() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(20);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<SaveResult>> futures = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				futures.add(pool.submit(() -> {
					start.await();
					return r.save(Kind.MODELS, "identical", model("m", 0.4));
				}));
			}
			start.countDown();
			int created = 0;
			for (Future<SaveResult> f : futures) {
				assertThat(f.get().entry().version()).isEqualTo(1);
				created += f.get().created() ? 1 : 0;
			}
			assertThat(created).isEqualTo(1);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void diffListsReplacedAddedAndRemovedFields() {
		r.registry()
			.save(Kind.MODELS, "diffed",
					json("{'provider':'openai','model':'m','temperature':0.2,'pricing':{'inputPer1k':1,'outputPer1k':2}}"),
					"first", "ana");
		r.registry()
			.save(Kind.MODELS, "diffed", json("{'provider':'openai','model':'m','temperature':0.7,'maxTokens':100}"),
					"second", "ana");
		SpecDiff diff = r.registry().diff(Kind.MODELS, "diffed", 1, 2);
		assertThat(diff.from()).isEqualTo(1);
		assertThat(diff.to()).isEqualTo(2);
		assertThat(diff.changes()).extracting(Change::path, Change::op)
			.containsExactly(tuple("spec.maxTokens", "add"),
					tuple("spec.pricing", "remove"),
					tuple("spec.temperature", "replace"),
					tuple("description", "replace"));
		Change temperature = diff.changes().get(2);
		assertThat(temperature.from().decimalValue()).isEqualByComparingTo("0.2");
		assertThat(temperature.to().decimalValue()).isEqualByComparingTo("0.7");
		assertThat(r.registry().diff(Kind.MODELS, "diffed", 2, 2).changes()).isEmpty();
		assertThatThrownBy(() -> r.registry().diff(Kind.MODELS, "diffed", 1, 3))
			.isInstanceOf(RegistryNotFoundException.class)
			.hasMessage("No model 'diffed' version 3 (latest is 2)");
	}

	@Test
	void deprecationFlagsAVersionWithoutChangingIt() {
		RegistryEntry v1 = r.save(Kind.MODELS, "old", model("m", 0.1)).entry();
		RegistryEntry deprecated = r.registry().deprecate(Kind.MODELS, "old", 1, "admin");
		assertThat(deprecated.deprecated()).isTrue();
		assertThat(deprecated.digest()).isEqualTo(v1.digest());
		assertThat(deprecated.spec()).isEqualTo(v1.spec());
		assertThat(r.registry().deprecate(Kind.MODELS, "old", 1, "someone").deprecated()).isTrue();
		assertThat(r.registry().latest(Kind.MODELS)).filteredOn(e -> e.name().equals("old"))
			.singleElement()
			.extracting(RegistryEntry::deprecated)
			.isEqualTo(true);
	}

	@Test
	void unknownNamesAndVersionsAreNotFound() {
		assertThatThrownBy(() -> r.registry().versions(Kind.AGENTS, "ghost")).isInstanceOf(RegistryNotFoundException.class)
			.hasMessage("No agent named 'ghost'");
		assertThatThrownBy(() -> r.registry().version(Kind.AGENTS, "ghost", 1))
			.isInstanceOf(RegistryNotFoundException.class);
		assertThatThrownBy(() -> Kind.fromPath("widgets")).isInstanceOf(RegistryNotFoundException.class);
	}

	@Test
	void envelopeProblemsAreReportedByField() {
		assertThatThrownBy(() -> r.registry().save(Kind.MODELS, "bad/name", json("[]"), "x".repeat(5000), "ana"))
			.isInstanceOfSatisfying(RegistryValidationException.class,
					e -> assertThat(e.problems()).extracting(SpecProblem::path)
						.containsExactly("name", "spec", "description"));
	}

	@Test
	void usagesFollowAgentsAndUpgradesListNewerPins() {
		r.save(Kind.MODELS, "use-model", model("m", 0.1));
		r.save(Kind.PROMPTS, "use-prompt", prompt("p"));
		r.save(Kind.AGENTS, "use-agent", agent(ref("use-model", 1), ref("use-prompt", 1), ""));
		r.save(Kind.PIPELINES, "use-pipeline", Specs.agentPipeline(ref("use-agent", "latest")));

		UsageService.Usages usages = r.usages().usages(Kind.MODELS, "use-model", 1);
		assertThat(usages.usedBy()).containsExactly(new Usage(Kind.AGENTS, "use-agent", 1, "model", List.of()));
		assertThat(usages.pipelines()).containsExactly(
				new Usage(Kind.PIPELINES, "use-pipeline", 1, "nodes[0].agent", List.of("agents/use-agent@1")));
		assertThat(r.usages().usages(Kind.AGENTS, "use-agent", 1).pipelines())
			.containsExactly(new Usage(Kind.PIPELINES, "use-pipeline", 1, "nodes[0].agent", List.of()));

		assertThat(r.usages().upgrades(Kind.PIPELINES, "use-pipeline", 1).upgrades()).isEmpty();
		r.save(Kind.AGENTS, "use-agent", json("{'model':" + ref("use-model", 1) + ",'systemPrompt':"
				+ ref("use-prompt", 1) + ",'maxSteps':3}"));
		assertThat(r.usages().upgrades(Kind.PIPELINES, "use-pipeline", 1).upgrades())
			.containsExactly(new Upgrade("nodes[0].agent", Kind.AGENTS, "use-agent", 1, 2));
		r.save(Kind.MODELS, "use-model", model("m", 0.2));
		assertThat(r.usages().upgrades(Kind.AGENTS, "use-agent", 1).upgrades())
			.containsExactly(new Upgrade("model", Kind.MODELS, "use-model", 1, 2));
	}

}
