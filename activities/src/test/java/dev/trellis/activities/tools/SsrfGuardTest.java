package dev.trellis.activities.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/** http_request may reach allowed public hosts only: every resolved address and every redirect is checked. */
class SsrfGuardTest {

	/** A fake DNS: names map to fixed addresses, so tests never leave the machine. */
	private static SsrfGuard.Resolver dns(Map<String, String> names) {
		return host -> {
			String ip = names.get(host);
			if (ip == null) {
				throw new UnknownHostException(host);
			}
			return new InetAddress[] { InetAddress.getByName(ip) };
		};
	}

	private final SsrfGuard guard = new SsrfGuard(List.of("api.example.com", "*.docs.example.com", "rebind.example.com"),
			List.of(), dns(Map.of("api.example.com", "93.184.216.34", "eu.docs.example.com", "93.184.216.35",
					"rebind.example.com", "10.0.0.7")));

	@Test
	void allowsListedPublicHosts() {
		assertThatCode(() -> guard.check(URI.create("https://api.example.com/v1/items"))).doesNotThrowAnyException();
		assertThatCode(() -> guard.check(URI.create("https://eu.docs.example.com/x"))).doesNotThrowAnyException();
	}

	@Test
	void refusesHostsOffTheAllowlistAndOtherSchemes() {
		assertThatThrownBy(() -> guard.check(URI.create("https://evil.example.net/"))).hasMessageContaining("allowlist");
		assertThatThrownBy(() -> guard.check(URI.create("file:///etc/passwd"))).hasMessageContaining("only http and https");
		assertThatThrownBy(() -> guard.check(URI.create("ftp://api.example.com/"))).hasMessageContaining("only http and https");
	}

	@Test
	void refusesAnAllowedNameThatResolvesToAPrivateAddress() {
		assertThatThrownBy(() -> guard.check(URI.create("http://rebind.example.com/"))).isInstanceOf(ToolRefusal.class)
			.hasMessageContaining("10.0.0.7");
	}

	@Test
	void classifiesInternalAddresses() throws Exception {
		for (String ip : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
				"0.0.0.0", "::1", "fe80::1", "fd00:ec2::254", "::ffff:127.0.0.1", "224.0.0.1")) {
			assertThat(SsrfGuard.isInternal(InetAddress.getByName(ip))).as(ip).isTrue();
		}
		for (String ip : List.of("93.184.216.34", "8.8.8.8", "2606:4700:4700::1111")) {
			assertThat(SsrfGuard.isInternal(InetAddress.getByName(ip))).as(ip).isFalse();
		}
	}

	@Test
	void httpRequestToolBlocksLoopbackUnlessAllowedAndChecksRedirects() throws Exception {
		try (MockWebServer server = new MockWebServer()) {
			server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
				.body("{\"ok\": true}").build());
			server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", "http://169.254.169.254/latest/meta-data/")
				.build());
			server.start();
			String url = "http://127.0.0.1:" + server.getPort() + "/data";
			ToolsProperties.Http limits = new ToolsProperties.Http(List.of("*"), List.of(), Duration.ofSeconds(5), 1000, 3);
			HttpFetcher fetcher = new HttpFetcher(Duration.ofSeconds(2));
			JsonNode args = new ObjectMapper().createObjectNode().put("url", url);

			HttpRequestTool blocked = new HttpRequestTool(fetcher, new SsrfGuard(List.of("*"), List.of(), InetAddress::getAllByName),
					limits);
			assertThatThrownBy(() -> blocked.run(args, Duration.ofSeconds(5))).isInstanceOf(ToolRefusal.class)
				.hasMessageContaining("127.0.0.1");
			assertThat(server.getRequestCount()).isZero();

			HttpRequestTool allowed = new HttpRequestTool(fetcher,
					new SsrfGuard(List.of("*"), List.of("127.0.0.1"), InetAddress::getAllByName), limits);
			JsonNode ok = allowed.run(args, Duration.ofSeconds(5));
			assertThat(ok.path("status").asInt()).isEqualTo(200);
			assertThat(ok.path("body").path("ok").asBoolean()).isTrue();

			assertThatThrownBy(() -> allowed.run(args, Duration.ofSeconds(5))).isInstanceOf(ToolRefusal.class)
				.hasMessageContaining("169.254.169.254");
		}
	}

	@Test
	void responsesAreCutAtTheSizeLimit() throws Exception {
		try (MockWebServer server = new MockWebServer()) {
			server.enqueue(new MockResponse.Builder().code(200).body("x".repeat(5000)).build());
			server.start();
			ToolsProperties.Http limits = new ToolsProperties.Http(List.of("*"), List.of("127.0.0.1"), Duration.ofSeconds(5),
					100, 3);
			HttpRequestTool tool = new HttpRequestTool(new HttpFetcher(Duration.ofSeconds(2)),
					new SsrfGuard(limits.allowedHosts(), limits.allowPrivateHosts(), InetAddress::getAllByName), limits);
			JsonNode out = tool.run(new ObjectMapper().createObjectNode().put("url", "http://127.0.0.1:" + server.getPort()),
					Duration.ofSeconds(5));
			assertThat(out.path("body").asText()).hasSize(100);
			assertThat(out.path("truncated").asBoolean()).isTrue();
		}
	}

}
