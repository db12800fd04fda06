package dev.trellis.gateway.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.testsupport.ProjectPaths;
import dev.trellis.testsupport.TestPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The registry's REST contract ({@code API.md}, Registry) over a real PostgreSQL database seeded as
 * at first start, including every shared PipelineDefinition fixture.
 */
@SpringBootTest(classes = RegistryApiTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.MOCK,
		properties = { "spring.flyway.locations=classpath:db/migration/registry",
				"spring.jackson.deserialization.fail-on-unknown-properties=true",
				"spring.jackson.serialization.write-dates-as-timestamps=false",
				"spring.jackson.default-property-inclusion=always" })
class RegistryApiIT {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Authentication BUILDER = new UsernamePasswordAuthenticationToken("bob", "n/a",
			List.of(new SimpleGrantedAuthority("ROLE_BUILDER")));

	@Autowired
	private WebApplicationContext context;

	private MockMvc mvc;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestPostgres.Database db = TestPostgres.freshDatabase();
		registry.add("spring.datasource.url", db::jdbcUrl);
		registry.add("spring.datasource.username", db::username);
		registry.add("spring.datasource.password", db::password);
	}

	@BeforeEach
	void mockMvc() {
		mvc = MockMvcBuilders.webAppContextSetup(context).build();
	}

	/** A response: status, content type and body parsed as JSON (null when not JSON). */
	private record Answer(int status, String contentType, JsonNode body, byte[] raw, String location) {

		/** {@code errors[].path} of a problem body. */
		List<String> paths() {
			List<String> paths = new ArrayList<>();
			body.path("errors").forEach(e -> paths.add(e.path("path").asText()));
			return paths;
		}

		String messages() {
			return body.path("errors").toString();
		}

	}

	private Answer call(MockHttpServletRequestBuilder request) throws Exception {
		MvcResult result = mvc.perform(request.principal(BUILDER)).andReturn();
		byte[] raw = result.getResponse().getContentAsByteArray();
		String type = result.getResponse().getContentType();
		JsonNode body = type != null && type.contains("json") && raw.length > 0 ? JSON.readTree(raw) : null;
		return new Answer(result.getResponse().getStatus(), type, body, raw, result.getResponse().getHeader("Location"));
	}

	private Answer publish(String kind, String body) throws Exception {
		return call(post("/api/registry/" + kind).contentType(MediaType.APPLICATION_JSON).content(quotes(body)));
	}

	private static String quotes(String json) {
		return json.replace('\'', '"');
	}

	static Stream<Path> fixtures() throws IOException {
		return Files.list(ProjectPaths.sharedFixtures().resolve("pipelines"))
			.filter(p -> p.toString().endsWith(".json"))
			.sorted();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("fixtures")
	void everySharedPipelineFixtureIsAcceptedOrRefusedAsExpected(Path file) throws Exception {
		JsonNode fixture = JSON.readTree(file.toFile());
		ObjectNode body = JSON.createObjectNode();
		body.put("name", file.getFileName().toString().replace(".json", ""));
		body.set("spec", fixture.get("definition"));
		Answer answer = call(post("/api/registry/pipelines").contentType(MediaType.APPLICATION_JSON)
			.content(JSON.writeValueAsBytes(body)));
		if (fixture.get("expect").asText().equals("valid")) {
			assertThat(answer.status()).as(answer.body().toString()).isEqualTo(201);
			assertThat(answer.body().get("version").asInt()).isEqualTo(1);
		}
		else {
			String expected = fixture.get("errorPathContains").asText();
			assertThat(answer.status()).isEqualTo(400);
			assertThat(answer.contentType()).isEqualTo("application/problem+json");
			assertThat(answer.body().get("errors"))
				.as("errors %s should name %s", answer.messages(), expected)
				.anySatisfy(e -> assertThat(e.get("path").asText() + " " + e.get("message").asText()).contains(expected));
		}
	}

	@Test
	void publishingAnswers201ThenIdenticalSpecsAnswer200WithTheSameVersion() throws Exception {
		String body = "{'name':'api-model','description':'first','spec':{'provider':'openai','model':'gpt-4o-mini',"
				+ "'apiKey':'secret://openai-key','temperature':0.2,'maxTokens':1024,"
				+ "'pricing':{'inputPer1k':0.00015,'outputPer1k':0.0006}}}";
		Answer created = publish("models", body);
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.location()).isEqualTo("/api/registry/models/api-model/versions/1");
		JsonNode v1 = created.body();
		assertThat(v1.get("kind").asText()).isEqualTo("models");
		assertThat(v1.get("name").asText()).isEqualTo("api-model");
		assertThat(v1.get("version").asInt()).isEqualTo(1);
		assertThat(v1.get("digest").asText()).matches("sha256:[0-9a-f]{64}");
		assertThat(v1.get("createdBy").asText()).isEqualTo("bob");
		assertThat(v1.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
		assertThat(v1.get("description").asText()).isEqualTo("first");
		assertThat(v1.get("deprecated").asBoolean()).isFalse();
		assertThat(v1.at("/spec/pricing/inputPer1k").decimalValue()).isEqualByComparingTo("0.00015");

		Answer same = publish("models", body.replace("'first'", "'reworded'"));
		assertThat(same.status()).isEqualTo(200);
		assertThat(same.body()).isEqualTo(v1);

		Answer next = publish("models", body.replace("0.2", "0.7"));
		assertThat(next.status()).isEqualTo(201);
		assertThat(next.body().get("version").asInt()).isEqualTo(2);
	}

	@Test
	void fiftyParallelPostsOfOneNameGetFiftyConsecutiveVersions() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(50);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<Answer>> posts = new ArrayList<>();
			for (int i = 1; i <= 50; i++) {
				String body = "{'name':'parallel','spec':{'provider':'ollama','model':'llama3','maxTokens':" + i + "}}";
				posts.add(pool.submit(() -> {
					start.await();
					return publish("models", body);
				}));
			}
			start.countDown();
			List<Integer> versions = new ArrayList<>();
			for (Future<Answer> post : posts) {
				assertThat(post.get().status()).isEqualTo(201);
				versions.add(post.get().body().get("version").asInt());
			}
			assertThat(versions).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 50).boxed().toList());
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(call(get("/api/registry/models/parallel")).body()).hasSize(50);
	}

	@Test
	void unknownFieldsAreRefusedInTheEnvelopeAndInTheSpec() throws Exception {
		Answer envelope = publish("prompts", "{'name':'p','descripton':'typo','spec':{'template':'hi'}}");
		assertThat(envelope.status()).isEqualTo(400);
		assertThat(envelope.paths()).containsExactly("descripton");

		Answer spec = publish("models", "{'name':'m','spec':{'provider':'openai','model':'m','temprature':1}}");
		assertThat(spec.status()).isEqualTo(400);
		assertThat(spec.paths()).containsExactly("spec.temprature");
		assertThat(spec.body().get("type").asText()).isEqualTo("https://trellis.dev/problems/validation");
	}

	@Test
	void badSpecsAreRefusedWithEveryFieldPath() throws Exception {
		Answer model = publish("models", "{'name':'m','spec':{'provider':'openai','model':'m','apiKey':'sk-live-123',"
				+ "'temperature':3,'maxTokens':-1}}");
		assertThat(model.status()).isEqualTo(400);
		assertThat(model.paths()).containsExactlyInAnyOrder("spec.apiKey", "spec.temperature", "spec.maxTokens");
		assertThat(model.messages()).contains("secret://").doesNotContain("sk-live-123");

		Answer agent = publish("agents", "{'name':'a','spec':{'model':{'name':'missing','version':'latest'},"
				+ "'systemPrompt':{'name':'researcher-system','version':1},"
				+ "'tools':[{'name':'calculator','version':1},{'name':'current_time','version':5}]}}");
		assertThat(agent.status()).isEqualTo(400);
		assertThat(agent.paths()).containsExactly("spec.model", "spec.tools[1]");
		assertThat(agent.messages()).contains("no model named 'missing'").contains("has no version 5 (latest is 1)");

		Answer pipeline = publish("pipelines", "{'name':'p','spec':{'nodes':[{'id':'a','type':'agent','agent':"
				+ "{'name':'ghost','version':1},'prompt':'x'}],'edges':[]}}");
		assertThat(pipeline.status()).isEqualTo(400);
		assertThat(pipeline.paths()).singleElement().asString().contains("nodes[0].agent");

		assertThat(publish("models", "{'name':'no spec'}").paths()).containsExactly("name", "spec");
	}

	@Test
	void readingListsLatestVersionsAllVersionsOneVersionAndADiff() throws Exception {
		publish("prompts", "{'name':'read-me','spec':{'template':'one'}}");
		publish("prompts", "{'name':'read-me','spec':{'template':'two {{x}}','variables':['x']}}");

		Answer latest = call(get("/api/registry/prompts"));
		assertThat(latest.status()).isEqualTo(200);
		assertThat(latest.body()).anySatisfy(e -> {
			assertThat(e.get("name").asText()).isEqualTo("read-me");
			assertThat(e.get("version").asInt()).isEqualTo(2);
			assertThat(e.get("createdBy").asText()).isEqualTo("bob");
			assertThat(e.has("createdAt")).isTrue();
			assertThat(e.has("deprecated")).isTrue();
		});

		Answer versions = call(get("/api/registry/prompts/read-me"));
		assertThat(versions.body()).extracting(v -> v.get("version").asInt()).containsExactly(2, 1);

		Answer one = call(get("/api/registry/prompts/read-me/versions/1"));
		assertThat(one.body().at("/spec/template").asText()).isEqualTo("one");

		Answer diff = call(get("/api/registry/prompts/read-me/diff?from=1&to=2"));
		assertThat(diff.status()).isEqualTo(200);
		assertThat(diff.body().get("from").asInt()).isEqualTo(1);
		assertThat(diff.body().get("to").asInt()).isEqualTo(2);
		assertThat(JSON.writeValueAsString(diff.body().get("changes"))).isEqualTo(quotes(
				"[{'path':'spec.template','op':'replace','from':'one','to':'two {{x}}'},"
						+ "{'path':'spec.variables','op':'add','from':null,'to':['x']}]"));
	}

	@Test
	void missingThingsAreNotFoundAndMalformedNumbersAreBadRequests() throws Exception {
		Answer kind = call(get("/api/registry/widgets"));
		assertThat(kind.status()).isEqualTo(404);
		assertThat(kind.contentType()).isEqualTo("application/problem+json");
		assertThat(call(get("/api/registry/agents/ghost")).status()).isEqualTo(404);
		Answer version = call(get("/api/registry/agents/researcher/versions/9"));
		assertThat(version.status()).isEqualTo(404);
		assertThat(version.body().get("detail").asText()).isEqualTo("No agent 'researcher' version 9 (latest is 1)");
		assertThat(call(get("/api/registry/agents/researcher/versions/abc")).status()).isEqualTo(400);
		assertThat(call(get("/api/registry/agents/researcher/diff?from=1")).status()).isEqualTo(400);
	}

	@Test
	void deprecationFlagsAVersionAndKeepsItUsable() throws Exception {
		publish("memories", "{'name':'chat','spec':{'kind':'conversation','window':20,'ttl':'7d'}}");
		Answer deprecated = call(post("/api/registry/memories/chat/versions/1/deprecate"));
		assertThat(deprecated.status()).isEqualTo(200);
		assertThat(deprecated.body().get("deprecated").asBoolean()).isTrue();
		assertThat(call(get("/api/registry/memories/chat/versions/1")).body().get("deprecated").asBoolean()).isTrue();
		Answer agent = publish("agents", "{'name':'remembers','spec':{'model':{'name':'local-smollm2','version':1},"
				+ "'systemPrompt':{'name':'writer-system','version':1},'memory':{'name':'chat','version':1}}}");
		assertThat(agent.status()).isEqualTo(201);
	}

	@Test
	void usagesAndUpgradesFollowThePins() throws Exception {
		Answer usages = call(get("/api/registry/models/local-smollm2/versions/1/usages"));
		assertThat(usages.status()).isEqualTo(200);
		assertThat(usages.body().get("usedBy")).extracting(u -> u.get("name").asText())
			.contains("researcher", "writer", "fact-checker");
		assertThat(usages.body().get("pipelines")).anySatisfy(u -> {
			assertThat(u.get("name").asText()).isEqualTo("content-pipeline");
			assertThat(u.get("kind").asText()).isEqualTo("pipelines");
			assertThat(u.get("version").asInt()).isEqualTo(1);
			assertThat(u.get("via").get(0).asText()).startsWith("agents/");
		});

		assertThat(call(get("/api/registry/pipelines/hello-calculator/versions/1/upgrades")).body().get("upgrades"))
			.isEmpty();
		publish("tools", "{'name':'calculator','spec':{'description':'A better calculator','permission':'read',"
				+ "'implementation':'builtin:calculator','parameters':{'type':'object','properties':"
				+ "{'expression':{'type':'string'}},'required':['expression']}}}");
		Answer upgrades = call(get("/api/registry/pipelines/hello-calculator/versions/1/upgrades"));
		assertThat(JSON.writeValueAsString(upgrades.body().get("upgrades"))).isEqualTo(quotes(
				"[{'path':'nodes[0].tool','kind':'tools','name':'calculator','pinned':1,'latest':2}]"));
	}

	@Test
	void exportAndImportRoundTripInJsonAndYaml() throws Exception {
		Answer json = call(get("/api/registry/export"));
		assertThat(json.status()).isEqualTo(200);
		assertThat(json.contentType()).startsWith("application/json");
		assertThat(json.body().get("format").asText()).isEqualTo("trellis-registry-bundle/v1");

		Answer yaml = call(get("/api/registry/export?format=yaml"));
		assertThat(yaml.contentType()).startsWith("application/yaml");
		String yamlText = new String(yaml.raw(), StandardCharsets.UTF_8);
		assertThat(yamlText).contains("format: \"trellis-registry-bundle/v1\"");
		Answer negotiated = call(get("/api/registry/export").accept("application/yaml"));
		assertThat(negotiated.raw()).isEqualTo(yaml.raw());

		Answer again = call(post("/api/registry/import").contentType("application/yaml").content(yaml.raw()));
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.body().get("created")).isEmpty();
		assertThat(again.body().get("unchanged").size()).isPositive();
		Answer againJson = call(post("/api/registry/import").contentType(MediaType.APPLICATION_JSON).content(json.raw()));
		assertThat(againJson.body().get("created")).isEmpty();
		assertThat(call(get("/api/registry/export")).raw()).isEqualTo(json.raw());
	}

	@Test
	void importRefusesConflictsBadBundlesAndOtherContentTypes() throws Exception {
		String conflicting = quotes("{'format':'trellis-registry-bundle/v1','entities':[{'kind':'tools','name':"
				+ "'calculator','versions':[{'version':1,'spec':{'description':'impostor','permission':'read',"
				+ "'implementation':'builtin:calculator','parameters':{'type':'object'}}}]}]}");
		Answer conflict = call(post("/api/registry/import").contentType(MediaType.APPLICATION_JSON).content(conflicting));
		assertThat(conflict.status()).isEqualTo(409);
		assertThat(conflict.body().get("detail").asText()).contains("tools/calculator@1");

		Answer invalid = call(post("/api/registry/import").contentType(MediaType.APPLICATION_JSON)
			.content(quotes("{'format':'trellis-registry-bundle/v1','entities':[{'kind':'gadgets','name':'x','versions':[]}]}")));
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.paths()).containsExactly("entities[0].kind");

		assertThat(call(post("/api/registry/import").contentType(MediaType.TEXT_PLAIN).content("x")).status())
			.isEqualTo(415);
		assertThat(call(get("/api/registry/export?format=xml")).status()).isEqualTo(400);
	}

}
