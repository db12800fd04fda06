package dev.trellis.activities.tools;

import java.net.InetAddress;
import java.time.Clock;
import java.util.List;

import dev.trellis.activities.events.AgentEventSink;
import dev.trellis.activities.resilience.CircuitBreakers;
import dev.trellis.activities.secrets.SecretResolver;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import dev.trellis.temporal.ConditionalOnRole;
import dev.trellis.temporal.TrellisRole;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The tool-call activity, the built-in tools and the sandbox they run in. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRole(TrellisRole.WORKER)
@EnableConfigurationProperties(ToolsProperties.class)
public class ToolsConfiguration {

	@Bean
	SsrfGuard ssrfGuard(ToolsProperties properties) {
		return new SsrfGuard(properties.http().allowedHosts(), properties.http().allowPrivateHosts(),
				InetAddress::getAllByName);
	}

	@Bean
	HttpFetcher toolHttpFetcher(ToolsProperties properties) {
		return new HttpFetcher(properties.http().timeout());
	}

	@Bean
	Workspace toolWorkspace(ToolsProperties properties) {
		return new Workspace(properties.workspace());
	}

	@Bean
	CalculatorTool calculatorTool() {
		return new CalculatorTool();
	}

	@Bean
	CurrentTimeTool currentTimeTool(Clock clock) {
		return new CurrentTimeTool(clock);
	}

	@Bean
	HttpRequestTool httpRequestTool(HttpFetcher fetcher, SsrfGuard guard, ToolsProperties properties) {
		return new HttpRequestTool(fetcher, guard, properties.http());
	}

	@Bean
	ReadFileTool readFileTool(Workspace workspace, ToolsProperties properties) {
		return new ReadFileTool(workspace, properties.files().maxBytes());
	}

	@Bean
	WriteFileTool writeFileTool(Workspace workspace, ToolsProperties properties) {
		return new WriteFileTool(workspace, properties.files().maxBytes());
	}

	@Bean
	SearchWebTool searchWebTool(HttpFetcher fetcher, ToolsProperties properties, SecretResolver secrets) {
		return new SearchWebTool(fetcher, properties.search(), properties.http(), secrets);
	}

	@Bean(destroyMethod = "close")
	McpToolRunner mcpToolRunner(ToolsProperties properties) {
		return new McpToolRunner(properties.mcp(), new ArgumentValidator());
	}

	@Bean
	ToolActivitiesImpl toolActivities(List<BuiltinTool> builtins, HttpFetcher fetcher, SsrfGuard guard,
			ToolsProperties properties, SecretResolver secrets, McpToolRunner mcp, JdbcTemplate jdbc, AgentEventSink sink,
			Clock clock, CircuitBreakers breakers) {
		return new ToolActivitiesImpl(builtins, new HttpToolRunner(fetcher, guard, properties.http(), secrets), mcp,
				new ArgumentValidator(), new OutputSanitizer(properties.maxOutputChars()), new BlobStore(jdbc), sink,
				clock, breakers);
	}

}
