package dev.trellis.activities.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.activities.ActivitiesAutoConfiguration;
import dev.trellis.activities.events.AgentEventSink;
import dev.trellis.temporal.WorkerContribution;
import dev.trellis.testsupport.TestPostgres;
import dev.trellis.testsupport.TestRedis;
import dev.trellis.workflows.agent.AgentWorkflowImpl;
import dev.trellis.workflows.api.AgentRequest;
import dev.trellis.workflows.api.AgentResult;
import dev.trellis.workflows.api.AgentWorkflow;
import dev.trellis.workflows.api.EntityVersion;
import dev.trellis.workflows.api.TaskQueues;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import org.flywaydb.core.Flyway;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * The agent runtime as a worker runs it, minus the network: the real {@link AgentWorkflowImpl} in
 * Temporal's time-skipping test server, and the real activity beans built by
 * {@link ActivitiesAutoConfiguration} (registered through their {@link WorkerContribution}) on a
 * real PostgreSQL and Redis. Providers are {@link ScriptedProvider}s on local ports.
 */
public final class AgentRuntime implements AutoCloseable {

	public static final String SECRET = "sk-test-TOPSECRET-4242424242";

	public static final ObjectMapper JSON = new ObjectMapper();

	private static final AtomicInteger RUNS = new AtomicInteger();

	public final RecordingEventSink events = new RecordingEventSink();

	public final TestWorkflowEnvironment env;

	public final AnnotationConfigApplicationContext context;

	public final JdbcTemplate jdbc;

	public final RedissonClient redis;

	public final Path workspace;

	private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

	public AgentRuntime(Map<String, Object> extraProperties) {
		TestPostgres.Database db = TestPostgres.freshDatabase();
		DataSource dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(), db.jdbcUrl(), db.username(),
				db.password());
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/activities").load().migrate();
		jdbc = new JdbcTemplate(dataSource);
		Config config = new Config();
		config.useSingleServer().setAddress(TestRedis.shared().url());
		redis = Redisson.create(config);
		try {
			workspace = Files.createTempDirectory("trellis-workspace");
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}

		Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		logs.start();
		root.addAppender(logs);

		context = new AnnotationConfigApplicationContext();
		Map<String, Object> props = new LinkedHashMap<>();
		props.put("trellis.secrets.openai-key", SECRET);
		props.put("trellis.secrets.anthropic-key", SECRET);
		props.put("trellis.tools.workspace", workspace.toString());
		props.put("trellis.llm.heartbeat-interval", "1s");
		props.putAll(extraProperties);
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", props));
		context.registerBean(JdbcTemplate.class, () -> jdbc);
		context.registerBean(RedissonClient.class, () -> redis);
		context.registerBean("agentEventSink", AgentEventSink.class, () -> events);
		context.register(ActivitiesAutoConfiguration.class);
		context.refresh();

		env = TestWorkflowEnvironment.newInstance();
		register(env.newWorker(TaskQueues.MAIN));
		env.start();
	}

	private void register(Worker worker) {
		worker.registerWorkflowImplementationTypes(AgentWorkflowImpl.class);
		context.getBeansOfType(WorkerContribution.class).values().forEach(c -> c.register(worker));
	}


	public AgentRuntime() {
		this(Map.of());
	}

	/** Runs an agent node and returns its result; the workflow id is {@code agent-<n>}. */
	public AgentResult run(AgentRequest request) {
		return stub(request.runId()).run(request);
	}

	public AgentWorkflow stub(String runId) {
		return env.getWorkflowClient()
			.newWorkflowStub(AgentWorkflow.class,
					WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.MAIN).setWorkflowId("agent-" + runId).build());
	}

	public static String newRunId() {
		return "run" + RUNS.incrementAndGet();
	}

	/**
	 * The whole history of the agent workflow of a run, as JSON followed by every payload decoded:
	 * history JSON carries payloads base64-encoded, and a search must see what they hold.
	 */
	public String historyText(String runId) {
		String json = env.getWorkflowClient().fetchHistory("agent-" + runId).toJson(true);
		StringBuilder out = new StringBuilder(json).append('\n');
		// The JSON printer escapes base64 padding as \u003d; undone here, or every padded payload
		// would go unsearched.
		Matcher m = Pattern.compile("\"data\": \"([A-Za-z0-9+/=]+)\"").matcher(json.replace("\\u003d", "="));
		while (m.find()) {
			out.append(new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8)).append('\n');
		}
		return out.toString();
	}

	/** Every captured log line, with stack traces, at any level. */
	public String logText() {
		StringBuilder sb = new StringBuilder();
		for (ILoggingEvent e : new ArrayList<>(logs.list)) {
			sb.append(e.getFormattedMessage()).append('\n');
			if (e.getThrowableProxy() != null) {
				sb.append(ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
			}
		}
		return sb.toString();
	}

	/** Turns on debug logging for the libraries that touch requests, so the secret test sees everything. */
	public static void debugLogging() {
		for (String name : List.of("org.springframework.ai", "org.springframework.web", "dev.trellis",
				"io.temporal", "reactor.netty", "jdk.internal.httpclient")) {
			((Logger) LoggerFactory.getLogger(name)).setLevel(Level.DEBUG);
		}
	}

	// ---- entities

	public static EntityVersion entity(String kind, String name, JsonNode spec) {
		return new EntityVersion(kind, name, 1, "sha256:" + name, spec);
	}

	public static JsonNode json(String text) {
		try {
			return JSON.readTree(text);
		}
		catch (Exception e) {
			throw new IllegalArgumentException(text, e);
		}
	}

	public static EntityVersion openAiModel(ScriptedProvider stub) {
		return entity("models", "gpt", json("""
				{"provider": "openai", "model": "gpt-stub", "baseUrl": "%s/v1", "apiKey": "secret://openai-key",
				 "temperature": 0.2, "maxTokens": 256, "pricing": {"inputPer1k": 0.5, "outputPer1k": 1.5}}
				""".formatted(stub.url())));
	}

	public static EntityVersion anthropicModel(ScriptedProvider stub) {
		return entity("models", "claude", json("""
				{"provider": "anthropic", "model": "claude-stub", "baseUrl": "%s", "apiKey": "secret://anthropic-key",
				 "maxTokens": 256, "pricing": {"inputPer1k": 3.0, "outputPer1k": 15.0}}
				""".formatted(stub.url())));
	}

	public static final EntityVersion CALCULATOR = entity("tools", "calculator", json("""
			{"description": "Evaluates an arithmetic expression", "permission": "read", "implementation": "builtin:calculator",
			 "parameters": {"type": "object", "properties": {"expression": {"type": "string"}},
			                "required": ["expression"], "additionalProperties": false}}
			"""));

	public static final EntityVersion CURRENT_TIME = entity("tools", "current_time", json("""
			{"description": "The current time", "permission": "read", "implementation": "builtin:current_time",
			 "parameters": {"type": "object", "properties": {"timezone": {"type": "string"}}}}
			"""));

	public static final EntityVersion PROMPT = entity("prompts", "careful",
			json("{\"template\": \"You are a careful assistant. Use tools when they help.\"}"));

	/**
	 * A request for an agent on the given model with the given tools and extra agent spec fields
	 * (e.g. {@code "maxSteps": 3}).
	 */
	public static AgentRequest request(String runId, EntityVersion model, String prompt, String sessionId,
			String agentFields, List<EntityVersion> tools, EntityVersion... more) {
		ObjectNode spec = (ObjectNode) json("{" + agentFields + "}");
		spec.set("model", ref(model));
		spec.set("systemPrompt", ref(PROMPT));
		ArrayNode toolRefs = spec.putArray("tools");
		Map<String, EntityVersion> entities = new LinkedHashMap<>();
		entities.put(model.key(), model);
		entities.put(PROMPT.key(), PROMPT);
		for (EntityVersion t : tools) {
			toolRefs.add(ref(t));
			entities.put(t.key(), t);
		}
		for (EntityVersion e : more) {
			entities.put(e.key(), e);
		}
		EntityVersion agent = entity("agents", "assistant", spec);
		return new AgentRequest(runId, "answer", agent, entities, prompt, sessionId, json("{}"));
	}

	/** The application failure under a workflow or activity failure: its type and message are what a node reports. */
	public static ApplicationFailure applicationFailure(Throwable thrown) {
		for (Throwable t = thrown; t != null; t = t.getCause()) {
			if (t instanceof ApplicationFailure a) {
				return a;
			}
		}
		throw new AssertionError("no ApplicationFailure in " + thrown);
	}

	public static ObjectNode ref(EntityVersion e) {
		return JSON.createObjectNode().put("name", e.name()).put("version", e.version());
	}

	@Override
	public void close() {
		env.close();
		context.close();
		redis.shutdown();
		Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		root.detachAppender(logs);
	}

}
