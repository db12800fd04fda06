package dev.trellis.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;

import javax.net.ServerSocketFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A scripted OpenAI-compatible model ({@code POST /v1/chat/completions}) with a fixed latency: it asks
 * for the first offered tool until the conversation holds {@code toolRounds} tool results, then
 * answers. It runs as its own process ({@link LlmStub} starts it) so that its thousand connection
 * threads are not counted as the worker's threads or heap. It stops when its stdin closes.
 *
 * <pre>{@code
 * java -cp <classpath> dev.trellis.bench.LlmStubServer <latencyMs> <toolRounds>   # prints port=<n>
 * }</pre>
 */
public final class LlmStubServer {

	/** MockWebServer binds with a backlog of 50; a thousand runs connecting at once would overflow it. */
	private static final int BACKLOG = 4096;

	private static final ObjectMapper JSON = new ObjectMapper();

	private LlmStubServer() {
	}

	public static void main(String[] args) throws IOException {
		long latencyMs = Long.parseLong(args[0]);
		int toolRounds = Integer.parseInt(args[1]);
		MockWebServer server = new MockWebServer();
		server.setServerSocketFactory(new WideBacklog());
		server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return new MockResponse.Builder().code(200)
					.addHeader("Content-Type", "application/json")
					.body(reply(request, toolRounds).toString())
					.headersDelay(latencyMs, TimeUnit.MILLISECONDS)
					.build();
			}
		});
		server.start(InetAddress.getLoopbackAddress(), 0);
		System.out.println("port=" + server.getPort());
		System.out.flush();
		while (System.in.read() != -1) {
			// Nothing is sent on stdin; end of input means the benchmark is done with the stub.
		}
		server.close();
	}

	private static ObjectNode reply(RecordedRequest request, int toolRounds) {
		JsonNode body;
		try {
			body = JSON.readTree(request.getBody() == null ? "{}" : request.getBody().utf8());
		}
		catch (IOException e) {
			body = JSON.createObjectNode();
		}
		int toolResults = 0;
		for (JsonNode message : body.path("messages")) {
			if ("tool".equals(message.path("role").asText())) {
				toolResults++;
			}
		}
		ObjectNode reply = JSON.createObjectNode().put("id", "chatcmpl-bench").put("object", "chat.completion")
			.put("model", body.path("model").asText("stub"));
		ObjectNode choice = reply.putArray("choices").addObject().put("index", 0);
		ObjectNode message = choice.putObject("message").put("role", "assistant");
		String tool = body.path("tools").path(0).path("function").path("name").asText("");
		if (toolResults < toolRounds && !tool.isEmpty()) {
			message.putNull("content");
			ObjectNode call = message.putArray("tool_calls").addObject().put("id", "call_" + (toolResults + 1))
				.put("type", "function");
			call.putObject("function").put("name", tool).put("arguments", "{\"step\":" + (toolResults + 1) + "}");
			choice.put("finish_reason", "tool_calls");
		}
		else {
			message.put("content", "The answer, after " + toolResults + " lookups.");
			choice.put("finish_reason", "stop");
		}
		reply.putObject("usage").put("prompt_tokens", 40).put("completion_tokens", 10).put("total_tokens", 50);
		return reply;
	}

	private static final class WideBacklog extends ServerSocketFactory {

		@Override
		public ServerSocket createServerSocket() throws IOException {
			return new ServerSocket() {
				@Override
				public void bind(SocketAddress endpoint, int backlog) throws IOException {
					super.bind(endpoint, Math.max(backlog, BACKLOG));
				}
			};
		}

		@Override
		public ServerSocket createServerSocket(int port) throws IOException {
			return new ServerSocket(port, BACKLOG);
		}

		@Override
		public ServerSocket createServerSocket(int port, int backlog) throws IOException {
			return new ServerSocket(port, Math.max(backlog, BACKLOG));
		}

		@Override
		public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
			return new ServerSocket(port, Math.max(backlog, BACKLOG), address);
		}

	}

}
