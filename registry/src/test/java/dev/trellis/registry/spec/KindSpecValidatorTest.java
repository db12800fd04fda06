package dev.trellis.registry.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.registry.Kind;
import dev.trellis.registry.Reference;
import dev.trellis.registry.ReferenceLookup;
import dev.trellis.registry.RegistryValidationException;
import dev.trellis.registry.SpecProblem;
import dev.trellis.registry.ValidatedSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KindSpecValidatorTest {

	private static final ObjectMapper MAPPER = new ObjectMapper();

	/** What the fake registry holds: kind/name to its latest version (all lower versions exist too). */
	private static final Map<String, Integer> LATEST = Map.of("models/gpt", 3, "prompts/sys", 1, "tools/calculator",
			1, "tools/search", 2, "memories/chat", 1, "guardrails/no-pii", 1, "agents/researcher", 2,
			"pipelines/child", 1);

	private static final ReferenceLookup LOOKUP = new ReferenceLookup() {
		@Override
		public OptionalInt latest(Kind kind, String name) {
			Integer v = LATEST.get(kind.path() + "/" + name);
			return v == null ? OptionalInt.empty() : OptionalInt.of(v);
		}

		@Override
		public boolean exists(Kind kind, String name, int version) {
			return version >= 1 && version <= latest(kind, name).orElse(0);
		}
	};

	private final KindSpecValidator validator = new KindSpecValidator();

	private static JsonNode json(String json) {
		try {
			return MAPPER.readTree(json.replace('\'', '"'));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private ValidatedSpec valid(Kind kind, String spec) {
		return validator.validate(kind, json(spec), LOOKUP);
	}

	private List<SpecProblem> problems(Kind kind, String spec) {
		try {
			validator.validate(kind, json(spec), LOOKUP);
		}
		catch (RegistryValidationException e) {
			return e.problems();
		}
		throw new AssertionError("expected " + spec + " to be refused");
	}

	private List<String> paths(Kind kind, String spec) {
		return problems(kind, spec).stream().map(SpecProblem::path).toList();
	}

	@Test
	void modelAcceptsTheDocumentedFields() {
		valid(Kind.MODELS, "{'provider':'openai','model':'gpt-4o-mini','baseUrl':'http://localhost:8080/v1',"
				+ "'apiKey':'secret://openai-key','temperature':0.2,'maxTokens':1024,"
				+ "'pricing':{'inputPer1k':0.00015,'outputPer1k':0.0006},'contextWindow':128000}");
		valid(Kind.MODELS, "{'provider':'local','model':'SmolLM2-135M-Instruct'}");
	}

	@Test
	void modelRefusesALiteralApiKeyAndSaysToUseASecret() {
		List<SpecProblem> problems = problems(Kind.MODELS, "{'provider':'openai','model':'m','apiKey':'sk-abc123'}");
		assertThat(problems).singleElement().satisfies(p -> {
			assertThat(p.path()).isEqualTo("spec.apiKey");
			assertThat(p.message()).contains("secret://").contains("never the key itself").doesNotContain("sk-abc123");
		});
	}

	@Test
	void modelFieldsAreTypedAndBounded() {
		assertThat(paths(Kind.MODELS, "{'provider':'azure','model':'','temperature':2.5,'maxTokens':0,"
				+ "'baseUrl':'ftp://x','pricing':{'inputPer1k':-1},'contextWindow':1.5}"))
			.containsExactlyInAnyOrder("spec.provider", "spec.model", "spec.temperature", "spec.maxTokens",
					"spec.baseUrl", "spec.pricing.inputPer1k", "spec.pricing.outputPer1k", "spec.contextWindow");
		assertThat(paths(Kind.MODELS, "{'model':'m'}")).containsExactly("spec.provider");
	}

	@Test
	void unknownFieldsAreRefusedWhereverTheyAre() {
		assertThat(problems(Kind.MODELS, "{'provider':'openai','model':'m','temprature':1}"))
			.singleElement()
			.satisfies(p -> {
				assertThat(p.path()).isEqualTo("spec.temprature");
				assertThat(p.message()).startsWith("unknown field 'temprature'").contains("temperature");
			});
		assertThat(paths(Kind.MODELS,
				"{'provider':'openai','model':'m','pricing':{'inputPer1k':0,'outputPer1k':0,'currency':'EUR'}}"))
			.containsExactly("spec.pricing.currency");
		assertThat(paths(Kind.AGENTS, "{'model':{'name':'gpt','version':1,'pin':true},'systemPrompt':{'name':'sys',"
				+ "'version':1}}"))
			.containsExactly("spec.model.pin");
	}

	@Test
	void nullOptionalFieldsAreDroppedSoTheyDoNotChangeTheDigest() {
		ValidatedSpec v = valid(Kind.MODELS, "{'provider':'openai','model':'m','baseUrl':null}");
		assertThat(v.spec().has("baseUrl")).isFalse();
	}

	@Test
	void promptPlaceholdersMustBeDeclared() {
		valid(Kind.PROMPTS, "{'template':'Hello {{ user.name }}, today is {{date}}','variables':['user','date']}");
		assertThat(problems(Kind.PROMPTS, "{'template':'Hello {{name}} and {{other}}','variables':['name']}"))
			.extracting(SpecProblem::path, SpecProblem::message)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("spec.template",
					"placeholder {{other}} uses 'other', which is not declared in variables"));
		assertThat(problems(Kind.PROMPTS, "{'template':'Hello {{name','variables':['name']}"))
			.singleElement()
			.satisfies(p -> assertThat(p.message()).contains("never closed"));
		assertThat(paths(Kind.PROMPTS, "{'template':'x','variables':['ok','ok','9bad']}"))
			.containsExactly("spec.variables[1]", "spec.variables[1]".replace("1", "2"));
		assertThat(paths(Kind.PROMPTS, "{'variables':[]}")).containsExactly("spec.template");
	}

	@Test
	void toolAcceptsBuiltinHttpAndMcpImplementations() {
		String common = "'description':'d','permission':'write','timeout':'30s','retry':{'maxAttempts':3,"
				+ "'initialInterval':'1s','backoffCoefficient':2.0},'parameters':{'type':'object','properties':"
				+ "{'slug':{'type':'string'}},'required':['slug']}";
		valid(Kind.TOOLS, "{" + common + ",'implementation':'builtin:calculator'}");
		valid(Kind.TOOLS, "{" + common + ",'implementation':{'http':{'method':'POST','url':"
				+ "'https://cms.example/articles/{{args.slug}}','headers':{'Authorization':'Bearer secret://cms-token',"
				+ "'Accept':'application/json'},'body':{'text':'{{args.body}}'}}}}");
		valid(Kind.TOOLS, "{" + common + ",'implementation':{'mcp':{'server':'npx -y server-filesystem /data',"
				+ "'transport':'stdio','tool':'read_file'}}}");
		valid(Kind.TOOLS, "{" + common + ",'implementation':{'mcp':{'server':'http://localhost:3001/mcp',"
				+ "'transport':'http','tool':'search'}}}");
	}

	@Test
	void toolProblemsNameTheirField() {
		String params = "'parameters':{'type':'object'}";
		assertThat(paths(Kind.TOOLS, "{'description':'d','permission':'admin','implementation':'calculator',"
				+ "'timeout':'soon'," + params + "}"))
			.containsExactlyInAnyOrder("spec.permission", "spec.implementation", "spec.timeout");
		assertThat(paths(Kind.TOOLS, "{'description':'d','permission':'read','implementation':{'http':{'method':'GET',"
				+ "'url':'https://{{args.host}}/x','headers':{'Authorization':'Bearer abc'}}}," + params + "}"))
			.containsExactlyInAnyOrder("spec.implementation.http.url", "spec.implementation.http.headers.Authorization");
		assertThat(paths(Kind.TOOLS, "{'description':'d','permission':'read','implementation':{'http':{'method':'GET',"
				+ "'url':'https://x'},'mcp':{'server':'s','transport':'ws','tool':'t'}}," + params + "}"))
			.containsExactlyInAnyOrder("spec.implementation", "spec.implementation.mcp.transport");
		assertThat(paths(Kind.TOOLS, "{'description':'d','permission':'read','implementation':'builtin:x',"
				+ "'retry':{'maxAttempts':0,'backoffCoefficient':0.5}," + params + "}"))
			.containsExactlyInAnyOrder("spec.retry.maxAttempts", "spec.retry.backoffCoefficient");
	}

	@Test
	void toolParametersMustBeAnObjectJsonSchema() {
		String base = "{'description':'d','permission':'read','implementation':'builtin:x','parameters':";
		assertThat(paths(Kind.TOOLS, base + "{'type':'object','properties':{'x':{'type':'strin'}}}}"))
			.containsExactly("spec.parameters.properties.x.type");
		assertThat(paths(Kind.TOOLS, base + "{'type':'array'}}")).containsExactly("spec.parameters.type");
		assertThat(paths(Kind.TOOLS, base + "'object'}")).containsExactly("spec.parameters");
		assertThat(paths(Kind.TOOLS, base + "{'type':'object','properties':{'x':{'$ref':'https://evil.example/s'}}}}"))
			.containsExactly("spec.parameters.properties.x.$ref");
	}

	@Test
	void agentReferencesArePinnedAndDefaultsFilledIn() {
		ValidatedSpec v = valid(Kind.AGENTS, "{'model':{'name':'gpt','version':'latest'},'systemPrompt':{'name':'sys',"
				+ "'version':1},'tools':[{'name':'calculator','version':1},{'name':'search','version':'latest'}],"
				+ "'memory':{'name':'chat','version':1},'guardrails':[{'name':'no-pii','version':1}],'tokenBudget':20000,"
				+ "'outputSchema':{'type':'object','properties':{'summary':{'type':'string'}}}}");
		assertThat(v.spec().at("/model/version").asInt()).isEqualTo(3);
		assertThat(v.spec().at("/tools/1/version").asInt()).isEqualTo(2);
		assertThat(v.spec().get("maxSteps").asInt()).isEqualTo(8);
		assertThat(v.references()).containsExactly(new Reference("model", Kind.MODELS, "gpt", 3),
				new Reference("systemPrompt", Kind.PROMPTS, "sys", 1),
				new Reference("tools[0]", Kind.TOOLS, "calculator", 1), new Reference("tools[1]", Kind.TOOLS, "search", 2),
				new Reference("memory", Kind.MEMORIES, "chat", 1),
				new Reference("guardrails[0]", Kind.GUARDRAILS, "no-pii", 1));
	}

	@Test
	void agentLoopLimitsAndModelTimeoutAreTheOnesTheRuntimeReads() {
		ValidatedSpec v = valid(Kind.AGENTS, "{'model':{'name':'gpt','version':3},'systemPrompt':{'name':'sys',"
				+ "'version':1},'maxIdenticalToolCalls':2,'reinjectGoalEvery':0,'continueAsNewEvery':50,"
				+ "'llmRetry':{'maxAttempts':3}}");
		assertThat(v.spec().at("/llmRetry/maxAttempts").asInt()).isEqualTo(3);
		assertThat(paths(Kind.AGENTS, "{'model':{'name':'gpt','version':3},'systemPrompt':{'name':'sys','version':1},"
				+ "'maxIdenticalToolCalls':0,'reinjectGoalEvery':-1,'continueAsNewEvery':'often',"
				+ "'llmRetry':{'maxAttempts':0,'backoff':2}}"))
			.containsExactlyInAnyOrder("spec.maxIdenticalToolCalls", "spec.reinjectGoalEvery", "spec.continueAsNewEvery",
					"spec.llmRetry.maxAttempts", "spec.llmRetry.backoff");
		valid(Kind.MODELS, "{'provider':'openai','model':'m','timeout':'2m'}");
		assertThat(paths(Kind.MODELS, "{'provider':'openai','model':'m','timeout':'soon'}")).containsExactly("spec.timeout");
	}

	@Test
	void agentProblemsNameTheReference() {
		assertThat(problems(Kind.AGENTS, "{'model':{'name':'gpt','version':4},'systemPrompt':{'name':'sys'},"
				+ "'tools':[{'name':'calculator','version':1},{'name':'calculator','version':1},{'name':'x','version':'2'}],"
				+ "'maxSteps':101}"))
			.extracting(SpecProblem::path, SpecProblem::message)
			.containsExactlyInAnyOrder(
					org.assertj.core.groups.Tuple.tuple("spec.model", "model 'gpt' has no version 4 (latest is 3)"),
					org.assertj.core.groups.Tuple.tuple("spec.systemPrompt.version", "is required"),
					org.assertj.core.groups.Tuple.tuple("spec.tools[2].version",
							"must be a version number (1, 2, ...) or \"latest\""),
					org.assertj.core.groups.Tuple.tuple("spec.tools[1]",
							"the tool 'calculator' is already listed at tools[0]"),
					org.assertj.core.groups.Tuple.tuple("spec.maxSteps", "must be between 1 and 100"));
		assertThat(paths(Kind.AGENTS, "{'tools':{}}")).containsExactly("spec.model", "spec.systemPrompt", "spec.tools");
	}

	@Test
	void memoryKindsTakeTheirOwnSettings() {
		valid(Kind.MEMORIES, "{'kind':'conversation','window':20,'summarizeAfter':40,'ttl':'7d'}");
		valid(Kind.MEMORIES, "{'kind':'long_term','topK':5,'ttl':'P90D'}");
		assertThat(paths(Kind.MEMORIES, "{'kind':'long_term','window':0,'ttl':'-1s'}"))
			.containsExactlyInAnyOrder("spec.window", "spec.window", "spec.ttl");
		assertThat(paths(Kind.MEMORIES, "{'kind':'episodic'}")).containsExactly("spec.kind");
	}

	@Test
	void guardrailSettingsAreValidatedPerKind() {
		valid(Kind.GUARDRAILS, "{'kind':'pii_mask'}");
		valid(Kind.GUARDRAILS, "{'kind':'pii_mask','settings':{'entities':['email','phone'],'replacement':'[x]'}}");
		valid(Kind.GUARDRAILS, "{'kind':'max_steps','settings':{'maxSteps':6}}");
		valid(Kind.GUARDRAILS, "{'kind':'token_budget','settings':{'maxTokens':20000}}");
		valid(Kind.GUARDRAILS, "{'kind':'json_schema','settings':{'schema':{'type':'object','required':['title']}}}");
		valid(Kind.GUARDRAILS, "{'kind':'blocked_terms','settings':{'terms':['password'],'caseSensitive':false}}");
		valid(Kind.GUARDRAILS, "{'kind':'require_approval_for','settings':{'permissions':['destructive']}}");
		valid(Kind.GUARDRAILS, "{'kind':'max_steps','settings':{'maxSteps':6,'maxIdenticalToolCalls':2,'reinjectGoalEvery':0}}");
		valid(Kind.GUARDRAILS, "{'kind':'token_budget','settings':{'maxTokens':20000,'onExceed':'approval'}}");
		valid(Kind.GUARDRAILS,
				"{'kind':'require_approval_for','settings':{'permissions':['write'],'assignees':['group:editors','rita']}}");

		assertThat(paths(Kind.GUARDRAILS, "{'kind':'pii_mask','settings':{'entities':['dna']}}"))
			.containsExactly("spec.settings.entities[0]");
		assertThat(paths(Kind.GUARDRAILS, "{'kind':'max_steps'}")).containsExactly("spec.settings");
		assertThat(paths(Kind.GUARDRAILS, "{'kind':'token_budget','settings':{'maxTokens':0,'extra':1}}"))
			.containsExactlyInAnyOrder("spec.settings.maxTokens", "spec.settings.extra");
		assertThat(paths(Kind.GUARDRAILS, "{'kind':'json_schema','settings':{'schema':{'type':'thing'}}}"))
			.containsExactly("spec.settings.schema.type");
		assertThat(paths(Kind.GUARDRAILS, "{'kind':'blocked_terms','settings':{'terms':[]}}"))
			.containsExactly("spec.settings.terms");
		assertThat(paths(Kind.GUARDRAILS, "{'kind':'require_approval_for','settings':{'permissions':['root']}}"))
			.containsExactly("spec.settings.permissions[0]", "spec.settings.permissions");
		assertThat(paths(Kind.GUARDRAILS, "{'kind':'token_budget','settings':{'maxTokens':10,'onExceed':'pause'}}"))
			.containsExactly("spec.settings.onExceed");
		assertThat(paths(Kind.GUARDRAILS, "{'kind':'max_steps','settings':{'maxIdenticalToolCalls':0}}"))
			.containsExactlyInAnyOrder("spec.settings.maxSteps", "spec.settings.maxIdenticalToolCalls");
		assertThat(paths(Kind.GUARDRAILS, "{'kind':'firewall','settings':{}}")).containsExactly("spec.kind");
	}

	@Test
	void pipelineReferencesArePinnedAndCheckedByTheCompiler() {
		ValidatedSpec v = valid(Kind.PIPELINES, "{'nodes':[{'id':'a','type':'agent','agent':{'name':'researcher',"
				+ "'version':'latest'},'prompt':'hi'},{'id':'b','type':'tool','tool':{'name':'calculator','version':1},"
				+ "'args':{'expression':'1+1'}},{'id':'c','type':'subpipeline','pipeline':{'name':'child','version':1}}],"
				+ "'edges':[{'from':'a','to':'b'},{'from':'b','to':'c'}]}");
		assertThat(v.spec().at("/nodes/0/agent/version").asInt()).isEqualTo(2);
		assertThat(v.references()).containsExactly(new Reference("nodes[0].agent", Kind.AGENTS, "researcher", 2),
				new Reference("nodes[1].tool", Kind.TOOLS, "calculator", 1),
				new Reference("nodes[2].pipeline", Kind.PIPELINES, "child", 1));
	}

	@Test
	void pipelineProblemsComeFromTheCompilerWithSpecPaths() {
		assertThat(paths(Kind.PIPELINES, "{'nodes':[{'id':'a','type':'agent','agent':{'name':'ghost',"
				+ "'version':'latest'},'prompt':'hi'},{'id':'b','type':'agent','agent':{'name':'researcher',"
				+ "'version':9},'prompt':'hi'}],'edges':[]}"))
			.containsExactly("spec.nodes[0].agent", "spec.nodes[1].agent");
	}

	@Test
	void aSpecMustBeAnObject() {
		for (Kind kind : Kind.values()) {
			assertThatThrownBy(() -> validator.validate(kind, json("[1]"), LOOKUP))
				.isInstanceOf(RegistryValidationException.class);
		}
	}

}
