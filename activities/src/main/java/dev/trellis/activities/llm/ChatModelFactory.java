package dev.trellis.activities.llm;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;

import dev.trellis.workflows.api.ToolSpec;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.ai.anthropic.AnthropicChatModel;
import org.springframework.ai.anthropic.AnthropicChatOptions;
import org.springframework.ai.anthropic.api.AnthropicApi;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.model.NoopApiKey;
import org.springframework.ai.model.SimpleApiKey;
import org.springframework.ai.ollama.OllamaChatModel;
import org.springframework.ai.ollama.api.OllamaApi;
import org.springframework.ai.ollama.api.OllamaChatOptions;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.api.OpenAiApi;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.retry.support.RetryTemplate;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;

/**
 * Builds the Spring AI {@link ChatModel} a pinned model entity describes, for one call. Provider
 * retries are off (a single-attempt {@link RetryTemplate}): Temporal retries the whole activity
 * with backoff, so a retry is visible in history and never doubles up. One JDK HTTP client is
 * shared by all calls for connection reuse.
 */
class ChatModelFactory {

	static final String DEFAULT_ANTHROPIC_URL = "https://api.anthropic.com";

	static final String DEFAULT_OPENAI_URL = "https://api.openai.com";

	static final String DEFAULT_OLLAMA_URL = "http://localhost:11434";

	/** Anthropic requires max_tokens; this is used when the entity sets none. */
	static final int DEFAULT_ANTHROPIC_MAX_TOKENS = 1024;

	private static final RetryTemplate NO_RETRY = RetryTemplate.builder().maxAttempts(1).build();

	private final HttpClient http;

	private final LocalModelEngine local;

	private final LocalModelProperties localProperties;

	ChatModelFactory(LlmProperties properties, LocalModelEngine local, LocalModelProperties localProperties) {
		this.http = HttpClient.newBuilder()
			.connectTimeout(properties.connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		this.local = local;
		this.localProperties = localProperties;
	}

	/** A chat model and the per-call options (model, sampling, tools offered, no internal tool execution). */
	record Prepared(ChatModel model, ChatOptions options) {
	}

	Prepared create(ModelSpec spec, String apiKey, List<ToolSpec> tools) {
		List<ToolCallback> callbacks = tools.stream().map(ChatModelFactory::callback).toList();
		return switch (spec.provider()) {
			case "openai" -> openAi(spec, apiKey, callbacks);
			case "anthropic" -> anthropic(spec, apiKey, callbacks);
			case "ollama" -> ollama(spec, callbacks);
			case "local" -> new Prepared(new LocalChatModel(local),
					LocalChatModel.options(spec.maxTokens() != null ? spec.maxTokens() : localProperties.maxTokens(),
							spec.temperature(), callbacks));
			default -> throw new IllegalArgumentException("unknown provider '" + spec.provider()
					+ "' in model " + spec.entity() + ": use openai, anthropic, ollama or local");
		};
	}

	private Prepared openAi(ModelSpec spec, String apiKey, List<ToolCallback> callbacks) {
		String base = spec.baseUrl() != null ? trimSlash(spec.baseUrl()) : DEFAULT_OPENAI_URL;
		// Entities usually give the base URL with its /v1 (as OpenAI-compatible servers document it).
		String path = "/v1/chat/completions";
		if (URI.create(base).getPath().endsWith("/v1")) {
			path = "/chat/completions";
		}
		OpenAiApi api = OpenAiApi.builder()
			.baseUrl(base)
			.completionsPath(path)
			.apiKey(apiKey == null ? new NoopApiKey() : new SimpleApiKey(apiKey))
			.restClientBuilder(restClient())
			.webClientBuilder(webClient())
			.build();
		OpenAiChatOptions options = OpenAiChatOptions.builder()
			.model(spec.model())
			.temperature(spec.temperature())
			.maxTokens(spec.maxTokens())
			.streamUsage(true)
			.toolCallbacks(callbacks)
			.internalToolExecutionEnabled(false)
			.build();
		return new Prepared(OpenAiChatModel.builder()
			.openAiApi(api)
			.defaultOptions(options)
			.retryTemplate(NO_RETRY)
			.observationRegistry(ObservationRegistry.NOOP)
			.build(), options);
	}

	private Prepared anthropic(ModelSpec spec, String apiKey, List<ToolCallback> callbacks) {
		AnthropicApi api = AnthropicApi.builder()
			.baseUrl(spec.baseUrl() != null ? trimSlash(spec.baseUrl()) : DEFAULT_ANTHROPIC_URL)
			.apiKey(apiKey == null ? new NoopApiKey() : new SimpleApiKey(apiKey))
			.restClientBuilder(restClient())
			.webClientBuilder(webClient())
			.build();
		AnthropicChatOptions options = AnthropicChatOptions.builder()
			.model(spec.model())
			.temperature(spec.temperature())
			.maxTokens(spec.maxTokens() != null ? spec.maxTokens() : DEFAULT_ANTHROPIC_MAX_TOKENS)
			.toolCallbacks(callbacks)
			.internalToolExecutionEnabled(false)
			.build();
		return new Prepared(AnthropicChatModel.builder()
			.anthropicApi(api)
			.defaultOptions(options)
			.retryTemplate(NO_RETRY)
			.observationRegistry(ObservationRegistry.NOOP)
			.build(), options);
	}

	private Prepared ollama(ModelSpec spec, List<ToolCallback> callbacks) {
		OllamaApi api = OllamaApi.builder()
			.baseUrl(spec.baseUrl() != null ? trimSlash(spec.baseUrl()) : DEFAULT_OLLAMA_URL)
			.restClientBuilder(restClient())
			.webClientBuilder(webClient())
			.build();
		OllamaChatOptions options = OllamaChatOptions.builder()
			.model(spec.model())
			.temperature(spec.temperature())
			.numPredict(spec.maxTokens())
			.toolCallbacks(callbacks)
			.internalToolExecutionEnabled(false)
			.build();
		return new Prepared(OllamaChatModel.builder()
			.ollamaApi(api)
			.defaultOptions(options)
			.retryTemplate(NO_RETRY)
			.observationRegistry(ObservationRegistry.NOOP)
			.build(), options);
	}

	private RestClient.Builder restClient() {
		return RestClient.builder().requestFactory(new JdkClientHttpRequestFactory(http));
	}

	/**
	 * Streaming goes through WebClient. Error statuses become {@link WebClientResponseException}s
	 * here, before a provider client's own handler wraps them: the exception keeps the status, the
	 * body and the headers ({@code Retry-After}) that classification needs, for every provider alike.
	 */
	private WebClient.Builder webClient() {
		return WebClient.builder()
			.clientConnector(new JdkClientHttpConnector(http))
			.filter(ExchangeFilterFunction.ofResponseProcessor(response -> response.statusCode().isError()
					? response.createException().flatMap(Mono::error) : Mono.just(response)));
	}

	private static ToolCallback callback(ToolSpec tool) {
		String schema = tool.parameters() == null || tool.parameters().isMissingNode() || tool.parameters().isNull()
				? "{\"type\":\"object\",\"properties\":{}}" : tool.parameters().toString();
		return new ToolDefinitionCallback(ToolDefinition.builder()
			.name(tool.name())
			.description(tool.description() == null || tool.description().isBlank() ? tool.name() : tool.description())
			.inputSchema(schema)
			.build());
	}

	private static String trimSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

}
